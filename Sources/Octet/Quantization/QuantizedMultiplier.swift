/// A real multiplier M as a Q31 fixed-point significand and a power-of-two exponent:
/// M ≈ multiplier · 2^(shift − 31), multiplier in [2^30, 2^31) (or 0).
///
/// Built exactly as TFLite's `QuantizeMultiplier`: (q, shift) = frexp(M), q in [0.5, 1);
/// multiplier = round(q · 2^31) with ties away from zero; a rounded 2^31 becomes 2^30 with shift + 1;
/// shift < −31 flushes to multiplier 0, shift 0 (|M| below ~2^−32).
public struct QuantizedMultiplier: Equatable, Sendable {
    public var multiplier: Int32
    public var shift: Int32

    @inlinable
    public init(multiplier: Int32, shift: Int32) {
        self.multiplier = multiplier
        self.shift = shift
    }

    /// Quantizes a finite real multiplier (TFLite `QuantizeMultiplier`).
    public init(_ real: Double) {
        precondition(real.isFinite, "multiplier must be finite")
        if real == 0 {
            self.init(multiplier: 0, shift: 0)
            return
        }
        // frexp: real = q · 2^exponent with |q| in [0.5, 1).
        var shift = Int32(real.exponent) + 1
        let q = real.significand * (real.sign == .minus ? -0.5 : 0.5)
        var fixed = Int64(roundHalfAwayFromZero(q * 2147483648.0))
        if fixed == (Int64(1) << 31) || fixed == -(Int64(1) << 31) {
            fixed /= 2
            shift += 1
        }
        if shift < -31 {
            shift = 0
            fixed = 0
        }
        self.init(multiplier: Int32(fixed), shift: shift)
    }

    /// The real value multiplier · 2^(shift − 31).
    public var realValue: Double {
        Double(multiplier) * Double(sign: .plus, exponent: Int(shift) - 31, significand: 1)
    }

    /// TFLite `MultiplyByQuantizedMultiplier` (double rounding):
    /// RoundingDivideByPOT(SaturatingRoundingDoublingHighMul(x · 2^max(shift, 0), multiplier), max(−shift, 0)).
    /// Where TFLite's int32 left shift would overflow (undefined behaviour in C), x · 2^shift
    /// saturates to Int32 instead; identical to TFLite everywhere else.
    @inlinable @inline(__always)
    public func apply(_ x: Int32) -> Int32 {
        let leftShift = shift > 0 ? shift : 0
        let rightShift = shift > 0 ? 0 : -shift
        let shifted: Int32
        if leftShift == 0 {
            shifted = x
        } else if leftShift >= 32 {
            shifted = x == 0 ? 0 : (x > 0 ? .max : .min)
        } else {
            shifted = Int32(clamping: Int64(x) << Int64(leftShift))
        }
        return roundingDivideByPowerOfTwo(saturatingRoundingDoublingHighMul(shifted, multiplier), rightShift)
    }

    /// `apply` generalised to Int64 accumulators with the same arithmetic carried out in 128 bits:
    /// high = trunc((x·2^left · m + nudge) / 2^31) (nudge as in SRDHM), then RoundingDivideByPOT;
    /// results beyond ±2^62 saturate. Equal to `apply` for every Int32 x whose left shift does not
    /// overflow; used where an accumulator can exceed Int32 (global pooling over more than 2^23 cells).
    @inlinable
    public func apply(_ x: Int64) -> Int64 {
        let leftShift = shift > 0 ? shift : 0
        let rightShift = shift > 0 ? 0 : -shift
        let limit = Int128(1) << 62
        // |x| < 2^63, |m| < 2^31: with leftShift ≤ 32 the product stays below 2^126.
        guard leftShift <= 32 else { return x == 0 || multiplier == 0 ? 0 : ((x > 0) == (multiplier > 0) ? Int64(limit) : -Int64(limit)) }
        let ab = (Int128(x) << Int128(leftShift)) * Int128(multiplier)
        let nudge: Int128 = ab >= 0 ? (1 << 30) : (1 - (1 << 30))
        let high = Swift.min(Swift.max((ab + nudge) / (1 << 31), -limit), limit)
        return roundingDivideByPowerOfTwo(Int64(high), rightShift)
    }
}
