/// Int8 average pooling, NDHWC.
///
/// Equal input and output quantization (TFLite AVERAGE_POOL_2D): acc = Σ q over the window's valid
/// cells (Int32; |acc| ≤ 128·cells); n = the number of valid cells (countIncludePad false), or the
/// cells inside the padded extent with each padding cell adding the zero point to acc
/// (countIncludePad true); out = clamp((acc + n/2)/n) for acc > 0, clamp((acc − n/2)/n) otherwise,
/// with truncating division — round half away from zero. Bit-exact with TFLite AVERAGE_POOL_2D for
/// countIncludePad false. SIMD across channels.
///
/// Different quantization (ONNX QLinearAveragePool): acc = Σ (q − zp_in) over the valid cells
/// (padding cells are real 0 and add nothing), n as above, one requantization with
/// M = s_in / (s_out · n) as `QuantizedMultiplier` (TFLite double rounding), out = clamp(zp_out + M(acc)).
/// This variant runs the plain loop (`Reference.averagePool`).
///
/// Clamp: the fused activation's int8 range in the output quantization. Both variants are
/// bit-exact with `Reference.averagePool`. Windows larger than 65536 cells are rejected
/// (`KernelError.unsupported`); use global pooling.
public func averagePool(
    _ input: Tensor<Int8>, into output: MutableTensor<Int8>, parameters: PoolParameters
) throws(KernelError) {
    let plan = try PoolPlan(input: input.shape, parameters: parameters)
    try averagePool(input, into: output, plan: plan, countIncludePad: parameters.countIncludePad, activation: parameters.activation)
}

/// Int8 average pooling over a prepared plan (regular or adaptive windows).
public func averagePool(
    _ input: Tensor<Int8>, into output: MutableTensor<Int8>, plan: PoolPlan, countIncludePad: Bool,
    activation: FusedActivation
) throws(KernelError) {
    try validatePoolOperands(input, output, nil, plan: plan, equalQuantization: false)
    guard plan.maximumWindowCells <= maximumAverageWindow else {
        throw .unsupported(.windowCells, value: plan.maximumWindowCells)
    }
    guard input.quantization == output.quantization else {
        try Reference.averagePool(input, into: output, plan: plan, countIncludePad: countIncludePad, activation: activation)
        return
    }
    averagePoolInt8(
        input.data.baseAddress!, output.data.baseAddress!, plan, countIncludePad,
        input.quantization.zeroPoint, activation.int8Range(input.quantization))
}

/// The largest window (in cells) `averagePool` accepts: keeps |acc| + n/2 < 2^23, where the
/// float division below is exact.
let maximumAverageWindow = 65536

extension Reference {
    /// Int8 average pooling, the definition: plain loops, Int64 accumulator, the rounding above.
    public static func averagePool(
        _ input: Tensor<Int8>, into output: MutableTensor<Int8>, plan: PoolPlan, countIncludePad: Bool,
        activation: FusedActivation
    ) throws(KernelError) {
        try validatePoolOperands(input, output, nil, plan: plan, equalQuantization: false)
        let x = input.data, zp = Int64(input.quantization.zeroPoint)
        let range = activation.int8Range(output.quantization)
        let requantize = input.quantization != output.quantization
        let sIn = Double(input.quantization.scale), sOut = Double(output.quantization.scale)
        let i = plan.input, o = plan.output
        var out = 0
        for n in 0..<o.batch {
            for od in 0..<o.depth {
                let wd = plan.depth.window(od)
                for oh in 0..<o.height {
                    let wh = plan.height.window(oh)
                    for ow in 0..<o.width {
                        let ww = plan.width.window(ow)
                        for c in 0..<o.channels {
                            var acc: Int64 = 0
                            for d in wd.positions {
                                for h in wh.positions {
                                    for w in ww.positions {
                                        acc += Int64(x[((n * i.depth + d) * i.height + h) * i.width * i.channels + w * i.channels + c])
                                    }
                                }
                            }
                            let valid = Int64(wd.count * wh.count * ww.count)
                            let count = countIncludePad ? Int64(wd.paddedCount * wh.paddedCount * ww.paddedCount) : valid
                            if requantize {
                                // Σ (q − zp_in) over valid cells; padding cells are real 0.
                                let m = QuantizedMultiplier(sIn / (sOut * Double(count)))
                                let centered = Int32(acc - valid * zp)
                                output.data[out] = range.clamp(m.apply(centered) &+ output.quantization.zeroPoint)
                            } else {
                                acc += (count - valid) * zp
                                output.data[out] = range.clamp(Int32(divideRoundingHalfAwayFromZero(acc, count)))
                            }
                            out += 1
                        }
                    }
                }
            }
        }
    }
}

