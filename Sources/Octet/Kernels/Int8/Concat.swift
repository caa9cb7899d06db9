/// Concatenation along channels of int8 tensors whose other extents are equal. Each input is
/// requantized to the output's quantization (`Requantization`: fixed-point, TFLite's Requantize;
/// a copy when the quantizations are equal). Output channels: the sum of the inputs', in order.
/// `inputs` is a caller-owned buffer of views (no allocation here).
public func concatenateChannels(
    _ inputs: UnsafeBufferPointer<Tensor<Int8>>, into output: MutableTensor<Int8>
) throws(KernelError) {
    guard let first = inputs.first else { throw .unsupported(.concatInputs, value: 0) }
    var expected = first.shape
    expected.channels = 0
    for x in inputs {
        try x.validate(as: .input)
        var other = x.shape
        other.channels = first.shape.channels
        guard other == first.shape else { throw .shapeMismatch(.input, expected: first.shape, actual: x.shape) }
        expected.channels += x.shape.channels
    }
    try output.validate(as: .output, expected: expected)
    // Every quantization is checked before anything is written.
    for x in inputs { _ = try Requantization(from: x.quantization, to: output.quantization) }
    let cells = expected.batch * expected.spatialCount, C = expected.channels
    var offset = 0
    for x in inputs {
        let r = try Requantization(from: x.quantization, to: output.quantization)
        let c = x.shape.channels
        for cell in 0..<cells {
            for k in 0..<c { output.data[cell * C + offset + k] = r(x.data[cell * c + k]) }
        }
        offset += c
    }
}
