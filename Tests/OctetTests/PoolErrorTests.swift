import Testing

@testable import Octet

/// Every validation path of the pooling kernels, fed the bad input it guards against; each checks
/// the typed error (and that its message names the problem) and that no output was written.
@Suite("Pool errors")
struct PoolErrorTests {
    static let q = QuantParams(scale: 0.1, zeroPoint: 0)

    /// Max pool on a zeroed 1×6×6×3 input into a buffer of `outputCount` (sentinel 55).
    static func maxPoolError(
        _ p: PoolParameters, input: ActivationShape = .nhwc(1, 6, 6, 3), output: ActivationShape? = nil,
        outputCount: Int? = nil, indices: (ActivationShape, Int)? = nil, outputQuant: QuantParams = q
    ) -> KernelError? {
        let x = [Int8](repeating: 0, count: max(input.elementCount, 0))
        let outShape = output ?? ((try? PoolPlan(input: input, parameters: p))?.output ?? .nhwc(1, 1, 1, 3))
        var y = [Int8](repeating: 55, count: outputCount ?? outShape.elementCount)
        var idx = [Int32](repeating: 55, count: indices?.1 ?? 0)
        do {
            try x.withUnsafeBufferPointer { xp in
                try y.withUnsafeMutableBufferPointer { yp in
                    try idx.withUnsafeMutableBufferPointer { ip in
                        try maxPool(Tensor(xp, shape: input, quantization: q), into: MutableTensor(yp, shape: outShape, quantization: outputQuant),
                                    indices: indices.map { MutableTensor(ip, shape: $0.0) }, parameters: p)
                    }
                }
            }
        } catch let error as KernelError {
            #expect(y.allSatisfy { $0 == 55 } && idx.allSatisfy { $0 == 55 }, "output written before \(error)")
            #expect(!error.description.isEmpty)
            return error
        } catch {
            Issue.record("untyped error \(error)")
        }
        return nil
    }

    @Test("Window, stride and dilation below 1")
    func nonPositive() {
        #expect(Self.maxPoolError(PoolParameters(window: Spatial(0, 2))) == .invalidWindow(axis: 1, value: 0))
        #expect(Self.maxPoolError(PoolParameters(window: Spatial(2, 2), stride: Spatial(1, 0))) == .invalidStride(axis: 2, value: 0))
        #expect(Self.maxPoolError(PoolParameters(window: Spatial(2, 2), dilation: Spatial(0, 1))) == .invalidDilation(axis: 1, value: 0))
        #expect(Self.maxPoolError(PoolParameters(window: Spatial(2, -1))) == .invalidWindow(axis: 2, value: -1))
    }

