import Testing

@testable import Octet

/// Every validation path of the conv family, fed the bad input it guards against.
@Suite("Convolution errors")
struct ConvErrorTests {
    static let q = QuantParams(scale: 0.1, zeroPoint: 0)

    static func convPlan(
        input: ActivationShape = .nhwc(1, 5, 5, 4), filter: FilterShape = FilterShape(outputChannels: 6, height: 3, width: 3, inputChannels: 4),
        weightCount: Int? = nil, scales: [Float] = [0.01], bias: [Int32]? = nil, groups: Int = 1
    ) -> KernelError? {
        let w = [Int8](repeating: 1, count: weightCount ?? filter.elementCount)
        do {
            _ = try w.withUnsafeBufferPointer { wp in
                try scales.withUnsafeBufferPointer { sp in
                    try (bias ?? []).withUnsafeBufferPointer { bp in
                        try Conv2DPlan(input: input, inputQuantization: q, filter: filter, weights: wp, filterScales: sp,
                                       bias: bias == nil ? nil : bp, outputQuantization: q,
                                       parameters: Conv2DParameters(stride: Spatial(1, 1), groups: groups))
                    }
                }
            }
        } catch let error as KernelError {
            #expect(!error.description.isEmpty)
            return error
        } catch {
            Issue.record("untyped \(error)")
        }
        return nil
    }

    @Test("Channel mismatch, groups not dividing, filter shape, weights buffer")
    func shapes() {
        #expect(Self.convPlan() == nil)
        #expect(Self.convPlan(input: .nhwc(1, 5, 5, 5)) == .channelMismatch(expected: 4, actual: 5))
        #expect(Self.convPlan(filter: FilterShape(outputChannels: 6, height: 3, width: 3, inputChannels: 2), groups: 4)
                == .groupsMismatch(inputChannels: 4, outputChannels: 6, groups: 4))
        #expect(Self.convPlan(groups: 0) == .groupsMismatch(inputChannels: 4, outputChannels: 6, groups: 0))
        #expect(Self.convPlan(filter: FilterShape(outputChannels: 6, height: 0, width: 3, inputChannels: 4))
                == .invalidFilterShape(FilterShape(outputChannels: 6, height: 0, width: 3, inputChannels: 4)))
        #expect(Self.convPlan(weightCount: 10) == .bufferTooSmall(.filter, required: 216, actual: 10))
        #expect(Self.convPlan(input: .ndhwc(1, 2, 5, 5, 4)) == .rankMismatch(expected: 2, actual: 3))
    }

    @Test("Bias length, scale count, zero or negative scales, accumulator bound")
    func quantization() {
        #expect(Self.convPlan(bias: [1, 2, 3]) == .biasLength(expected: 6, actual: 3))
        #expect(Self.convPlan(scales: [0.1, 0.2]) == .scaleCount(expected: 6, actual: 2))
        #expect(Self.convPlan(scales: [0.1, 0.1, 0, 0.1, 0.1, 0.1]) == .invalidFilterScale(channel: 2, scale: 0))
        #expect(Self.convPlan(scales: [-1]) == .invalidFilterScale(channel: 0, scale: -1))
        #expect(Self.convPlan(scales: [.nan]) != nil)
        let big = FilterShape(outputChannels: 1, height: 3, width: 3, inputChannels: 7282)  // 65538 taps
        #expect(Self.convPlan(input: .nhwc(1, 3, 3, 7282), filter: big) == .accumulatorOverflow(taps: 65538, limit: 65536))
    }

    @Test("Depthwise multiplier and channels; fully connected sizes; add shapes")
    func others() throws {
        let w = [Int8](repeating: 1, count: 64)
        func depthwise(_ m: Int, channels: Int) -> KernelError? {
            do {
                _ = try w.withUnsafeBufferPointer { wp in
                    try [Float(0.1)].withUnsafeBufferPointer { sp in
                        try DepthwiseConv2DPlan(input: .nhwc(1, 4, 4, 3), inputQuantization: Self.q,
                                                filter: FilterShape(outputChannels: 1, height: 2, width: 2, inputChannels: channels),
                                                depthMultiplier: m, weights: wp, filterScales: sp, bias: nil,
                                                outputQuantization: Self.q, parameters: Conv2DParameters(stride: Spatial(1, 1)))
                    }
                }
            } catch let error as KernelError { return error } catch { Issue.record("untyped \(error)") }
            return nil
        }
        #expect(depthwise(2, channels: 6) == nil)
        #expect(depthwise(0, channels: 6) == .unsupported(.depthMultiplier, value: 0))
        #expect(depthwise(2, channels: 5) == .groupsMismatch(inputChannels: 3, outputChannels: 5, groups: 3))
        #expect(throws: KernelError.biasLength(expected: 4, actual: 1)) {
            try w.withUnsafeBufferPointer { wp in
                try [Float(0.1)].withUnsafeBufferPointer { sp in
                    try [Int32(0)].withUnsafeBufferPointer { bp in
                        _ = try FullyConnectedPlan(inputFeatures: 8, outputFeatures: 4, inputQuantization: Self.q, weights: wp,
                                                   filterScales: sp, bias: bp, outputQuantization: Self.q)
                    }
                }
            }
        }
        #expect(throws: KernelError.accumulatorOverflow(taps: 70000, limit: 65536)) {
            try w.withUnsafeBufferPointer { wp in
                try [Float(0.1)].withUnsafeBufferPointer { sp in
                    _ = try FullyConnectedPlan(inputFeatures: 70000, outputFeatures: 1, inputQuantization: Self.q, weights: wp,
                                               filterScales: sp, bias: nil, outputQuantization: Self.q)
                }
            }
        }
        var y = [Int8](repeating: 55, count: 4)
        #expect(throws: KernelError.shapeMismatch(.input2, expected: .nwc(1, 4, 1), actual: .nwc(1, 2, 2))) {
            try w.withUnsafeBufferPointer { wp in
                try y.withUnsafeMutableBufferPointer { yp in
                    try add(Tensor(UnsafeBufferPointer(rebasing: wp[0..<4]), shape: .nwc(1, 4, 1), quantization: Self.q),
                            Tensor(UnsafeBufferPointer(rebasing: wp[0..<4]), shape: .nwc(1, 2, 2), quantization: Self.q),
                            into: MutableTensor(yp, shape: .nwc(1, 4, 1), quantization: Self.q))
                }
            }
        }
        #expect(y == [55, 55, 55, 55])
        #expect(throws: KernelError.unsupported(.concatInputs, value: 0)) {
            try y.withUnsafeMutableBufferPointer { yp in
                try concatenateChannels(UnsafeBufferPointer<Tensor<Int8>>(start: nil, count: 0), into: MutableTensor(yp, shape: .nwc(1, 4, 1)))
            }
        }
    }
}
