// Vector helpers and the requantization of the wide (512-bit) kernels. The stdlib's generic
// conversions, halves and clamps are not reliably inlined into large functions; lane-by-lane
// initializers lower to single instructions (vpmovsxbw, vpmovsxbd, vpmovdb, vpminsd). The Swift
// inliner also left an `@inline(__always)` requantization as a call where one function used it
// at several sites: each store loop below has one.

/// Σ over pairs: lane j = a[2j]·b[2j] + a[2j+1]·b[2j+1] (vpmaddwd zmm; added to an accumulator,
/// vpdpwssd). Exact for Octet's operands (int8 values), as `multiplyAddPairs` on 8 lanes.
///
/// Codegen note (checked with objdump in the OCTET_AVX512 build): LLVM matches vpmaddwd only in
/// this shape — sign-extended halves, multiply, stdlib even/odd halves — and only while those
/// stdlib specializations stay private to the conv kernel; lane-by-lane even/odd extraction, or a
/// second kernel sharing them, left vpmulld + vpermt2d or calls. The depthwise kernel gets
/// vpdpwssd from a plain Int32 product instead (`DepthwiseWideWeights`).
@inline(__always)
func multiplyAddPairs(_ a: SIMD32<Int16>, _ b: SIMD32<Int16>) -> SIMD16<Int32> {
    let products = SIMD32<Int32>(lowHalf: widen(a.lowHalf), highHalf: widen(a.highHalf))
        &* SIMD32<Int32>(lowHalf: widen(b.lowHalf), highHalf: widen(b.highHalf))
    return products.evenHalf &+ products.oddHalf
}

/// Sign-extends 16 Int16 lanes.
@inline(__always)
func widen(_ v: SIMD16<Int16>) -> SIMD16<Int32> {
    SIMD16<Int32>(lowHalf: widen(v.lowHalf), highHalf: widen(v.highHalf))
}

/// The low 8 bits of 16 Int32 lanes (vpmovdb).
@inline(__always)
func narrowToInt8(_ w: SIMD16<Int32>) -> SIMD16<Int8> {
    SIMD16<Int8>(
        Int8(truncatingIfNeeded: w[0]), Int8(truncatingIfNeeded: w[1]), Int8(truncatingIfNeeded: w[2]), Int8(truncatingIfNeeded: w[3]),
        Int8(truncatingIfNeeded: w[4]), Int8(truncatingIfNeeded: w[5]), Int8(truncatingIfNeeded: w[6]), Int8(truncatingIfNeeded: w[7]),
        Int8(truncatingIfNeeded: w[8]), Int8(truncatingIfNeeded: w[9]), Int8(truncatingIfNeeded: w[10]), Int8(truncatingIfNeeded: w[11]),
        Int8(truncatingIfNeeded: w[12]), Int8(truncatingIfNeeded: w[13]), Int8(truncatingIfNeeded: w[14]), Int8(truncatingIfNeeded: w[15]))
}

/// Stores lanes 0..<count (< 16 or 16) of `v`. Out of line: the partial last block's slow path
/// (inline, its lane extraction made LLVM build every vector lane by lane).
@inline(never)
func storePartial(_ v: SIMD16<Int8>, count: Int, _ output: UnsafeMutablePointer<Int8>) {
    for k in 0..<count { output[k] = v[k] }
}

/// `ConvRequantization` for 16 channels split by parity, on Int64 lanes: lane j of the `even`
/// vectors is channel 2j, of the `odd` vectors channel 2j + 1. out = (ab + offset + [ab < 0]·
/// negativeOffset) >> shift with ab = acc·multiplier — the scalar form lane for lane, so
/// bit-exact with `QuantizedMultiplier.apply` for the multipliers it accepts. Lanes past the
/// last channel have multiplier 0.
struct WideRequantization: Sendable {
    var evenMultiplier = SIMD8<Int64>(), oddMultiplier = SIMD8<Int64>()
    var evenOffset = SIMD8<Int64>(), oddOffset = SIMD8<Int64>()
    var evenNegativeOffset = SIMD8<Int64>(), oddNegativeOffset = SIMD8<Int64>()
    var evenShift = SIMD8<Int64>(repeating: 31), oddShift = SIMD8<Int64>(repeating: 31)

    mutating func set(channel k: Int, _ q: ConvRequantization) {
        if k % 2 == 0 {
            evenMultiplier[k / 2] = q.multiplier; evenOffset[k / 2] = q.offset
            evenNegativeOffset[k / 2] = q.negativeOffset; evenShift[k / 2] = q.shift
        } else {
            oddMultiplier[k / 2] = q.multiplier; oddOffset[k / 2] = q.offset
            oddNegativeOffset[k / 2] = q.negativeOffset; oddShift[k / 2] = q.shift
        }
    }

    /// (ab + offset + [ab < 0]·negativeOffset) >> shift, arithmetic (LLVM: vpmovq2m and a masked
    /// vpaddq for the sign term, vpsravq).
    @inline(__always)
    static func round(_ ab: SIMD8<Int64>, _ offset: SIMD8<Int64>, _ negativeOffset: SIMD8<Int64>, _ shift: SIMD8<Int64>) -> SIMD8<Int64> {
        (ab &+ offset &+ ((ab &>> 63) & negativeOffset)) &>> shift
    }
}

