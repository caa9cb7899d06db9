/// Max unpooling (ONNX MaxUnpool, PyTorch MaxUnpool): scatters each input value to the cell its
/// index names, the inverse of `maxPool` with indices. The output's spatial extents come from
/// `output.shape` (batch and channels equal the input's); cells no index names hold the zero point
/// (real 0). Index layout as `maxPool`: flat position (d·H + h)·W + w in the output's (n, c) plane.
/// Two inputs naming the same cell (overlapping windows): the later one in NDHWC order wins.
/// Every index is checked before anything is written: one outside 0..<D·H·W throws
/// `.indexOutOfRange` with its position in the indices tensor.
public func maxUnpool<Element>(
    _ input: Tensor<Element>, indices: Tensor<Int32>, into output: MutableTensor<Element>, fill: Element
) throws(KernelError) {
    try input.validate(as: .input)
    try indices.validate(as: .indices)
    guard indices.shape == input.shape else { throw .shapeMismatch(.indices, expected: input.shape, actual: indices.shape) }
    var expected = output.shape
    expected.batch = input.shape.batch
    expected.channels = input.shape.channels
    expected.spatialRank = input.shape.spatialRank
    guard output.shape.isWellFormed else { throw .malformedShape(.output, output.shape) }
    try output.validate(as: .output, expected: expected)
    let planeIn = input.shape.spatialCount, planeOut = output.shape.spatialCount, C = input.shape.channels
    for k in 0..<input.shape.elementCount {
        let index = indices.data[k]
        guard index >= 0 && Int(index) < planeOut else {
            throw .indexOutOfRange(position: k, index: index, planeSize: planeOut)
        }
    }
    let y = output.data
    for k in 0..<output.shape.elementCount { y[k] = fill }
    for n in 0..<input.shape.batch {
        for cell in 0..<planeIn {
            let from = (n * planeIn + cell) * C
            for c in 0..<C {
                y[(n * planeOut + Int(indices.data[from + c])) * C + c] = input.data[from + c]
            }
        }
    }
}

/// Int8 max unpooling: `maxUnpool` filling with the zero point; input and output quantization equal.
public func maxUnpool(_ input: Tensor<Int8>, indices: Tensor<Int32>, into output: MutableTensor<Int8>) throws(KernelError) {
    guard input.quantization.isValid else {
        throw .invalidQuantization(.input, scale: input.quantization.scale, zeroPoint: input.quantization.zeroPoint)
    }
    guard input.quantization == output.quantization else {
        throw .quantizationMismatch(input: input.quantization, output: output.quantization)
    }
    try maxUnpool(input, indices: indices, into: output, fill: Int8(truncatingIfNeeded: input.quantization.zeroPoint))
}

/// Float32 max unpooling: `maxUnpool` filling with 0.
public func maxUnpool(_ input: Tensor<Float>, indices: Tensor<Int32>, into output: MutableTensor<Float>) throws(KernelError) {
    try maxUnpool(input, indices: indices, into: output, fill: 0)
}
