/// Float32 `a + b` elementwise (reference kernel), then the activation clamp.
public func add(
    _ a: Tensor<Float>, _ b: Tensor<Float>, into output: MutableTensor<Float>, activation: FusedActivation = .none
) throws(KernelError) {
    try a.validate(as: .input)
    try b.validate(as: .input2)
    guard b.shape == a.shape else { throw .shapeMismatch(.input2, expected: a.shape, actual: b.shape) }
    try output.validate(as: .output, expected: a.shape)
    let (lo, hi) = activation.realBounds
    for k in 0..<a.shape.elementCount {
        let v = a.data[k] + b.data[k]
        output.data[k] = v.isNaN ? v : Swift.min(Swift.max(v, lo), hi)
    }
}

/// Float32 clamp / ReLU / ReLU6 (reference kernel); NaN passes through.
public func clamp(_ input: Tensor<Float>, into output: MutableTensor<Float>, activation: FusedActivation) throws(KernelError) {
    try input.validate(as: .input)
    try output.validate(as: .output, expected: input.shape)
    let (lo, hi) = activation.realBounds
    for k in 0..<input.shape.elementCount {
        let v = input.data[k]
        output.data[k] = v.isNaN ? v : Swift.min(Swift.max(v, lo), hi)
    }
}

/// Float32 concatenation along channels (reference kernel).
public func concatenateChannels(
    _ inputs: UnsafeBufferPointer<Tensor<Float>>, into output: MutableTensor<Float>
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
    let cells = expected.batch * expected.spatialCount, C = expected.channels
    var offset = 0
    for x in inputs {
        let c = x.shape.channels
        for cell in 0..<cells {
            for k in 0..<c { output.data[cell * C + offset + k] = x.data[cell * c + k] }
        }
        offset += c
    }
}
