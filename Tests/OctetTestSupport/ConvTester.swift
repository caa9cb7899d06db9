@_spi(Testing) import Octet

/// A value-type builder for convolution cases (conv, grouped, depthwise). `run…` returns nil on
/// success or a failure message naming every parameter.
public struct ConvTester: CustomStringConvertible {
    public var batch = 1
    public var inputSize = Spatial(7, 7)
    public var inputChannels = 8
    public var requiresWideKernel = false
    public var outputChannels = 8
    public var kernel = Spatial(3, 3)
    public var stride: Spatial? = nil
    public var dilation: Spatial? = nil
    public var padding: Padding = .valid
    public var groups = 1
    public var activation: FusedActivation = .none
    public var inputQuantization = QuantParams(scale: 0.05, zeroPoint: -3)
    public var outputQuantization = QuantParams(scale: 0.2, zeroPoint: 5)
    public var perChannel = true
    public var pattern: InputPattern = .random
    /// Weights: random in −127...127 unless a pattern is given (e.g. all −128, the accumulator's extreme).
    public var weightPattern: InputPattern? = nil
    public var seed: UInt64 = 1

    public init() {}

    public func batch(_ v: Int) -> Self { var t = self; t.batch = v; return t }
    public func inputSize(_ v: Spatial) -> Self { var t = self; t.inputSize = v; return t }
    public func inputChannels(_ v: Int) -> Self { var t = self; t.inputChannels = v; return t }
    public func outputChannels(_ v: Int) -> Self { var t = self; t.outputChannels = v; return t }
    public func kernel(_ v: Spatial) -> Self { var t = self; t.kernel = v; return t }
    public func stride(_ v: Spatial) -> Self { var t = self; t.stride = v; return t }
    public func dilation(_ v: Spatial) -> Self { var t = self; t.dilation = v; return t }
    public func padding(_ v: Padding) -> Self { var t = self; t.padding = v; return t }
    public func groups(_ v: Int) -> Self { var t = self; t.groups = v; return t }
    public func activation(_ v: FusedActivation) -> Self { var t = self; t.activation = v; return t }
    public func inputQuantization(_ v: QuantParams) -> Self { var t = self; t.inputQuantization = v; return t }
    public func outputQuantization(_ v: QuantParams) -> Self { var t = self; t.outputQuantization = v; return t }
    public func perChannel(_ v: Bool) -> Self { var t = self; t.perChannel = v; return t }
    public func pattern(_ v: InputPattern) -> Self { var t = self; t.pattern = v; return t }
    public func weightPattern(_ v: InputPattern) -> Self { var t = self; t.weightPattern = v; return t }
    public func seed(_ v: UInt64) -> Self { var t = self; t.seed = v; return t }
    /// Fail unless the wide kernel (`Conv2DPlan.runWideKernel`) applies to the case.
    public func requireWideKernel(_ v: Bool = true) -> Self { var t = self; t.requiresWideKernel = v; return t }

    public var description: String {
        "batch \(batch) input \(inputSize)×\(inputChannels) → \(outputChannels) kernel \(kernel) stride \(String(describing: stride)) "
            + "dilation \(String(describing: dilation)) padding \(padding) groups \(groups) activation \(activation) "
            + "in \(inputQuantization) out \(outputQuantization) perChannel \(perChannel) pattern \(pattern) seed \(seed)"
    }

    var inputShape: ActivationShape {
        inputSize.rank == 2 ? .nhwc(batch, inputSize.height, inputSize.width, inputChannels) : .nwc(batch, inputSize.width, inputChannels)
    }

    var parameters: Conv2DParameters {
        Conv2DParameters(stride: stride ?? .uniform(1, rank: inputSize.rank), dilation: dilation, padding: padding, groups: groups, activation: activation)
    }

    /// The bound on |dequantize(int8 out) − float reference|: one requantization (0.5 LSB) plus
    /// TFLite's double rounding (≤ 2^−(rightShift+1) LSB), plus float32 error of the reference
    /// (2^−20 of Σ|w·x|).
    func bound(_ m: QuantizedMultiplier, magnitude: Double) -> Double {
        let doubleRounding = m.shift < 0 ? Double(sign: .plus, exponent: Int(m.shift) - 1, significand: 1) : 0
        return Double(outputQuantization.scale) * (0.5 + doubleRounding) + magnitude * 0x1p-20 + 1e-7
    }

