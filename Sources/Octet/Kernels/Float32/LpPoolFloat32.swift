/// Float32 Lp pooling (reference kernel): y = (Σ |x|^p [/ n])^(1/p) as the int8 kernel states,
/// accumulated in Double (p = 1: Σ|x|; p = 2: √Σx²; otherwise `DeterministicMath.pow`), one
/// rounding to Float, then the activation clamp. NaN inputs give NaN.
public func lpPool(
    _ input: Tensor<Float>, into output: MutableTensor<Float>, p: Float, mean: Bool = false,
    parameters: PoolParameters
) throws(KernelError) {
    let plan = try PoolPlan(input: input.shape, parameters: parameters)
    try input.validate(as: .input)
    try output.validate(as: .output, expected: plan.output)
    guard p > 0 && p.isFinite else { throw .unsupported(.lpNorm, value: lpNormErrorValue(p)) }
    let (lo, hi) = parameters.activation.realBounds
    let x = input.data, y = output.data, i = plan.input
    let includePad = parameters.countIncludePad
    Reference.forEachWindow(plan) { out, base, wd, wh, ww in
        let n = Double(includePad ? wd.paddedCount * wh.paddedCount * ww.paddedCount : wd.count * wh.count * ww.count)
        for c in 0..<i.channels {
            var sum = 0.0
            var sawNaN = false
            for d in wd.positions {
                for h in wh.positions {
                    for w in ww.positions {
                        let v = Double(x[(base + (d * i.height + h) * i.width + w) * i.channels + c]).magnitude
                        if v.isNaN {
                            sawNaN = true
                            continue
                        }
                        sum += p == 1 ? v : (p == 2 ? v * v : DeterministicMath.pow(v, Double(p)))
                    }
                }
            }
            if mean { sum /= n }
            let r = sawNaN ? Float.nan : Float(p == 1 ? sum : (p == 2 ? sum.squareRoot() : DeterministicMath.pow(sum, 1 / Double(p))))
            y[out + c] = r.isNaN ? r : Swift.min(Swift.max(r, lo), hi)
        }
    }
}