/// 16 channels' `WideRequantization` and the output constants as values, loaded once per store
/// loop: fields read one by one (a copy of the whole struct was stored as ymm halves
/// and reloaded as zmm, a failed store-to-load forward), shift counts masked to 0...63 here (as
/// `&>>` does) rather than per pixel.
struct WideRequantizer {
    let evenMultiplier: SIMD8<Int64>, oddMultiplier: SIMD8<Int64>
    let evenOffset: SIMD8<Int64>, oddOffset: SIMD8<Int64>
    let evenNegativeOffset: SIMD8<Int64>, oddNegativeOffset: SIMD8<Int64>
    let evenShift: SIMD8<Int64>, oddShift: SIMD8<Int64>
    let zeroPoint: SIMD16<Int32>, low: SIMD16<Int32>, high: SIMD16<Int32>

    @inline(__always)
    init(_ q: UnsafePointer<WideRequantization>, _ o: WideOutput) {
        evenMultiplier = lowHalves(q.pointee.evenMultiplier); oddMultiplier = lowHalves(q.pointee.oddMultiplier)
        evenOffset = q.pointee.evenOffset; oddOffset = q.pointee.oddOffset
        evenNegativeOffset = q.pointee.evenNegativeOffset; oddNegativeOffset = q.pointee.oddNegativeOffset
        evenShift = q.pointee.evenShift & 63; oddShift = q.pointee.oddShift & 63
        zeroPoint = SIMD16(repeating: o.zeroPoint); low = SIMD16(repeating: o.low); high = SIMD16(repeating: o.high)
    }

    /// clamp(requantized acc &+ zp_out) to the activation range, as the reference: the zero point
    /// added in wrapping Int32, then Int32 min/max. Each Int64 lane of `acc` holds channel 2j in its
    /// low half and 2j + 1 in its high half (little-endian); both are sign-extended in place, so
    /// the products are vpmuldq (32 × 32 → 64 bits). The results' low 32 bits go back in place: the
    /// even ones masked to the low half, the odd ones shifted left by 32 (LLVM makes it one
    /// vpermt2d; a dword shuffle written as such was moved ahead of the shifts and split).
    @inline(__always)
    func output(_ acc: SIMD16<Int32>) -> SIMD16<Int8> {
        narrowToInt8(maximum(minimum(shifted(acc), high), low))
    }

    /// `output` when the activation range is −128...127: the clamp and narrowing are one
    /// saturating vpmovsdb.
    @inline(__always)
    func outputFullRange(_ acc: SIMD16<Int32>) -> SIMD16<Int8> {
        narrowToInt8(maximum(minimum(shifted(acc), SIMD16(repeating: 127)), SIMD16(repeating: -128)))
    }

    /// The requantized acc &+ zp_out, before the clamp.
    @inline(__always)
    func shifted(_ acc: SIMD16<Int32>) -> SIMD16<Int32> {
        let pairs = unsafeBitCast(acc, to: SIMD8<Int64>.self)
        let even = WideRequantization.round(lowHalves(pairs) &* evenMultiplier, evenOffset, evenNegativeOffset, evenShift)
        let odd = WideRequantization.round((pairs &>> 32) &* oddMultiplier, oddOffset, oddNegativeOffset, oddShift)
        let merged = (even & SIMD8<Int64>(repeating: 0xFFFF_FFFF)) | (odd &<< 32)
        return unsafeBitCast(merged, to: SIMD16<Int32>.self) &+ zeroPoint
    }
}

/// The low 32 bits of each lane, sign-extended.
@inline(__always)
func lowHalves(_ v: SIMD8<Int64>) -> SIMD8<Int64> {
    (v &<< 32) &>> 32
}

/// Lane-wise min and max, lane by lane (SLP makes vpminsd / vpmaxsd): the stdlib's `pointwiseMin`
/// / `pointwiseMax` stayed calls, and selects on a `SIMDMask` went through mask registers.
@inline(__always)
func minimum(_ a: SIMD16<Int32>, _ b: SIMD16<Int32>) -> SIMD16<Int32> {
    SIMD16<Int32>(
        Swift.min(a[0], b[0]), Swift.min(a[1], b[1]), Swift.min(a[2], b[2]), Swift.min(a[3], b[3]),
        Swift.min(a[4], b[4]), Swift.min(a[5], b[5]), Swift.min(a[6], b[6]), Swift.min(a[7], b[7]),
        Swift.min(a[8], b[8]), Swift.min(a[9], b[9]), Swift.min(a[10], b[10]), Swift.min(a[11], b[11]),
        Swift.min(a[12], b[12]), Swift.min(a[13], b[13]), Swift.min(a[14], b[14]), Swift.min(a[15], b[15]))
}

@inline(__always)
func maximum(_ a: SIMD16<Int32>, _ b: SIMD16<Int32>) -> SIMD16<Int32> {
    SIMD16<Int32>(
        Swift.max(a[0], b[0]), Swift.max(a[1], b[1]), Swift.max(a[2], b[2]), Swift.max(a[3], b[3]),
        Swift.max(a[4], b[4]), Swift.max(a[5], b[5]), Swift.max(a[6], b[6]), Swift.max(a[7], b[7]),
        Swift.max(a[8], b[8]), Swift.max(a[9], b[9]), Swift.max(a[10], b[10]), Swift.max(a[11], b[11]),
        Swift.max(a[12], b[12]), Swift.max(a[13], b[13]), Swift.max(a[14], b[14]), Swift.max(a[15], b[15]))
}

/// The output zero point and the activation range's bounds. Scalars, splatted where used: a
/// vector copy of this struct was stored as ymm halves and reloaded as zmm.
struct WideOutput {
    let zeroPoint: Int32, low: Int32, high: Int32

    init(_ q: PerChannelRequantization) {
        zeroPoint = q.outputZeroPoint
        low = Int32(q.range.min)
        high = Int32(q.range.max)
    }
}
