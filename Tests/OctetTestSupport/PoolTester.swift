import Octet

/// How a tester fills its int8 input: each pattern aims at one edge class.
public enum InputPattern: Sendable, CustomStringConvertible {
    /// Uniform over −128...127.
    case random
    /// Every element equal (every window is one big tie).
    case constant(Int8)
    /// Values from {−3, 0, 5}: long runs of equal maxima inside windows (plateaus).
    case plateau
    /// Only −128 and 127 (saturation at both ends of the accumulators).
    case extremes

    public var description: String {
        switch self {
        case .random: return "random"
        case .constant(let v): return "constant(\(v))"
        case .plateau: return "plateau"
        case .extremes: return "extremes"
        }
    }

    public func values(_ count: Int, rng: inout SeededRandom) -> [Int8] {
        switch self {
        case .random: return rng.int8s(count)
        case .constant(let v): return [Int8](repeating: v, count: count)
        case .plateau: return (0..<count).map { _ in [-3, 0, 5][Int.random(in: 0..<3, using: &rng)] }
        case .extremes: return (0..<count).map { _ in Bool.random(using: &rng) ? 127 : -128 }
        }
    }
}

/// A value-type builder for pooling cases (XNNPACK tester style): set what the case is about,
/// leave the rest at defaults, then run one family. Every `run…` returns nil on success or a
/// failure message naming every parameter of the case.
public struct PoolTester: CustomStringConvertible {
    public var batch = 1
    public var inputSize = Spatial(7, 7)
    public var channels = 16
    public var window = Spatial(2, 2)
    public var stride: Spatial? = nil
    public var dilation: Spatial? = nil
    public var padding: Padding = .valid
    public var ceilMode = false
    public var countIncludePad = false
    public var activation: FusedActivation = .none
    public var quantization = QuantParams(scale: 0.05, zeroPoint: -3)
    /// Average pool only: a different output quantization (the requantizing variant).
    public var outputQuantization: QuantParams? = nil
    public var pattern: InputPattern = .random
    public var seed: UInt64 = 1

    public init() {}

    public func batch(_ v: Int) -> Self { var t = self; t.batch = v; return t }
    public func inputSize(_ v: Spatial) -> Self { var t = self; t.inputSize = v; return t }
    public func channels(_ v: Int) -> Self { var t = self; t.channels = v; return t }
    public func window(_ v: Spatial) -> Self { var t = self; t.window = v; return t }
    public func stride(_ v: Spatial) -> Self { var t = self; t.stride = v; return t }
    public func dilation(_ v: Spatial) -> Self { var t = self; t.dilation = v; return t }
    public func padding(_ v: Padding) -> Self { var t = self; t.padding = v; return t }
    public func ceilMode(_ v: Bool) -> Self { var t = self; t.ceilMode = v; return t }
    public func countIncludePad(_ v: Bool) -> Self { var t = self; t.countIncludePad = v; return t }
    public func activation(_ v: FusedActivation) -> Self { var t = self; t.activation = v; return t }
    public func quantization(_ v: QuantParams) -> Self { var t = self; t.quantization = v; return t }
    public func outputQuantization(_ v: QuantParams) -> Self { var t = self; t.outputQuantization = v; return t }
    public func pattern(_ v: InputPattern) -> Self { var t = self; t.pattern = v; return t }
    public func seed(_ v: UInt64) -> Self { var t = self; t.seed = v; return t }

    public var description: String {
        "batch \(batch) input \(inputSize) channels \(channels) window \(window) stride \(String(describing: stride)) "
            + "dilation \(String(describing: dilation)) padding \(padding) ceil \(ceilMode) includePad \(countIncludePad) "
            + "activation \(activation) quant \(quantization) out quant \(String(describing: outputQuantization)) pattern \(pattern) seed \(seed)"
    }

    public var parameters: PoolParameters {
        PoolParameters(
            window: window, stride: stride, dilation: dilation, padding: padding, ceilMode: ceilMode,
            countIncludePad: countIncludePad, activation: activation)
    }

    public var inputShape: ActivationShape {
        ActivationShape(
            batch: batch, depth: inputSize.rank == 3 ? inputSize.depth : 1,
            height: inputSize.rank >= 2 ? inputSize.height : 1, width: inputSize.width,
            channels: channels, spatialRank: inputSize.rank)
    }

    public func makeInput() -> [Int8] {
        var rng = SeededRandom(seed: seed)
        return pattern.values(inputShape.elementCount, rng: &rng)
    }

