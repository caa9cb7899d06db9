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
    guard input.quantization == output.quantization && plan.maximumWindowCells <= simdAverageWindow else {
        try Reference.averagePool(input, into: output, plan: plan, countIncludePad: countIncludePad, activation: activation)
        return
    }
    averagePoolInt8(
        input.data.baseAddress!, output.data.baseAddress!, plan, countIncludePad,
        input.quantization.zeroPoint, activation.int8Range(input.quantization))
}

/// The largest window (in cells) `averagePool` accepts.
let maximumAverageWindow = 65536

/// The largest window the SIMD path takes: |acc| + n/2 ≤ 128·16384 + 8192 < 2^22, where its
/// float rounding (`roundedAverage4`) is exact; larger windows run the plain loop.
let simdAverageWindow = 16384

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
//
// Only concrete 16-byte vector types, and conversions written as lane loops that LLVM turns into
// punpck/psra (x86) or sxtl (NEON): wider vectors and the standard library's generic conversions
// fall back to per-lane code in release builds.

@inline(__always)
private func load16(_ p: UnsafePointer<Int8>) -> SIMD16<Int8> {
    UnsafeRawPointer(p).loadUnaligned(as: SIMD16<Int8>.self)
}

/// Sign-extends lanes 0..<8 (`high` false) or 8..<16 to Int16.
@inline(__always)
private func widen8(_ v: SIMD16<Int8>, high: Bool) -> SIMD8<Int16> {
    var r = SIMD8<Int16>()
    let base = high ? 8 : 0
    for k in 0..<8 { r[k] = Int16(v[base + k]) }
    return r
}

/// Sign-extends lanes 0..<4 (`high` false) or 4..<8 to Int32.
@inline(__always)
private func widen4(_ v: SIMD8<Int16>, high: Bool) -> SIMD4<Int32> {
    var r = SIMD4<Int32>()
    let base = high ? 4 : 0
    for k in 0..<4 { r[k] = Int32(v[base + k]) }
    return r
}

/// 1.5·2^23 and its bit pattern: adding it to a Float of magnitude < 2^22 rounds to an integer,
/// and the integer sits in the low mantissa bits.
let magic = SIMD4<Float>(repeating: 12_582_912)
let magicBits = SIMD4<Int32>(repeating: 0x4B40_0000)

/// TFLite's rounded average, trunc((acc ± n/2) / n) — i.e. sign(acc)·⌊(|acc| + ⌊n/2⌋) / n⌋ — on
/// 4 lanes without integer division or float→int conversion, then clamped to [lo, hi].
/// With y = |acc| + ⌊n/2⌋ < 2^22 (exact as Float via the magic bit pattern) and k = ⌊y/n⌋:
/// q = (y + 0.5)/n = k + (2r + 1)/(2n) lies at least 1/(2n) from every integer and every
/// half-integer offset used below; the division and the −0.5 each err by < 1/(4n) (q < 2^22/n,
/// relative error 2^−24), so round-to-nearest of q − 0.5 (by adding 1.5·2^23) is exactly k.
@inline(__always)
func roundedAverage4(
    _ acc: SIMD4<Int32>, _ half: SIMD4<Int32>, _ n: SIMD4<Float>, _ lo: SIMD4<Int32>, _ hi: SIMD4<Int32>
) -> SIMD4<Int32> {
    let negative = acc .< SIMD4<Int32>()
    var magnitude = acc
    magnitude.replace(with: SIMD4<Int32>() &- acc, where: negative)
    let y = unsafeBitCast((magnitude &+ half) &+ magicBits, to: SIMD4<Float>.self) - magic
    let rounded = (y + 0.5) / n - 0.5 + magic
    var q = unsafeBitCast(rounded, to: SIMD4<Int32>.self) &- magicBits
    q.replace(with: SIMD4<Int32>() &- q, where: negative)
    q.replace(with: lo, where: q .< lo)
    q.replace(with: hi, where: q .> hi)
    return q
}

/// Narrows four clamped Int32 quads to 16 int8 lanes (values already in −128...127).
@inline(__always)
func narrowQuads(_ a: SIMD4<Int32>, _ b: SIMD4<Int32>, _ c: SIMD4<Int32>, _ d: SIMD4<Int32>) -> SIMD16<Int8> {
    var r = SIMD16<Int8>()
    for k in 0..<4 {
        r[k] = Int8(truncatingIfNeeded: a[k])
        r[k + 4] = Int8(truncatingIfNeeded: b[k])
        r[k + 8] = Int8(truncatingIfNeeded: c[k])
        r[k + 12] = Int8(truncatingIfNeeded: d[k])
    }
    return r
}

/// Equal quantization, windows ≤ `simdAverageWindow` cells: 16 channels at a time, Int16 partial
/// sums (≤ 256 cells: |Σ| ≤ 2^15) flushed into Int32 quads, then `roundedAverage4`.
private func averagePoolInt8(
    _ x: UnsafePointer<Int8>, _ y: UnsafeMutablePointer<Int8>, _ plan: PoolPlan, _ countIncludePad: Bool,
    _ zeroPoint: Int32, _ range: Int8Range
) {
    let i = plan.input, o = plan.output, C = o.channels
    let lo = SIMD4<Int32>(repeating: Int32(range.min)), hi = SIMD4<Int32>(repeating: Int32(range.max))
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
                    let half = SIMD4<Int32>(repeating: Int32(count / 2)), divisor = SIMD4<Float>(repeating: Float(count))
                    // Wrapping arithmetic: every offset is inside the validated input.
                    let first = x + ((cellBase &+ (wd.first &* i.height &+ wh.first) &* i.width &+ ww.first) &* C)
                    let dStep = wd.step &* i.height &* i.width &* C, hStep = wh.step &* i.width &* C, wStep = ww.step &* C
                    var c = 0
                    while c + 16 <= C {
                        var t0 = SIMD4<Int32>(repeating: padding), t1 = t0, t2 = t0, t3 = t0
                        var low = SIMD8<Int16>(), high = SIMD8<Int16>()
                        var inPartial = 0
                        var pd = first + c
                        for _ in 0..<wd.count {
                            var ph = pd
                            for _ in 0..<wh.count {
                                var p = ph
                                for _ in 0..<ww.count {
                                    let v = load16(p)
                                    low &+= widen8(v, high: false)
                                    high &+= widen8(v, high: true)
                                    p += wStep
                                    inPartial &+= 1
                                    if inPartial == 256 {
                                        t0 &+= widen4(low, high: false); t1 &+= widen4(low, high: true)
                                        t2 &+= widen4(high, high: false); t3 &+= widen4(high, high: true)
                                        low = SIMD8<Int16>(); high = SIMD8<Int16>()
                                        inPartial = 0
                                    }
                                }
                                ph += hStep
                            }
                            pd += dStep
                        }
                        t0 &+= widen4(low, high: false); t1 &+= widen4(low, high: true)
                        t2 &+= widen4(high, high: false); t3 &+= widen4(high, high: true)
                        let r = narrowQuads(
                            roundedAverage4(t0, half, divisor, lo, hi), roundedAverage4(t1, half, divisor, lo, hi),
                            roundedAverage4(t2, half, divisor, lo, hi), roundedAverage4(t3, half, divisor, lo, hi))
                        UnsafeMutableRawPointer(out + c).storeBytes(of: r, as: SIMD16<Int8>.self)
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