// MARK: - Optimized path (SIMD across channels; helpers kept in this file for inlining)

@inline(__always)
private func loadInt8x16(_ p: UnsafePointer<Int8>) -> SIMD16<Int8> {
    UnsafeRawPointer(p).loadUnaligned(as: SIMD16<Int8>.self)
}

/// Rounded average of 16 lanes: trunc((acc ± n/2) / n) computed as a Float division. Exact: for
/// integers |x| < 2^23 and 1 ≤ n < 2^23, fl(x/n) can only reach the next integer k+1 above x/n
/// when (k+1) − x/n ≤ ulp(k+1)/2 ≤ (k+1)·2^−24, but x/n ≤ k + 1 − 1/n and n·(k+1) ≤ |x| + n < 2^24;
/// so truncating fl(x/n) equals truncating x/n.
@inline(__always)
private func roundedAverage(_ acc: SIMD16<Int32>, _ n: Int32, _ lo: SIMD16<Int32>, _ hi: SIMD16<Int32>) -> SIMD16<Int8> {
    let half = SIMD16<Int32>(repeating: n / 2)
    var x = acc &- half
    x.replace(with: acc &+ half, where: acc .> 0)
    let q = SIMD16<Int32>(SIMD16<Float>(x) / SIMD16<Float>(repeating: Float(n)), rounding: .towardZero)
    var r = q
    r.replace(with: lo, where: q .< lo)
    r.replace(with: hi, where: r .> hi)
    return SIMD16<Int8>(truncatingIfNeeded: r)
}

private func averagePoolInt8(
    _ x: UnsafePointer<Int8>, _ y: UnsafeMutablePointer<Int8>, _ plan: PoolPlan, _ countIncludePad: Bool,
    _ zeroPoint: Int32, _ range: Int8Range
) {
    let i = plan.input, o = plan.output, C = o.channels
    let lo = SIMD16<Int32>(repeating: Int32(range.min)), hi = SIMD16<Int32>(repeating: Int32(range.max))
    var out = y
    for n in 0..<o.batch {
        let cellBase = n * i.spatialCount
        for od in 0..<o.depth {
            let wd = plan.depth.window(od)
            for oh in 0..<o.height {
                let wh = plan.height.window(oh)
                for ow in 0..<o.width {
                    let ww = plan.width.window(ow)
                    let valid = wd.count * wh.count * ww.count
                    let count = countIncludePad ? wd.paddedCount * wh.paddedCount * ww.paddedCount : valid
                    let padding = Int32(count - valid) * zeroPoint
                    var c = 0
                    while c + 16 <= C {
                        // Int16 lanes hold up to 256 cells (|Σ| ≤ 256·128 = 2^15); flush to Int32 after each 256.
                        var total = SIMD16<Int32>(repeating: padding)
                        var partial = SIMD16<Int16>()
                        var inPartial = 0
                        for d in wd.positions {
                            for h in wh.positions {
                                var p = x + ((cellBase + (d * i.height + h) * i.width + ww.first) * C + c)
                                for _ in 0..<ww.count {
                                    partial &+= SIMD16<Int16>(truncatingIfNeeded: loadInt8x16(p))
                                    p += ww.step * C
                                    inPartial += 1
                                    if inPartial == 256 {
                                        total &+= SIMD16<Int32>(truncatingIfNeeded: partial)
                                        partial = SIMD16<Int16>()
                                        inPartial = 0
                                    }
                                }
                            }
                        }
                        total &+= SIMD16<Int32>(truncatingIfNeeded: partial)
                        UnsafeMutableRawPointer(out + c).storeBytes(
                            of: roundedAverage(total, Int32(count), lo, hi), as: SIMD16<Int8>.self)
                        c += 16
                    }
                    while c < C {
                        var acc = padding
                        for d in wd.positions {
                            for h in wh.positions {
                                for w in ww.positions {
                                    acc += Int32(x[(cellBase + (d * i.height + h) * i.width + w) * C + c])
                                }
                            }
                        }
                        out[c] = range.clamp(divideRoundingHalfAwayFromZero(acc, Int32(count)))
                        c += 1
                    }
                    out += C
                }
            }
        }
    }
}