    /// Max pool: the optimized kernel (with and without indices) against `Reference.maxPool`,
    /// exact; and against the float32 kernel on the dequantized input: quantize(float output)
    /// equals the int8 output and the indices are identical (dequantization is strictly monotone).
    public func runMaxPool() -> String? {
        let x = makeInput()
        let plan: PoolPlan
        do { plan = try PoolPlan(input: inputShape, parameters: parameters) } catch { return "plan failed: \(error) — \(self)" }
        let count = plan.output.elementCount
        var fast = [Int8](repeating: 0, count: count), fastIdx = [Int32](repeating: -7, count: count)
        var plain = [Int8](repeating: 0, count: count), ref = [Int8](repeating: 0, count: count)
        var refIdx = [Int32](repeating: -9, count: count)
        var f = [Float](repeating: 0, count: count), fIdx = [Int32](repeating: -5, count: count)
        let xf = x.map { quantization.dequantize($0) }
        do {
            try x.withUnsafeBufferPointer { xp in
                let input = Tensor(xp, shape: inputShape, quantization: quantization)
                try fast.withUnsafeMutableBufferPointer { o in
                    try fastIdx.withUnsafeMutableBufferPointer { i in
                        try maxPool(input, into: MutableTensor(o, shape: plan.output, quantization: quantization),
                                    indices: MutableTensor(i, shape: plan.output), parameters: parameters)
                    }
                }
                try plain.withUnsafeMutableBufferPointer { o in
                    try maxPool(input, into: MutableTensor(o, shape: plan.output, quantization: quantization), parameters: parameters)
                }
                try ref.withUnsafeMutableBufferPointer { o in
                    try refIdx.withUnsafeMutableBufferPointer { i in
                        try Reference.maxPool(input, into: MutableTensor(o, shape: plan.output, quantization: quantization),
                                              indices: MutableTensor(i, shape: plan.output), plan: plan, activation: activation)
                    }
                }
            }
            try xf.withUnsafeBufferPointer { xp in
                try f.withUnsafeMutableBufferPointer { o in
                    try fIdx.withUnsafeMutableBufferPointer { i in
                        try maxPool(Tensor(xp, shape: inputShape), into: MutableTensor(o, shape: plan.output),
                                    indices: MutableTensor(i, shape: plan.output), parameters: parameters)
                    }
                }
            }
        } catch {
            return "threw \(error) — \(self)"
        }
        for k in 0..<count {
            if fast[k] != ref[k] || plain[k] != ref[k] || fastIdx[k] != refIdx[k] {
                return "element \(k): fast \(fast[k]) / values-only \(plain[k]) / index \(fastIdx[k]) vs reference \(ref[k]) / \(refIdx[k]) — \(self)"
            }
            if quantization.quantize(f[k]) != ref[k] || fIdx[k] != refIdx[k] {
                return "element \(k): float \(f[k]) (index \(fIdx[k])) vs int8 \(ref[k]) (index \(refIdx[k])) — \(self)"
            }
        }
        return nil
    }

    /// Average pool: the optimized kernel against `Reference.averagePool`, exact; and the int8
    /// result against the float32 kernel on the dequantized input within 0.5·scale (the one
    /// rounding of the int8 kernel; the float mean is within 2^−20 relative of the exact mean).
    /// With a different output quantization the bound is 0.75·s_out: TFLite's double rounding adds
    /// at most 2^−(rightShift+1) ≤ 1/4 LSB when it rounds twice (rightShift ≥ 1).
    public func runAveragePool() -> String? {
        let x = makeInput()
        let outQ = outputQuantization ?? quantization
        let plan: PoolPlan
        do { plan = try PoolPlan(input: inputShape, parameters: parameters) } catch { return "plan failed: \(error) — \(self)" }
        let count = plan.output.elementCount
        var fast = [Int8](repeating: 0, count: count), ref = [Int8](repeating: 1, count: count)
        var f = [Float](repeating: 0, count: count)
        let xf = x.map { quantization.dequantize($0) }
        do {
            try x.withUnsafeBufferPointer { xp in
                let input = Tensor(xp, shape: inputShape, quantization: quantization)
                try fast.withUnsafeMutableBufferPointer { o in
                    try averagePool(input, into: MutableTensor(o, shape: plan.output, quantization: outQ), parameters: parameters)
                }
                try ref.withUnsafeMutableBufferPointer { o in
                    try Reference.averagePool(input, into: MutableTensor(o, shape: plan.output, quantization: outQ),
                                              plan: plan, countIncludePad: countIncludePad, activation: activation)
                }
            }
            try xf.withUnsafeBufferPointer { xp in
                try f.withUnsafeMutableBufferPointer { o in
                    try averagePool(Tensor(xp, shape: inputShape), into: MutableTensor(o, shape: plan.output), parameters: parameters)
                }
            }
        } catch {
            return "threw \(error) — \(self)"
        }
        let bound = (outputQuantization == nil ? 0.5 : 0.75) * Double(outQ.scale) + 1e-6
        for k in 0..<count {
            if fast[k] != ref[k] { return "element \(k): fast \(fast[k]) vs reference \(ref[k]) — \(self)" }
            let (lo, hi) = (Double(outQ.dequantize(-128)), Double(outQ.dequantize(127)))
            let drift = abs(Double(outQ.dequantize(ref[k])) - Swift.min(Swift.max(Double(f[k]), lo), hi))
            if drift > bound { return "element \(k): int8 \(ref[k]) is \(drift) from float \(f[k]) (bound \(bound)) — \(self)" }
        }
        return nil
    }
}
