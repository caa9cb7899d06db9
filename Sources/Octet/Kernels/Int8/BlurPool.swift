/// Int8 blur pooling (Zhang 2019): out = clamp(round(Σ_t w_t · q_t / 4^rank)) over the 3^rank
/// binomial taps (`BlurTaps`), ties away from zero (`divideRoundingHalfAwayFromZero`); zero-padding
/// taps read the zero point (real 0). Input and output quantization equal: the weights sum to
/// 4^rank, so Σ w·(q − zp)/4^rank + zp = Σ w·q/4^rank exactly and one rounding gives the result.
/// Accumulator: |Σ w·q| ≤ 64·128 (3-D) — Int32 with no overflow possible.
public func blurPool(
    _ input: Tensor<Int8>, into output: MutableTensor<Int8>, parameters: BlurPoolParameters = BlurPoolParameters()
) throws(KernelError) {
    try input.validate(as: .input)
    try blurInt8(input, into: output, parameters: parameters, source: input.shape) { x, n, cell, c in
        Int32(x[(n * input.shape.spatialCount + cell) * input.shape.channels + c])
    }
}

/// Int8 max-blur pooling (Zhang 2019's MaxBlurPool): max pool with window 2 and stride 1 on every
/// spatial axis (source extents In − 1), then `blurPool` of that. The max pool is evaluated per
/// tap (no scratch), so the result is exactly blurPool(maxPool(x)).
public func maxBlurPool(
    _ input: Tensor<Int8>, into output: MutableTensor<Int8>, parameters: BlurPoolParameters = BlurPoolParameters()
) throws(KernelError) {
    try input.validate(as: .input)
    let shape = input.shape
    let source = try PoolPlan(input: shape, parameters: PoolParameters(window: .uniform(2, rank: shape.spatialRank))).output
    let C = shape.channels, H = shape.height, W = shape.width
    try blurInt8(input, into: output, parameters: parameters, source: source) { x, n, cell, c in
        // Source cell (d, h, w) of the max pool's output is input window [d, d+1]×[h, h+1]×[w, w+1].
        let w = cell % source.width, h = (cell / source.width) % source.height, d = cell / (source.width * source.height)
        var best = Int8.min
        for dd in 0...(shape.spatialRank == 3 ? 1 : 0) {
            for hh in 0...(shape.spatialRank >= 2 ? 1 : 0) {
                for ww in 0...1 {
                    let v = x[(((n * shape.depth + d + dd) * H + h + hh) * W + w + ww) * C + c]
                    if v > best { best = v }
                }
            }
        }
        return Int32(best)
    }
}

/// The blur stage shared by `blurPool` and `maxBlurPool`; `value(x, n, sourceCell, c)` reads the source.
private func blurInt8(
    _ input: Tensor<Int8>, into output: MutableTensor<Int8>, parameters: BlurPoolParameters, source: ActivationShape,
    value: (UnsafeBufferPointer<Int8>, Int, Int, Int) -> Int32
) throws(KernelError) {
    let outShape = try parameters.outputShape(source: source)
    try output.validate(as: .output, expected: outShape)
    guard input.quantization.isValid else {
        throw .invalidQuantization(.input, scale: input.quantization.scale, zeroPoint: input.quantization.zeroPoint)
    }
    guard input.quantization == output.quantization else {
        throw .quantizationMismatch(input: input.quantization, output: output.quantization)
    }
    let taps = BlurTaps(source: source, parameters: parameters)
    let zp = input.quantization.zeroPoint
    let y = output.data, C = outShape.channels
    var out = 0
    for n in 0..<outShape.batch {
        for od in 0..<outShape.depth {
            for oh in 0..<outShape.height {
                for ow in 0..<outShape.width {
                    for c in 0..<C {
                        var acc: Int32 = 0
                        for t in 0..<taps.count {
                            let (weight, cell) = taps.tap(t, od, oh, ow)
                            acc += weight * (cell.map { value(input.data, n, $0, c) } ?? zp)
                        }
                        y[out] = saturatingInt8(divideRoundingHalfAwayFromZero(acc, taps.divisor))
                        out += 1
                    }
                }
            }
        }
    }
}
