/// Int8 blur pooling (Zhang 2019): out = clamp(round(Σ_t w_t · q_t / 4^rank)) over the 3^rank
/// binomial taps (`BlurTaps`), ties away from zero (`divideRoundingHalfAwayFromZero`); zero-padding
/// taps read the zero point (real 0). Input and output quantization equal: the weights sum to
/// 4^rank, so Σ w·(q − zp)/4^rank + zp = Σ w·q/4^rank exactly and one rounding gives the result.
/// Accumulator: |Σ w·q| ≤ 64·128 (3-D) — Int32 with no overflow possible. SIMD across 16 channels
/// with a scalar tail, bit-exact with `Reference.blurPool`.
public func blurPool(
    _ input: Tensor<Int8>, into output: MutableTensor<Int8>, parameters: BlurPoolParameters = BlurPoolParameters()
) throws(KernelError) {
    try blurPool(input, into: output, parameters: parameters, simd: true)
}

extension Reference {
    /// Int8 blur pooling, the definition: one channel at a time, scalar arithmetic.
    public static func blurPool(
        _ input: Tensor<Int8>, into output: MutableTensor<Int8>, parameters: BlurPoolParameters = BlurPoolParameters()
    ) throws(KernelError) {
        try Octet.blurPool(input, into: output, parameters: parameters, simd: false)
    }

    /// Int8 max-blur pooling, the definition: one channel at a time, scalar arithmetic.
    public static func maxBlurPool(
        _ input: Tensor<Int8>, into output: MutableTensor<Int8>, parameters: BlurPoolParameters = BlurPoolParameters()
    ) throws(KernelError) {
        try Octet.maxBlurPool(input, into: output, parameters: parameters, simd: false)
    }
}

private func blurPool(
    _ input: Tensor<Int8>, into output: MutableTensor<Int8>, parameters: BlurPoolParameters, simd: Bool
) throws(KernelError) {
    try input.validate(as: .input)
    let C = input.shape.channels, plane = input.shape.spatialCount
    try blurInt8(input, into: output, parameters: parameters, source: input.shape, simd: simd) { x, n, cell, c in
        Int32(x[(n * plane + cell) * C + c])
    } block: { x, n, cell, c in
        SIMD16<Int32>(truncatingIfNeeded: UnsafeRawPointer(x + ((n * plane + cell) * C + c)).loadUnaligned(as: SIMD16<Int8>.self))
    }
}

/// Int8 max-blur pooling (Zhang 2019's MaxBlurPool): max pool with window 2 and stride 1 on every
/// spatial axis (source extents In − 1), then `blurPool` of that. The max pool is evaluated per
/// tap (no scratch), so the result is exactly blurPool(maxPool(x)).
public func maxBlurPool(
    _ input: Tensor<Int8>, into output: MutableTensor<Int8>, parameters: BlurPoolParameters = BlurPoolParameters()
) throws(KernelError) {
    try maxBlurPool(input, into: output, parameters: parameters, simd: true)
}

private func maxBlurPool(
    _ input: Tensor<Int8>, into output: MutableTensor<Int8>, parameters: BlurPoolParameters, simd: Bool
) throws(KernelError) {
    try input.validate(as: .input)
    let shape = input.shape
    let source = try PoolPlan(input: shape, parameters: PoolParameters(window: .uniform(2, rank: shape.spatialRank))).output
    let C = shape.channels, H = shape.height, W = shape.width
    let spanD = shape.spatialRank == 3 ? 1 : 0, spanH = shape.spatialRank >= 2 ? 1 : 0
    /// Flat offset of input cell (n, d, h, w) for source cell `cell` (its window's first cell).
    func corner(_ n: Int, _ cell: Int) -> Int {
        let w = cell % source.width, h = (cell / source.width) % source.height, d = cell / (source.width * source.height)
        return ((n * shape.depth + d) * H + h) * W + w
    }
    // Source cell (d, h, w) of the max pool's output is input window [d, d+1]×[h, h+1]×[w, w+1].
    try blurInt8(input, into: output, parameters: parameters, source: source, simd: simd) { x, n, cell, c in
        let base = corner(n, cell)
        var best = Int8.min
        for dd in 0...spanD {
            for hh in 0...spanH {
                for ww in 0...1 {
                    let v = x[(base + (dd * H + hh) * W + ww) * C + c]
                    if v > best { best = v }
                }
            }
        }
        return Int32(best)
    } block: { x, n, cell, c in
        let base = corner(n, cell)
        var best = SIMD16<Int8>(repeating: .min)
        for dd in 0...spanD {
            for hh in 0...spanH {
                for ww in 0...1 {
                    let v = UnsafeRawPointer(x + ((base + (dd * H + hh) * W + ww) * C + c)).loadUnaligned(as: SIMD16<Int8>.self)
                    best.replace(with: v, where: v .> best)
                }
            }
        }
        return SIMD16<Int32>(truncatingIfNeeded: best)
    }
}

/// The blur stage shared by `blurPool` and `maxBlurPool`: `value(x, n, sourceCell, c)` reads one
/// source value, `block(x, n, sourceCell, c)` the 16 of channels c..<c+16. With `simd`, channels go
/// 16 at a time and the rounding is done lane-wise: r = (|acc| + d/2) >> log2(d) with acc's sign,
/// which is (acc ± d/2)/d with truncation — the scalar rule — for the power-of-two divisor d = 4^rank.
private func blurInt8(
    _ input: Tensor<Int8>, into output: MutableTensor<Int8>, parameters: BlurPoolParameters, source: ActivationShape,
    simd: Bool,
    value: (UnsafeBufferPointer<Int8>, Int, Int, Int) -> Int32,
    block: (UnsafePointer<Int8>, Int, Int, Int) -> SIMD16<Int32>
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
    let log2Divisor = Int32(2 * source.spatialRank)
    var out = 0
    for n in 0..<outShape.batch {
        for od in 0..<outShape.depth {
            for oh in 0..<outShape.height {
                for ow in 0..<outShape.width {
                    var c = 0
                    while simd && c + 16 <= C {
                        var acc = SIMD16<Int32>()
                        for t in 0..<taps.count {
                            let (weight, cell) = taps.tap(t, od, oh, ow)
                            let v = cell.map { block(input.data.baseAddress!, n, $0, c) } ?? SIMD16<Int32>(repeating: zp)
                            acc &+= SIMD16<Int32>(repeating: weight) &* v
                        }
                        var magnitude = acc
                        magnitude.replace(with: 0 &- acc, where: acc .< 0)
                        let rounded = (magnitude &+ SIMD16<Int32>(repeating: taps.divisor / 2)) &>> SIMD16<Int32>(repeating: log2Divisor)
                        var signed = rounded
                        signed.replace(with: 0 &- rounded, where: acc .< 0)
                        UnsafeMutableRawPointer(y.baseAddress! + out).storeBytes(of: SIMD16<Int8>(truncatingIfNeeded: signed), as: SIMD16<Int8>.self)
                        out += 16
                        c += 16
                    }
                    while c < C {
                        var acc: Int32 = 0
                        for t in 0..<taps.count {
                            let (weight, cell) = taps.tap(t, od, oh, ow)
                            acc += weight * (cell.map { value(input.data, n, $0, c) } ?? zp)
                        }
                        y[out] = saturatingInt8(divideRoundingHalfAwayFromZero(acc, taps.divisor))
                        out += 1
                        c += 1
                    }
                }
            }
        }
    }
}
