/// Int8 elementwise addition of two tensors of the same shape, each with its own quantization,
/// exactly as TFLite's ADD (reference_integer_ops::Add):
/// left shift 20; twice_max = 2·max(s1, s2) (Double); M1 = s1/twice_max, M2 = s2/twice_max,
/// Mout = twice_max / (2^20·s_out) as `QuantizedMultiplier`s (all < 1);
/// a' = M1((a − zp1)·2^20), b' = M2((b − zp2)·2^20) (SRDHM + RDBPOT each),
/// out = clamp(zp_out + Mout(a' + b')). |a − zp| ≤ 255 so (a − zp)·2^20 < 2^28: no overflow.
public struct AddPlan: Equatable, Sendable {
    let input1: QuantizedMultiplier
    let input2: QuantizedMultiplier
    let output: QuantizedMultiplier
    let zeroPoint1: Int32
    let zeroPoint2: Int32
    let outputZeroPoint: Int32
    let range: Int8Range

    public init(input1 q1: QuantParams, input2 q2: QuantParams, output qo: QuantParams, activation: FusedActivation = .none) throws(KernelError) {
        try q1.validate(as: .input)
        try q2.validate(as: .input2)
        try qo.validate(as: .output)
        let twiceMax = 2 * Double(Swift.max(q1.scale, q2.scale))
        input1 = QuantizedMultiplier(Double(q1.scale) / twiceMax)
        input2 = QuantizedMultiplier(Double(q2.scale) / twiceMax)
        // TFLite: (1 << left_shift) * output_scale is a float product (exact: a power of two).
        output = QuantizedMultiplier(twiceMax / Double(Float(1 << 20) * qo.scale))
        zeroPoint1 = q1.zeroPoint
        zeroPoint2 = q2.zeroPoint
        outputZeroPoint = qo.zeroPoint
        range = activation.int8Range(qo)
    }

    /// One element.
    @inline(__always)
    public func callAsFunction(_ a: Int8, _ b: Int8) -> Int8 {
        let a1 = input1.apply((Int32(a) - zeroPoint1) << 20)
        let b1 = input2.apply((Int32(b) - zeroPoint2) << 20)
        return range.clamp(output.apply(a1 &+ b1) &+ outputZeroPoint)
    }
}

/// `a + b` elementwise (same shapes), quantizations from the three views (TFLite ADD arithmetic).
public func add(
    _ a: Tensor<Int8>, _ b: Tensor<Int8>, into output: MutableTensor<Int8>, activation: FusedActivation = .none
) throws(KernelError) {
    try a.validate(as: .input)
    try b.validate(as: .input2)
    guard b.shape == a.shape else { throw .shapeMismatch(.input2, expected: a.shape, actual: b.shape) }
    try output.validate(as: .output, expected: a.shape)
    let plan = try AddPlan(input1: a.quantization, input2: b.quantization, output: output.quantization, activation: activation)
    for k in 0..<a.shape.elementCount { output.data[k] = plan(a.data[k], b.data[k]) }
}
