/// Lp pooling (ONNX LpPool / PyTorch LPPool; with `mean`, TFLite L2_POOL_2D's form):
/// y = (Σ |x|^p)^(1/p) over the window's valid cells (padding cells are 0 and add nothing), or
/// y = (Σ |x|^p / n)^(1/p) with `mean`, where n is the valid cell count (the padded count when
/// `parameters.countIncludePad`). Windows, padding and output extents as `PoolPlan`.
///
/// Int8 arithmetic, x = s_in·(q − zp_in), out = clamp(zp_out + round(y / s_out)), ties away from zero:
/// - p = 1: S = Σ |q − zp_in| exactly (Int64); r = S · s_in / (s_out [· n]) in double precision.
/// - p = 2: S = Σ (q − zp_in)² exactly (Int64); r = (s_in / s_out) · √(S [/ n]) in double precision.
/// - other p > 0: r = (Σ |x|^p [/ n])^(1/p) / s_out with x dequantized in double precision and
///   `DeterministicMath.pow` (no libm: the same bytes on every CPU).
/// One rounding (double → integer) per output. Clamp: the activation's range in the output quantization.
public func lpPool(
    _ input: Tensor<Int8>, into output: MutableTensor<Int8>, p: Float, mean: Bool = false,
    parameters: PoolParameters
) throws(KernelError) {
    let plan = try PoolPlan(input: input.shape, parameters: parameters)
    try input.validate(as: .input)
    try output.validate(as: .output, expected: plan.output)
    guard p > 0 && p.isFinite else { throw .unsupported(.lpNorm, value: p > -1e9 ? Int(p) : -1_000_000_000) }
    try input.quantization.validate(as: .input)
    try output.quantization.validate(as: .output)
    let qi = input.quantization, qo = output.quantization
    let zp = Int64(qi.zeroPoint), ratio = Double(qi.scale) / Double(qo.scale)
    let range = parameters.activation.int8Range(qo)
    let x = input.data, y = output.data, i = plan.input
    let includePad = parameters.countIncludePad
    Reference.forEachWindow(plan) { out, base, wd, wh, ww in
        let n = Double(includePad ? wd.paddedCount * wh.paddedCount * ww.paddedCount : wd.count * wh.count * ww.count)
        for c in 0..<i.channels {
            var sum: Int64 = 0
            var general = 0.0
            for d in wd.positions {
                for h in wh.positions {
                    for w in ww.positions {
                        let v = Int64(x[(base + (d * i.height + h) * i.width + w) * i.channels + c]) - zp
                        if p == 1 {
                            sum += Int64(v.magnitude)
                        } else if p == 2 {
                            sum += v * v
                        } else {
                            general += DeterministicMath.pow(Double(v.magnitude) * Double(qi.scale), Double(p))
                        }
                    }
                }
            }
            let r: Double
            if p == 1 {
                r = Double(sum) * Double(qi.scale) / (Double(qo.scale) * (mean ? n : 1))
            } else if p == 2 {
                r = ratio * (Double(sum) / (mean ? n : 1)).squareRoot()
            } else {
                r = DeterministicMath.pow(general / (mean ? n : 1), 1 / Double(p)) / Double(qo.scale)
            }
            let rounded = roundHalfAwayFromZero(Swift.min(r, 1024))
            y[out + c] = range.clamp(Int32(rounded) + qo.zeroPoint)
        }
    }
}