    @Test("Padding not smaller than the window extent, or negative")
    func padding() {
        #expect(Self.maxPoolError(PoolParameters(window: Spatial(2, 2), padding: .symmetric(Spatial(2, 0))))
                == .invalidPadding(axis: 1, begin: 2, end: 2, windowExtent: 2))
        #expect(Self.maxPoolError(PoolParameters(window: Spatial(3, 3), padding: .explicit(begin: Spatial(0, -1), end: Spatial(0, 0))))
                == .invalidPadding(axis: 2, begin: -1, end: 0, windowExtent: 3))
        // Dilation widens the extent: window 2 dilation 3 has extent 4, so padding 3 is allowed…
        #expect(Self.maxPoolError(PoolParameters(window: Spatial(2, 2), dilation: Spatial(3, 3), padding: .symmetric(Spatial(3, 3)))) == nil)
        // …but on a 1-wide input every tap of the first window falls in padding.
        #expect(Self.maxPoolError(PoolParameters(window: Spatial(2), dilation: Spatial(3), padding: .symmetric(Spatial(2))), input: .nwc(1, 1, 3))
                == .emptyWindow(axis: 2, outputIndex: 0))
    }

    @Test("Input smaller than the window; rank mismatch; malformed shapes")
    func shapes() {
        #expect(Self.maxPoolError(PoolParameters(window: Spatial(7, 2))) == .emptyOutput(axis: 1, inputExtent: 6, windowExtent: 7))
        #expect(Self.maxPoolError(PoolParameters(window: Spatial(2))) == .rankMismatch(expected: 2, actual: 1))
        #expect(Self.maxPoolError(PoolParameters(window: Spatial(2, 2), stride: Spatial(1, 1, 1))) == .rankMismatch(expected: 2, actual: 3))
        #expect(Self.maxPoolError(PoolParameters(window: Spatial(1, 1)), input: .nhwc(1, 6, 0, 3), output: .nhwc(1, 1, 1, 3))
                == .malformedShape(.input, .nhwc(1, 6, 0, 3)))
        // Extents whose product overflows Int are malformed, not a trap.
        let huge = ActivationShape.nhwc(1 << 40, 1 << 20, 1 << 20, 3)
        #expect(!huge.isWellFormed)
        #expect(throws: KernelError.malformedShape(.input, huge)) {
            try PoolPlan(input: huge, parameters: PoolParameters(window: Spatial(1, 1)))
        }
    }

    @Test("Output and indices shape mismatch or buffer too small; channel mismatch")
    func buffers() {
        let p = PoolParameters(window: Spatial(2, 2), stride: Spatial(2, 2))
        #expect(Self.maxPoolError(p, output: .nhwc(1, 3, 3, 4)) == .shapeMismatch(.output, expected: .nhwc(1, 3, 3, 3), actual: .nhwc(1, 3, 3, 4)))
        #expect(Self.maxPoolError(p, outputCount: 26) == .bufferTooSmall(.output, required: 27, actual: 26))
        #expect(Self.maxPoolError(p, indices: (.nhwc(1, 3, 3, 3), 20)) == .bufferTooSmall(.indices, required: 27, actual: 20))
        #expect(Self.maxPoolError(p, indices: (.nhwc(1, 3, 2, 3), 27)) == .shapeMismatch(.indices, expected: .nhwc(1, 3, 3, 3), actual: .nhwc(1, 3, 2, 3)))
    }

    @Test("Quantization: invalid, or different on input and output where it must be equal")
    func quantization() {
        let p = PoolParameters(window: Spatial(2, 2))
        let other = QuantParams(scale: 0.2, zeroPoint: 0)
        #expect(Self.maxPoolError(p, outputQuant: other) == .quantizationMismatch(input: Self.q, output: other))
        var y = [Int8](repeating: 55, count: 3)
        let bad = QuantParams(scale: 0.1, zeroPoint: 200)
        #expect(throws: KernelError.invalidQuantization(.output, scale: 0.1, zeroPoint: 200)) {
            try [Int8](repeating: 0, count: 12).withUnsafeBufferPointer { xp in
                try y.withUnsafeMutableBufferPointer { yp in
                    try globalAveragePool(Tensor(xp, shape: .nwc(1, 4, 3), quantization: Self.q), into: MutableTensor(yp, shape: .nwc(1, 1, 3), quantization: bad))
                }
            }
        }
        #expect(throws: KernelError.invalidQuantization(.input, scale: 0, zeroPoint: 0)) {
            try [Int8](repeating: 0, count: 12).withUnsafeBufferPointer { xp in
                try y.withUnsafeMutableBufferPointer { yp in
                    try globalAveragePool(Tensor(xp, shape: .nwc(1, 4, 3), quantization: QuantParams(scale: 0, zeroPoint: 0)),
                                          into: MutableTensor(yp, shape: .nwc(1, 1, 3), quantization: Self.q))
                }
            }
        }
        #expect(y == [55, 55, 55])
    }

    @Test("Family-specific parameters: Lp p, pyramid levels, blur stride and reflect extent, adaptive extent, huge average windows")
    func familyParameters() {
        let x = [Int8](repeating: 0, count: 4 * 300 * 300)
        var y = [Int8](repeating: 55, count: 64)
        func attempt(_ body: (UnsafeBufferPointer<Int8>, UnsafeMutableBufferPointer<Int8>) throws(KernelError) -> Void) -> KernelError? {
            do {
                try x.withUnsafeBufferPointer { xp in try y.withUnsafeMutableBufferPointer { yp in try body(xp, yp) } }
            } catch let error as KernelError { return error } catch { Issue.record("untyped error \(error)") }
            return nil
        }
        let q = Self.q
        #expect(attempt { xp, yp throws(KernelError) in
            try lpPool(Tensor(xp, shape: .nwc(1, 4, 1), quantization: q), into: MutableTensor(yp, shape: .nwc(1, 2, 1), quantization: q),
                       p: 0, parameters: PoolParameters(window: Spatial(2), stride: Spatial(2)))
        } == .unsupported(.lpNorm, value: 0))
        #expect(attempt { xp, yp throws(KernelError) in
            try lpPool(Tensor(xp, shape: .nwc(1, 4, 1), quantization: q), into: MutableTensor(yp, shape: .nwc(1, 2, 1), quantization: q),
                       p: -1e30, parameters: PoolParameters(window: Spatial(2), stride: Spatial(2)))
        } == .unsupported(.lpNorm, value: -1_000_000_000))
        #expect(attempt { xp, yp throws(KernelError) in
            try spatialPyramidPool(Tensor(xp, shape: .nhwc(1, 4, 4, 1), quantization: q), levels: [1, 0], pooling: .max,
                                   into: MutableTensor(yp, shape: .nwc(1, 1, 1), quantization: q))
        } == .unsupported(.pyramidLevel, value: 0))
        #expect(attempt { xp, yp throws(KernelError) in
            try blurPool(Tensor(xp, shape: .nwc(1, 4, 1), quantization: q), into: MutableTensor(yp, shape: .nwc(1, 2, 1), quantization: q),
                         parameters: BlurPoolParameters(stride: 0))
        } == .unsupported(.blurStride, value: 0))
        #expect(attempt { xp, yp throws(KernelError) in
            try blurPool(Tensor(xp, shape: .nhwc(1, 1, 4, 1), quantization: q), into: MutableTensor(yp, shape: .nhwc(1, 1, 2, 1), quantization: q))
        } == .unsupported(.blurReflectExtent, value: 1))
        #expect(attempt { xp, yp throws(KernelError) in
            try adaptiveAveragePool(Tensor(xp, shape: .nwc(1, 4, 1), quantization: q), into: MutableTensor(yp, shape: .nwc(1, 0, 1), quantization: q))
        } == .unsupported(.outputExtent, value: 0))
        #expect(attempt { xp, yp throws(KernelError) in
            try averagePool(Tensor(xp, shape: .nhwc(1, 300, 300, 1), quantization: q), into: MutableTensor(yp, shape: .nhwc(1, 1, 1, 1), quantization: q),
                            parameters: PoolParameters(window: Spatial(300, 300)))
        } == .unsupported(.windowCells, value: 90000))
        #expect(attempt { xp, yp throws(KernelError) in
            try lpPool(Tensor(xp, shape: .nwc(1, 4, 1), quantization: q), into: MutableTensor(yp, shape: .nwc(1, 2, 1), quantization: q),
                       p: .infinity, parameters: PoolParameters(window: Spatial(2), stride: Spatial(2)))
        } == .unsupported(.lpNorm, value: 1_000_000_000))
        // Pyramid: level 4 is fine, level 1 (a 90000-cell average window) is not — nothing written.
        #expect(attempt { xp, yp throws(KernelError) in
            try spatialPyramidPool(Tensor(xp, shape: .nhwc(1, 300, 300, 1), quantization: q), levels: [4, 1], pooling: .average,
                                   into: MutableTensor(UnsafeMutableBufferPointer(rebasing: yp[0..<17]), shape: .nwc(1, 17, 1), quantization: q))
        } == .unsupported(.windowCells, value: 90000))
        #expect(y.allSatisfy { $0 == 55 })
        // …while max pyramids have no window limit, and a 256×256 → 1×1 adaptive average (exactly 65536 cells) is accepted.
        #expect(attempt { xp, yp throws(KernelError) in
            try spatialPyramidPool(Tensor(xp, shape: .nhwc(1, 300, 300, 1), quantization: q), levels: [4, 1], pooling: .max,
                                   into: MutableTensor(UnsafeMutableBufferPointer(rebasing: yp[0..<17]), shape: .nwc(1, 17, 1), quantization: q))
        } == nil)
        #expect(attempt { xp, yp throws(KernelError) in
            try adaptiveAveragePool(Tensor(UnsafeBufferPointer(rebasing: xp[0..<65536]), shape: .nhwc(1, 256, 256, 1), quantization: q),
                                    into: MutableTensor(yp, shape: .nhwc(1, 1, 1, 1), quantization: q))
        } == nil)
    }

    @Test("Float kernels: a plan for another input shape is refused; NaN in Lp pooling gives NaN, not a trap")
    func floatPaths() throws {
        let x = [Float](repeating: 1, count: 12)
        var y = [Float](repeating: 5, count: 3)
        let plan = try PoolPlan(input: .nwc(1, 6, 2), parameters: PoolParameters(window: Spatial(2), stride: Spatial(2)))
        #expect(throws: KernelError.shapeMismatch(.input, expected: .nwc(1, 6, 2), actual: .nwc(1, 6, 1))) {
            try x.withUnsafeBufferPointer { xp in
                try y.withUnsafeMutableBufferPointer { yp in
                    try maxPool(Tensor(UnsafeBufferPointer(rebasing: xp[0..<6]), shape: .nwc(1, 6, 1)),
                                into: MutableTensor(yp, shape: .nwc(1, 3, 1)), indices: nil, plan: plan, activation: .none)
                }
            }
        }
        let withNaN: [Float] = [1, .nan, 2, 2, 3, 4]
        for p: Float in [1, 2, 3] {
            try withNaN.withUnsafeBufferPointer { xp in
                try y.withUnsafeMutableBufferPointer { yp in
                    try lpPool(Tensor(xp, shape: .nwc(1, 6, 1)), into: MutableTensor(yp, shape: .nwc(1, 3, 1)), p: p,
                               parameters: PoolParameters(window: Spatial(2), stride: Spatial(2)))
                }
            }
            #expect(y[0].isNaN && !y[1].isNaN && !y[2].isNaN, "p \(p)")
        }
    }
}
