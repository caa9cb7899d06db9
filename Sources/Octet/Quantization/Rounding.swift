// Rounding primitives of the numeric contract (DESIGN.md §3). Each function names its tie rule.

/// Rounds to the nearest integer, ties away from zero (C `round`, TFLite's `TfLiteRound`).
/// Written with integer truncation instead of libm: |x| < 2^23 holds a fraction, and x − trunc(x)
/// is exact there, so comparing it with ±0.5 decides the tie rule exactly; larger values, ±Inf and
/// NaN are returned unchanged (already integral, or not numbers).
@inlinable
public func roundHalfAwayFromZero(_ x: Float) -> Float {
    guard x.magnitude < 8_388_608 else { return x }
    let t = Float(Int32(x))
    let fraction = x - t
    return fraction >= 0.5 ? t + 1 : (fraction <= -0.5 ? t - 1 : t)
}

/// Rounds to the nearest integer, ties away from zero (C `round`); |x| < 2^52 as the Float version.
@inlinable
public func roundHalfAwayFromZero(_ x: Double) -> Double {
    guard x.magnitude < 4_503_599_627_370_496 else { return x }
    let t = Double(Int64(x))
    let fraction = x - t
    return fraction >= 0.5 ? t + 1 : (fraction <= -0.5 ? t - 1 : t)
}

/// gemmlowp/TFLite `SaturatingRoundingDoublingHighMul`: the high 32 bits of 2·a·b, i.e.
/// floor(a·b / 2^31 + 1/2) — ties toward +∞. The one overflowing case, a = b = Int32.min
/// (2·a·b = 2^63), saturates to Int32.max.
@inlinable @inline(__always)
public func saturatingRoundingDoublingHighMul(_ a: Int32, _ b: Int32) -> Int32 {
    if a == Int32.min && b == Int32.min { return Int32.max }
    let ab = Int64(a) * Int64(b)
    // TFLite: nudge = ab >= 0 ? 2^30 : 1 - 2^30, then C division (truncation toward zero) by 2^31.
    let nudge: Int64 = ab >= 0 ? (1 << 30) : (1 - (1 << 30))
    return Int32(truncatingIfNeeded: (ab + nudge) / (1 << 31))
}

/// gemmlowp/TFLite `RoundingDivideByPOT`: x / 2^exponent rounded to nearest, ties away from zero.
/// `exponent` in 0...31.
@inlinable @inline(__always)
public func roundingDivideByPowerOfTwo(_ x: Int32, _ exponent: Int32) -> Int32 {
    precondition(exponent >= 0 && exponent <= 31, "exponent out of 0...31")
    let mask = Int32(truncatingIfNeeded: (Int64(1) << Int64(exponent)) - 1)
    let remainder = x & mask
    let threshold = (mask >> 1) + (x < 0 ? 1 : 0)
    return (x >> exponent) + (remainder > threshold ? 1 : 0)
}

/// `roundingDivideByPowerOfTwo` for Int64 values (the same rule; `exponent` in 0...62).
@inlinable
public func roundingDivideByPowerOfTwo(_ x: Int64, _ exponent: Int32) -> Int64 {
    precondition(exponent >= 0 && exponent <= 62, "exponent out of 0...62")
    let mask = (Int64(1) << Int64(exponent)) - 1
    let remainder = x & mask
    let threshold = (mask >> 1) + (x < 0 ? 1 : 0)
    return (x >> Int64(exponent)) + (remainder > threshold ? 1 : 0)
}

/// Integer division n / d, d > 0, rounded to nearest with ties away from zero:
/// (n + d/2)/d for n > 0, (n − d/2)/d otherwise, with C truncating division — TFLite's average-pool
/// rounding. Exact for all n, d with |n| + d/2 ≤ Int32.max.
@inlinable
public func divideRoundingHalfAwayFromZero(_ n: Int32, _ d: Int32) -> Int32 {
    n > 0 ? (n + d / 2) / d : (n - d / 2) / d
}

/// `divideRoundingHalfAwayFromZero` for Int64.
@inlinable
public func divideRoundingHalfAwayFromZero(_ n: Int64, _ d: Int64) -> Int64 {
    n > 0 ? (n + d / 2) / d : (n - d / 2) / d
}

/// Saturating conversion of an integer to int8: values outside −128...127 clamp.
@inlinable
public func saturatingInt8<T: BinaryInteger>(_ x: T) -> Int8 {
    x < -128 ? -128 : (x > 127 ? 127 : Int8(truncatingIfNeeded: x))
}