    /// Conv: the prepared kernel against `Reference.conv2D` (exact) and against the float32 kernel
    /// on dequantized input and weights (within `bound`).
    public func runConv() -> String? {
        var rng = SeededRandom(seed: seed)
        let filter = FilterShape(
            outputChannels: outputChannels, height: kernel.rank == 2 ? kernel.height : 1, width: kernel.width,
            inputChannels: inputChannels / Swift.max(groups, 1))
        let x = pattern.values(inputShape.elementCount, rng: &rng)
        let w = weightPattern?.values(filter.elementCount, rng: &rng) ?? rng.int8s(filter.elementCount, in: -127...127)
        let scales = (0..<(perChannel ? outputChannels : 1)).map { _ in Float.random(in: 0.002...0.02, using: &rng) }
        let bias = (0..<outputChannels).map { _ in Int32.random(in: -3000...3000, using: &rng) }
        do {
            let plan = try w.withUnsafeBufferPointer { wp in
                try scales.withUnsafeBufferPointer { sp in
                    try bias.withUnsafeBufferPointer { bp in
                        try Conv2DPlan(input: inputShape, inputQuantization: inputQuantization, filter: filter, weights: wp,
                                       filterScales: sp, bias: bp, outputQuantization: outputQuantization, parameters: parameters)
                    }
                }
            }
            let count = plan.output.elementCount
            var fast = [Int8](repeating: 0, count: count), ref = [Int8](repeating: 1, count: count)
            var wide = [Int8](repeating: 2, count: count), ranWide = false
            var f = [Float](repeating: 0, count: count)
            try x.withUnsafeBufferPointer { xp in
                let input = Tensor(xp, shape: inputShape, quantization: inputQuantization)
                try fast.withUnsafeMutableBufferPointer { try conv2D(input, into: MutableTensor($0, shape: plan.output, quantization: outputQuantization), plan: plan) }
                try ref.withUnsafeMutableBufferPointer { try Reference.conv2D(input, into: MutableTensor($0, shape: plan.output, quantization: outputQuantization), plan: plan) }
                ranWide = try wide.withUnsafeMutableBufferPointer {
                    try plan.runWideKernel(input, into: MutableTensor($0, shape: plan.output, quantization: outputQuantization))
                }
            }
            if requiresWideKernel && !ranWide { return "the wide kernel does not apply — \(self)" }
            if ranWide, let k = (0..<count).first(where: { wide[$0] != ref[$0] }) {
                return "element \(k): wide kernel \(wide[k]) vs reference \(ref[k]) — \(self)"
            }
            let xf = x.map { inputQuantization.dequantize($0) }
            let wf = (0..<w.count).map { Float(w[$0]) * scales[perChannel ? $0 / (w.count / outputChannels) : 0] }
            let bf = (0..<outputChannels).map { Float(Double(bias[$0]) * Double(inputQuantization.scale) * Double(scales[perChannel ? $0 : 0])) }
            try xf.withUnsafeBufferPointer { xp in
                try wf.withUnsafeBufferPointer { wp in
                    try bf.withUnsafeBufferPointer { bp in
                        try f.withUnsafeMutableBufferPointer {
                            try conv2D(Tensor(xp, shape: inputShape), filter: filter, weights: wp, bias: bp,
                                       into: MutableTensor($0, shape: plan.output), parameters: parameters)
                        }
                    }
                }
            }
            let lo = Double(outputQuantization.dequantize(-128)), hi = Double(outputQuantization.dequantize(127))
            for k in 0..<count {
                if fast[k] != ref[k] { return "element \(k): fast \(fast[k]) vs reference \(ref[k]) — \(self)" }
                let oc = k % outputChannels
                let m = QuantizedMultiplier(Double(inputQuantization.scale) * Double(scales[perChannel ? oc : 0]) / Double(outputQuantization.scale))
                let expected = Swift.min(Swift.max(Double(f[k]), lo), hi)
                let got = Double(outputQuantization.dequantize(ref[k]))
                let tolerance = bound(m, magnitude: abs(Double(f[k])) * 64 + 1)
                if abs(got - expected) > tolerance {
                    return "element \(k): int8 \(ref[k]) = \(got) vs float \(f[k]) (tolerance \(tolerance)) — \(self)"
                }
            }
        } catch {
            return "threw \(error) — \(self)"
        }
        return nil
    }

