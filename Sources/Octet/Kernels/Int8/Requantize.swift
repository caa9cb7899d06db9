/// int8 → int8 with new quantization, as TFLite's QUANTIZE (int8 input) / reference Requantize:
/// out = clamp(zp_out + MultiplyByQuantizedMultiplier(q − zp_in, M)), M = s_in/s_out (Double,
/// `QuantizedMultiplier`), then the fused activation's range in the output quantization (so
/// `activation: .relu` is TFLite's quantized RELU). Equal quantizations copy (then clamp).
public struct Requantization: Equatable, Sendable {
    let multiplier: QuantizedMultiplier
    let inputZeroPoint: Int32
    let outputZeroPoint: Int32
    let identity: Bool
    let range: Int8Range

    public init(from input: QuantParams, to output: QuantParams, activation: FusedActivation = .none) throws(KernelError) {
        try input.validate(as: .input)
        try output.validate(as: .output)
        multiplier = QuantizedMultiplier(Double(input.scale) / Double(output.scale))
        inputZeroPoint = input.zeroPoint
        outputZeroPoint = output.zeroPoint
        identity = input == output
        range = activation.int8Range(output)
    }

    @inline(__always)
    public func callAsFunction(_ q: Int8) -> Int8 {
        identity ? range.clamp(q) : range.clamp(multiplier.apply(Int32(q) - inputZeroPoint) &+ outputZeroPoint)
    }
}

/// Requantizes every element of `input` into `output`'s quantization (same shape).
public func requantize(_ input: Tensor<Int8>, into output: MutableTensor<Int8>, activation: FusedActivation = .none) throws(KernelError) {
    try input.validate(as: .input)
    try output.validate(as: .output, expected: input.shape)
    let r = try Requantization(from: input.quantization, to: output.quantization, activation: activation)
    for k in 0..<input.shape.elementCount { output.data[k] = r(input.data[k]) }
}

/// Standalone clamp / ReLU / ReLU6: `requantize` with an activation (a pure clamp when the two
/// quantizations are equal).
public func clamp(_ input: Tensor<Int8>, into output: MutableTensor<Int8>, activation: FusedActivation) throws(KernelError) {
    try requantize(input, into: output, activation: activation)
}

/// float → int8 with `output.quantization`: round(x / scale) half away from zero + zp, clamped
/// (TFLite's reference Quantize; NaN → zero point).
public func quantize(_ input: Tensor<Float>, into output: MutableTensor<Int8>) throws(KernelError) {
    try input.validate(as: .input)
    try output.validate(as: .output, expected: input.shape)
    try output.quantization.validate(as: .output)
    for k in 0..<input.shape.elementCount { output.data[k] = output.quantization.quantize(input.data[k]) }
}

/// int8 → float with `input.quantization`: scale·(q − zp) (TFLite's Dequantize; the product of a
/// float and an integer below 2^9 is correctly rounded either way).
public func dequantize(_ input: Tensor<Int8>, into output: MutableTensor<Float>) throws(KernelError) {
    try input.validate(as: .input)
    try output.validate(as: .output, expected: input.shape)
    try input.quantization.validate(as: .input)
    for k in 0..<input.shape.elementCount { output.data[k] = input.quantization.dequantize(input.data[k]) }
}
