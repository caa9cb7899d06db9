/// exp, log and pow in plain IEEE double arithmetic (no libm, no fused multiply-add), so results
/// are the same bytes on every CPU and in Embedded Swift. Relative error below ~1e−15 over the
/// ranges pooling needs — far under float32's 6e−8 — so a Float rounded from them is correctly
/// rounded except in rare near-ties.
enum DeterministicMath {
    static let ln2 = 0.693_147_180_559_945_309_417_232_121_458

    /// Natural logarithm for x > 0 (finite). x = m·2^e with m in [√½, √2):
    /// ln m = 2·atanh(t), t = (m − 1)/(m + 1), |t| ≤ 0.172, series to t^41.
    static func log(_ x: Double) -> Double {
        precondition(x > 0 && x.isFinite, "log of a non-positive or non-finite value")
        var e = Int(x.exponent)
        var m = x.significand  // [1, 2)
        if m > 1.414_213_562_373_095_048_8 { m /= 2; e += 1 }
        let t = (m - 1) / (m + 1), t2 = t * t
        var term = t, sum = 0.0
        var k = 1.0
        while k < 43 {
            sum += term / k
            term *= t2
            k += 2
        }
        return 2 * sum + Double(e) * ln2
    }

    /// e^x. x = k·ln2 + r, |r| ≤ ln2/2, Taylor series of e^r to r^20, scaled by 2^k.
    /// Overflows to +∞ above ~709.78, underflows to 0 below ~−745.
    static func exp(_ x: Double) -> Double {
        if x.isNaN { return x }
        if x > 709.79 { return .infinity }
        if x < -745.2 { return 0 }
        let k = roundHalfAwayFromZero(x / ln2)
        let r = x - k * ln2
        var term = 1.0, sum = 1.0
        for n in 1...20 {
            term *= r / Double(n)
            sum += term
        }
        // Scale in two steps so 2^k never overflows or flushes on its own.
        let half = Int(k) / 2
        return sum * Double(sign: .plus, exponent: half, significand: 1)
            * Double(sign: .plus, exponent: Int(k) - half, significand: 1)
    }

    /// x^y for x ≥ 0: 0^y = 0 (y > 0), 1^y = 1, otherwise exp(y·ln x).
    static func pow(_ x: Double, _ y: Double) -> Double {
        if x == 0 { return 0 }
        if x == 1 || y == 0 { return 1 }
        if x.isInfinite { return .infinity }
        return exp(y * log(x))
    }
}