    /// Depthwise conv with channel multiplier `multiplier`: as `runConv`.
    public func runDepthwise(multiplier: Int) -> String? {
        var rng = SeededRandom(seed: seed)
        let channels = inputChannels * multiplier
        let filter = FilterShape(outputChannels: 1, height: kernel.rank == 2 ? kernel.height : 1, width: kernel.width, inputChannels: channels)
        let x = pattern.values(inputShape.elementCount, rng: &rng)
        let w = weightPattern?.values(filter.elementCount, rng: &rng) ?? rng.int8s(filter.elementCount, in: -127...127)
        let scales = (0..<(perChannel ? channels : 1)).map { _ in Float.random(in: 0.002...0.02, using: &rng) }
        let bias = (0..<channels).map { _ in Int32.random(in: -3000...3000, using: &rng) }
        do {
            let plan = try w.withUnsafeBufferPointer { wp in
                try scales.withUnsafeBufferPointer { sp in
                    try bias.withUnsafeBufferPointer { bp in
                        try DepthwiseConv2DPlan(input: inputShape, inputQuantization: inputQuantization, filter: filter, depthMultiplier: multiplier,
                                                weights: wp, filterScales: sp, bias: bp, outputQuantization: outputQuantization, parameters: parameters)
                    }
                }
            }
            let count = plan.output.elementCount
            var fast = [Int8](repeating: 0, count: count), ref = [Int8](repeating: 1, count: count)
            var wide = [Int8](repeating: 2, count: count), ranWide = false
            var f = [Float](repeating: 0, count: count)
            try x.withUnsafeBufferPointer { xp in
                let input = Tensor(xp, shape: inputShape, quantization: inputQuantization)
                try fast.withUnsafeMutableBufferPointer { try depthwiseConv2D(input, into: MutableTensor($0, shape: plan.output, quantization: outputQuantization), plan: plan) }
                try ref.withUnsafeMutableBufferPointer { try Reference.depthwiseConv2D(input, into: MutableTensor($0, shape: plan.output, quantization: outputQuantization), plan: plan) }
                ranWide = try wide.withUnsafeMutableBufferPointer {
                    try plan.runWideKernel(input, into: MutableTensor($0, shape: plan.output, quantization: outputQuantization))
                }
            }
            if requiresWideKernel && !ranWide { return "the wide kernel does not apply — \(self)" }
            if ranWide, let k = (0..<count).first(where: { wide[$0] != ref[$0] }) {
                return "element \(k): wide kernel \(wide[k]) vs reference \(ref[k]) — \(self)"
            }
            let xf = x.map { inputQuantization.dequantize($0) }
            let wf = (0..<w.count).map { Float(w[$0]) * scales[perChannel ? $0 % channels : 0] }
            let bf = (0..<channels).map { Float(Double(bias[$0]) * Double(inputQuantization.scale) * Double(scales[perChannel ? $0 : 0])) }
            try xf.withUnsafeBufferPointer { xp in
                try wf.withUnsafeBufferPointer { wp in
                    try bf.withUnsafeBufferPointer { bp in
                        try f.withUnsafeMutableBufferPointer {
                            try depthwiseConv2D(Tensor(xp, shape: inputShape), filter: filter, depthMultiplier: multiplier, weights: wp,
                                                bias: bp, into: MutableTensor($0, shape: plan.output), parameters: parameters)
                        }
                    }
                }
            }
            let lo = Double(outputQuantization.dequantize(-128)), hi = Double(outputQuantization.dequantize(127))
            for k in 0..<count {
                if fast[k] != ref[k] { return "element \(k): fast \(fast[k]) vs reference \(ref[k]) — \(self)" }
                let oc = k % channels
                let m = QuantizedMultiplier(Double(inputQuantization.scale) * Double(scales[perChannel ? oc : 0]) / Double(outputQuantization.scale))
                let expected = Swift.min(Swift.max(Double(f[k]), lo), hi)
                let got = Double(outputQuantization.dequantize(ref[k]))
                let tolerance = bound(m, magnitude: abs(Double(f[k])) * 64 + 1)
                if abs(got - expected) > tolerance {
                    return "element \(k): int8 \(ref[k]) = \(got) vs float \(f[k]) (tolerance \(tolerance)) — \(self)"
                }
            }
        } catch {
            return "threw \(error) — \(self)"
        }
        return nil
    }
}
