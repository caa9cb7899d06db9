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
/// p = 1 and p = 2 run a SIMD path (16 channels, Int32 lane sums; windows up to 32768 cells keep
/// Σ (q − zp)² < 2^31) bit-exact with `Reference.lpPool`; other p and larger windows run the plain loop.
public func lpPool(
    _ input: Tensor<Int8>, into output: MutableTensor<Int8>, p: Float, mean: Bool = false,
    parameters: PoolParameters
) throws(KernelError) {
    let (plan, finish) = try prepareLpPool(input, output, p: p, mean: mean, parameters: parameters)
    if (p == 1 || p == 2) && plan.maximumWindowCells <= 32768 {
        lpPoolInt8(input.data.baseAddress!, output.data.baseAddress!, plan, finish, countIncludePad: parameters.countIncludePad)
    } else {
        Reference.lpPool(input.data, output.data, plan, finish, countIncludePad: parameters.countIncludePad)
    }
}

extension Reference {
    /// Int8 Lp pooling, the definition: plain loops, exact Int64 sums for p = 1, 2.
    public static func lpPool(
        _ input: Tensor<Int8>, into output: MutableTensor<Int8>, p: Float, mean: Bool = false,
        parameters: PoolParameters
    ) throws(KernelError) {
        let (plan, finish) = try prepareLpPool(input, output, p: p, mean: mean, parameters: parameters)
        lpPool(input.data, output.data, plan, finish, countIncludePad: parameters.countIncludePad)
    }

    static func lpPool(
        _ x: UnsafeBufferPointer<Int8>, _ y: UnsafeMutableBufferPointer<Int8>, _ plan: PoolPlan, _ finish: LpPoolFinish,
        countIncludePad: Bool
    ) {
        let i = plan.input, zp = Int64(finish.input.zeroPoint)
        forEachWindow(plan) { out, base, wd, wh, ww in
            let n = countIncludePad ? wd.paddedCount * wh.paddedCount * ww.paddedCount : wd.count * wh.count * ww.count
            for c in 0..<i.channels {
                var sum: Int64 = 0
                var general = 0.0
                for d in wd.positions {
                    for h in wh.positions {
                        for w in ww.positions {
                            let v = Int64(x[(base + (d * i.height + h) * i.width + w) * i.channels + c]) - zp
                            switch finish.p {
                            case 1: sum += Int64(v.magnitude)
                            case 2: sum += v * v
                            default: general += DeterministicMath.pow(Double(v.magnitude) * Double(finish.input.scale), Double(finish.p))
                            }
                        }
                    }
                }
                y[out + c] = finish.p == 1 || finish.p == 2 ? finish(sum: sum, cells: n) : finish(general: general, cells: n)
            }
        }
    }
}

/// The per-output rounding of Lp pooling, from the exact sum (p = 1, 2) or the double sum (other p).
struct LpPoolFinish {
    let p: Float
    let mean: Bool
    let input: QuantParams
    let output: QuantParams
    let range: Int8Range

    /// p = 1: r = S · s_in / (s_out [· n]); p = 2: r = (s_in / s_out) · √(S [/ n]); double precision,
    /// then round half away from zero, + zp_out, clamp.
    func callAsFunction(sum: Int64, cells: Int) -> Int8 {
        let n = mean ? Double(cells) : 1
        let r = p == 1
            ? Double(sum) * Double(input.scale) / (Double(output.scale) * n)
            : Double(input.scale) / Double(output.scale) * (Double(sum) / n).squareRoot()
        return quantize(r)
    }

    /// Other p: r = (Σ |x|^p [/ n])^(1/p) / s_out.
    func callAsFunction(general: Double, cells: Int) -> Int8 {
        quantize(DeterministicMath.pow(general / (mean ? Double(cells) : 1), 1 / Double(p)) / Double(output.scale))
    }

    private func quantize(_ r: Double) -> Int8 {
        range.clamp(Int32(roundHalfAwayFromZero(Swift.min(r, 1024))) + output.zeroPoint)
    }
}

/// The `value` reported for an unsupported p: p toward zero, clamped to ±10^9 (NaN → 0).
func lpNormErrorValue(_ p: Float) -> Int {
    p.isNaN ? 0 : Int(Swift.min(Swift.max(p, -1e9), 1e9))
}

/// Validates an int8 Lp pool's operands and returns its plan and rounding.
private func prepareLpPool(
    _ input: Tensor<Int8>, _ output: MutableTensor<Int8>, p: Float, mean: Bool, parameters: PoolParameters
) throws(KernelError) -> (PoolPlan, LpPoolFinish) {
    let plan = try PoolPlan(input: input.shape, parameters: parameters)
    try input.validate(as: .input)
    try output.validate(as: .output, expected: plan.output)
    guard p > 0 && p.isFinite else { throw .unsupported(.lpNorm, value: lpNormErrorValue(p)) }
    try input.quantization.validate(as: .input)
    try output.quantization.validate(as: .output)
    let finish = LpPoolFinish(
        p: p, mean: mean, input: input.quantization, output: output.quantization,
        range: parameters.activation.int8Range(output.quantization))
    return (plan, finish)
}

/// SIMD path for p = 1, 2: 16 channels at a time, v = q − zp_in widened to Int32 lanes, Σ|v| or
/// Σ v² (no overflow: ≤ 32768 cells · 255² < 2^31), then `finish` per lane.
private func lpPoolInt8(
    _ x: UnsafePointer<Int8>, _ y: UnsafeMutablePointer<Int8>, _ plan: PoolPlan, _ finish: LpPoolFinish,
    countIncludePad: Bool
) {
    let i = plan.input, C = i.channels
    let zp = SIMD16<Int32>(repeating: finish.input.zeroPoint)
    let squares = finish.p == 2
    Reference.forEachWindow(plan) { out, base, wd, wh, ww in
        let n = countIncludePad ? wd.paddedCount * wh.paddedCount * ww.paddedCount : wd.count * wh.count * ww.count
        var c = 0
        while c + 16 <= C {
            var acc = SIMD16<Int32>()
            for d in wd.positions {
                for h in wh.positions {
                    var q = x + ((base + (d * i.height + h) * i.width + ww.first) * C + c)
                    for _ in 0..<ww.count {
                        let v = SIMD16<Int32>(truncatingIfNeeded: UnsafeRawPointer(q).loadUnaligned(as: SIMD16<Int8>.self)) &- zp
                        if squares {
                            acc &+= v &* v
                        } else {
                            var magnitude = v
                            magnitude.replace(with: 0 &- v, where: v .< 0)
                            acc &+= magnitude
                        }
                        q += ww.step * C
                    }
                }
            }
            for lane in 0..<16 { y[out + c + lane] = finish(sum: Int64(acc[lane]), cells: n) }
            c += 16
        }
        while c < C {
            var sum: Int64 = 0
            for d in wd.positions {
                for h in wh.positions {
                    for w in ww.positions {
                        let v = Int64(x[(base + (d * i.height + h) * i.width + w) * C + c]) - Int64(finish.input.zeroPoint)
                        sum += squares ? v * v : Int64(v.magnitude)
                    }
                }
            }
            y[out + c] = finish(sum: sum, cells: n)
            c += 1
        }
    }
}
