// Vector helpers for the wide (512-bit) kernels. The stdlib's generic conversions, halves and
// clamps are not reliably inlined into large functions; lane-by-lane initializers lower to single
// instructions (vpmovsxbw, vpmovsxdq, vpmovqd, vpmovdb).

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

/// Sign-extends 16 Int32 lanes.
@inline(__always)
func widen(_ v: SIMD16<Int32>) -> SIMD16<Int64> {
    SIMD16<Int64>(
        Int64(v[0]), Int64(v[1]), Int64(v[2]), Int64(v[3]), Int64(v[4]), Int64(v[5]), Int64(v[6]), Int64(v[7]),
        Int64(v[8]), Int64(v[9]), Int64(v[10]), Int64(v[11]), Int64(v[12]), Int64(v[13]), Int64(v[14]), Int64(v[15]))
}

/// The low 32 bits of 16 Int64 lanes.
@inline(__always)
func narrow(_ v: SIMD16<Int64>) -> SIMD16<Int32> {
    SIMD16<Int32>(
        Int32(truncatingIfNeeded: v[0]), Int32(truncatingIfNeeded: v[1]), Int32(truncatingIfNeeded: v[2]), Int32(truncatingIfNeeded: v[3]),
        Int32(truncatingIfNeeded: v[4]), Int32(truncatingIfNeeded: v[5]), Int32(truncatingIfNeeded: v[6]), Int32(truncatingIfNeeded: v[7]),
        Int32(truncatingIfNeeded: v[8]), Int32(truncatingIfNeeded: v[9]), Int32(truncatingIfNeeded: v[10]), Int32(truncatingIfNeeded: v[11]),
        Int32(truncatingIfNeeded: v[12]), Int32(truncatingIfNeeded: v[13]), Int32(truncatingIfNeeded: v[14]), Int32(truncatingIfNeeded: v[15]))
}

/// The low 8 bits of 16 Int64 lanes: to Int32 (vpmovqd), then to Int8 (vpmovdb) — one step
/// from Int64 lanes was scalarized.
@inline(__always)
func narrowToInt8(_ v: SIMD16<Int64>) -> SIMD16<Int8> {
    let w = narrow(v)
    return SIMD16<Int8>(
        Int8(truncatingIfNeeded: w[0]), Int8(truncatingIfNeeded: w[1]), Int8(truncatingIfNeeded: w[2]), Int8(truncatingIfNeeded: w[3]),
        Int8(truncatingIfNeeded: w[4]), Int8(truncatingIfNeeded: w[5]), Int8(truncatingIfNeeded: w[6]), Int8(truncatingIfNeeded: w[7]),
        Int8(truncatingIfNeeded: w[8]), Int8(truncatingIfNeeded: w[9]), Int8(truncatingIfNeeded: w[10]), Int8(truncatingIfNeeded: w[11]),
        Int8(truncatingIfNeeded: w[12]), Int8(truncatingIfNeeded: w[13]), Int8(truncatingIfNeeded: w[14]), Int8(truncatingIfNeeded: w[15]))
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
