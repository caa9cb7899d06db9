/// Float32 blur pooling (reference kernel): Σ_t w_t · x_t / 4^rank over the binomial taps
/// (`BlurTaps`), summed in Double, one rounding to Float; zero-padding taps read 0.
public func blurPool(
    _ input: Tensor<Float>, into output: MutableTensor<Float>, parameters: BlurPoolParameters = BlurPoolParameters()
) throws(KernelError) {
    try input.validate(as: .input)
    try blurFloat(input, into: output, parameters: parameters, source: input.shape) { x, n, cell, c in
        x[(n * input.shape.spatialCount + cell) * input.shape.channels + c]
    }
}

/// Float32 max-blur pooling (reference kernel): max pool window 2 stride 1, then `blurPool`.
/// NaN wins the max, as `maxPool`.
public func maxBlurPool(
    _ input: Tensor<Float>, into output: MutableTensor<Float>, parameters: BlurPoolParameters = BlurPoolParameters()
) throws(KernelError) {
    try input.validate(as: .input)
    let shape = input.shape
    let source = try PoolPlan(input: shape, parameters: PoolParameters(window: .uniform(2, rank: shape.spatialRank))).output
    let C = shape.channels, H = shape.height, W = shape.width
    try blurFloat(input, into: output, parameters: parameters, source: source) { x, n, cell, c in
        let w = cell % source.width, h = (cell / source.width) % source.height, d = cell / (source.width * source.height)
        var best = -Float.infinity
        var first = true
        for dd in 0...(shape.spatialRank == 3 ? 1 : 0) {
            for hh in 0...(shape.spatialRank >= 2 ? 1 : 0) {
                for ww in 0...1 {
                    let v = x[(((n * shape.depth + d + dd) * H + h + hh) * W + w + ww) * C + c]
                    if first || v.beats(best) { best = v; first = false }
                }
            }
        }
        return best
    }
}

private func blurFloat(
    _ input: Tensor<Float>, into output: MutableTensor<Float>, parameters: BlurPoolParameters, source: ActivationShape,
    value: (UnsafeBufferPointer<Float>, Int, Int, Int) -> Float
) throws(KernelError) {
    let outShape = try parameters.outputShape(source: source)
    try output.validate(as: .output, expected: outShape)
    let taps = BlurTaps(source: source, parameters: parameters)
    let y = output.data, C = outShape.channels
    var out = 0
    for n in 0..<outShape.batch {
        for od in 0..<outShape.depth {
            for oh in 0..<outShape.height {
                for ow in 0..<outShape.width {
                    for c in 0..<C {
                        var acc = 0.0
                        for t in 0..<taps.count {
                            let (weight, cell) = taps.tap(t, od, oh, ow)
                            acc += Double(weight) * Double(cell.map { value(input.data, n, $0, c) } ?? 0)
                        }
                        y[out] = Float(acc / Double(taps.divisor))
                        out += 1
                    }
                }
            }
        }
    }
}
