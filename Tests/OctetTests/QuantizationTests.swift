import OctetTestSupport
import Testing

@testable import Octet

/// Independent oracle for the rounding definitions, in exact Int64 / Int128 arithmetic:
/// SRDHM = floor((a·b + 2^30) / 2^31) (ties toward +∞, Int32.min² saturates);
/// RDBPOT = round(x / 2^e) with ties away from zero, from floor divisions of |x|.
enum Oracle {
    static func srdhm(_ a: Int32, _ b: Int32) -> Int32 {
        if a == .min && b == .min { return .max }
        let ab = Int128(a) * Int128(b)
        var q = (ab + (1 << 30)) / (1 << 31)  // truncating
        if (ab + (1 << 30)) < 0 && (ab + (1 << 30)) % (1 << 31) != 0 { q -= 1 }  // → floor
        return Int32(q)
    }

    static func rdbpot(_ x: Int64, _ e: Int) -> Int64 {
        if e == 0 { return x }
        let magnitude = (x.magnitude + (UInt64(1) << (e - 1))) >> e
        return x < 0 ? -Int64(magnitude) : Int64(magnitude)
    }

    /// QuantizeMultiplier by search: the shift s with M·2^(31−s) in [2^30, 2^31), found by exact
    /// doubling/halving, then round half away from zero.
    static func quantizeMultiplier(_ m: Double) -> (Int32, Int32) {
        var shift: Int32 = 0
        var scaled = m
        while scaled >= 1 { scaled /= 2; shift += 1 }
        while scaled < 0.5 { scaled *= 2; shift -= 1 }
        var fixed = (scaled * 2147483648.0).rounded(.toNearestOrAwayFromZero)
        if fixed == 2147483648.0 { fixed /= 2; shift += 1 }
        if shift < -31 { return (0, 0) }
        return (Int32(fixed), shift)
    }

    static func multiply(_ x: Int32, _ m: Int32, _ shift: Int32) -> Int32 {
        let left = max(shift, 0), right = max(-shift, 0)
        let high = srdhm(Int32(truncatingIfNeeded: Int64(x) << Int64(left)), m)
        return Int32(rdbpot(Int64(high), Int(right)))
    }
}

@Suite("Quantization core")
struct QuantizationTests {
    @Test("SaturatingRoundingDoublingHighMul matches the exact floor((ab + 2^30) / 2^31)")
    func srdhm() {
        var rng = SeededRandom(seed: 11)
        let edges: [Int32] = [.min, .min + 1, -1 << 30, -3, -2, -1, 0, 1, 2, 3, 1 << 30, .max - 1, .max]
        for a in edges { for b in edges { #expect(saturatingRoundingDoublingHighMul(a, b) == Oracle.srdhm(a, b), "a \(a) b \(b)") } }
        for _ in 0..<20000 {
            let a = Int32.random(in: .min ... .max, using: &rng), b = Int32.random(in: .min ... .max, using: &rng)
            #expect(saturatingRoundingDoublingHighMul(a, b) == Oracle.srdhm(a, b), "a \(a) b \(b)")
        }
        #expect(saturatingRoundingDoublingHighMul(.min, .min) == .max)
        // Exact ties: a·b = ±2^30 is ±0.5 after the shift; ties go toward +∞.
        #expect(saturatingRoundingDoublingHighMul(1 << 15, 1 << 15) == 1)
        #expect(saturatingRoundingDoublingHighMul(-(1 << 15), 1 << 15) == 0)
        #expect(saturatingRoundingDoublingHighMul(3 << 15, 1 << 15) == 2)  // 1.5 → 2
        #expect(saturatingRoundingDoublingHighMul(-(3 << 15), 1 << 15) == -1)  // −1.5 → −1
    }

    @Test("RoundingDivideByPOT rounds half away from zero for every exponent")
    func rdbpot() {
        var rng = SeededRandom(seed: 12)
        for e in 0...31 {
            for x in [Int32.min, .min + 1, -5, -3, -2, -1, 0, 1, 2, 3, 5, .max - 1, .max] {
                #expect(Int64(roundingDivideByPowerOfTwo(x, Int32(e))) == Oracle.rdbpot(Int64(x), e), "x \(x) e \(e)")
            }
            for _ in 0..<500 {
                let x = Int32.random(in: .min ... .max, using: &rng)
                #expect(Int64(roundingDivideByPowerOfTwo(x, Int32(e))) == Oracle.rdbpot(Int64(x), e), "x \(x) e \(e)")
                let y = Int64(x) * 3
                #expect(roundingDivideByPowerOfTwo(y, Int32(e)) == Oracle.rdbpot(y, e), "x \(y) e \(e)")
            }
        }
        // Exact .5 ties of both signs.
        #expect(roundingDivideByPowerOfTwo(Int32(3), 1) == 2)
        #expect(roundingDivideByPowerOfTwo(Int32(-3), 1) == -2)
        #expect(roundingDivideByPowerOfTwo(Int32(5), 1) == 3)
        #expect(roundingDivideByPowerOfTwo(Int32(-5), 1) == -3)
        #expect(roundingDivideByPowerOfTwo(Int32(-4), 3) == -1)  // −0.5 → −1
        #expect(roundingDivideByPowerOfTwo(Int32(4), 3) == 1)
    }

    @Test("QuantizeMultiplier matches the search oracle, incl. multipliers ≥ 1 and tiny ones")
    func quantizeMultiplier() {
        var rng = SeededRandom(seed: 13)
        var samples: [Double] = [1, 0.5, 0.25, 2, 3, 1000.5, 1e-9, 4.7e-10, 2.3e-10, 1e-12, 0.999999999999, 0.9999999998]
        for e in -40...20 { samples.append(Double.random(in: 1...2, using: &rng) * Double(sign: .plus, exponent: e, significand: 1)) }
        for m in samples {
            let q = QuantizedMultiplier(m)
            let (fixed, shift) = Oracle.quantizeMultiplier(m)
            #expect(q.multiplier == fixed && q.shift == shift, "M \(m): \(q) vs (\(fixed), \(shift))")
            if q.multiplier != 0 { #expect(abs(q.realValue - m) <= m * 0x1p-30, "M \(m) reconstructs to \(q.realValue)") }
        }
        // A significand that rounds up to 2^31 becomes 2^30 with shift + 1.
        let q = QuantizedMultiplier(1 - 0x1p-40)
        #expect(q.multiplier == 1 << 30 && q.shift == 1)
        #expect(QuantizedMultiplier(0) == QuantizedMultiplier(multiplier: 0, shift: 0))
        #expect(QuantizedMultiplier(0x1p-33) == QuantizedMultiplier(multiplier: 0, shift: 0))  // shift −32 flushes
    }

    @Test("MultiplyByQuantizedMultiplier matches the oracle for every shift in range")
    func multiplyByQuantizedMultiplier() {
        var rng = SeededRandom(seed: 14)
        for shift in Int32(-31)...Int32(8) {
            for _ in 0..<300 {
                let m = Int32.random(in: (1 << 30)...Int32.max, using: &rng)
                let bound = shift > 0 ? Int32.max >> shift : Int32.max
                let x = Int32.random(in: -bound...bound, using: &rng)
                let q = QuantizedMultiplier(multiplier: m, shift: shift)
                #expect(q.apply(x) == Oracle.multiply(x, m, shift), "x \(x) m \(m) shift \(shift)")
                #expect(q.apply(Int64(x)) == Int64(q.apply(x)), "64-bit path, x \(x) m \(m) shift \(shift)")
            }
        }
        // 64-bit accumulators beyond Int32: compare with exact rational rounding.
        let q = QuantizedMultiplier(1.0 / 9_000_000.0)
        for x: Int64 in [1 << 33, -(1 << 33) - 12345, 255 * 9_000_000] {
            let expected = Double(x) * q.realValue
            #expect(abs(Double(q.apply(x)) - expected) <= 0.5 + 1e-6, "x \(x)")
        }
    }

    @Test("Left shifts that overflow Int32 saturate (TFLite leaves them undefined); the 64-bit path saturates at ±2^62")
    func saturation() {
        let big = QuantizedMultiplier(1000.0)  // shift 10
        #expect(big.shift == 10)
        // x · 2^10 saturates to Int32.max / Int32.min before the Q31 multiply (m/2^31 ≈ 0.98).
        #expect(big.apply(Int32(1 << 22)) == saturatingRoundingDoublingHighMul(.max, big.multiplier))
        #expect(big.apply(Int32(-(1 << 22))) == saturatingRoundingDoublingHighMul(.min, big.multiplier))
        #expect(big.apply(Int32(3)) == 3000)
        let huge = QuantizedMultiplier(0x1p40)  // shift 41: every nonzero x saturates
        #expect(huge.apply(Int32(1)) == saturatingRoundingDoublingHighMul(.max, huge.multiplier) && huge.apply(Int32(0)) == 0)
        #expect(huge.apply(Int64(1)) == 1 << 62 && huge.apply(Int64(-5)) == -(1 << 62))
        #expect(QuantizedMultiplier(1e10).apply(Int64(1) << 40) == 1 << 62)
    }

    @Test("The conv kernel's one-shift requantization equals MultiplyByQuantizedMultiplier (shift ≤ 0)")
    func convRequantization() {
        var rng = SeededRandom(seed: 15)
        for shift in Int32(-31)...Int32(0) {
            for _ in 0..<2000 {
                let q = QuantizedMultiplier(multiplier: Int32.random(in: (1 << 30)...Int32.max, using: &rng), shift: shift)
                let fast = ConvRequantization(q)
                #expect(fast.isExact)
                let x = Int32.random(in: .min ... .max, using: &rng)
                #expect(fast.apply(x) == q.apply(x), "x \(x) q \(q)")
                // Exact ties of both roundings: x·m = k·2^(31+r−1) ± 2^30.
                let tie = Int32(truncatingIfNeeded: (Int64(x >> 8) << 8))
                #expect(fast.apply(tie) == q.apply(tie), "x \(tie) q \(q)")
            }
            let half = QuantizedMultiplier(multiplier: 1 << 30, shift: shift)
            for x in Int32(-4096)...Int32(4096) {
                #expect(ConvRequantization(half).apply(x) == half.apply(x), "x \(x) shift \(shift)")
            }
        }
    }

    @Test("Quantize rounds half away from zero and saturates; NaN maps to the zero point")
    func quantize() {
        let q = QuantParams(scale: 0.5, zeroPoint: -3)
        #expect(q.quantize(0.25) == -2)   // 0.5 → 1
        #expect(q.quantize(-0.25) == -4)  // −0.5 → −1
        #expect(q.quantize(0.75) == -1)   // 1.5 → 2
        #expect(q.quantize(-0.75) == -5)
        #expect(q.quantize(1000) == 127)
        #expect(q.quantize(-1000) == -128)
        #expect(q.quantize(.infinity) == 127)
        #expect(q.quantize(-.infinity) == -128)
        #expect(q.quantize(.nan) == -3)
        #expect(q.dequantize(-3) == 0)
        #expect(q.dequantize(127) == 65)
        for v in stride(from: Float(-70), through: 70, by: 0.125) {
            let expected = Int8(clamping: Int(v / 0.5).advanced(by: 0) + (abs(v / 0.5 - Float(Int(v / 0.5))) >= 0.5 ? (v < 0 ? -1 : 1) : 0) - 3)
            #expect(q.quantize(v) == expected, "x \(v)")
        }
        #expect(roundHalfAwayFromZero(Float(2.5)) == 3)
        #expect(roundHalfAwayFromZero(Float(-2.5)) == -3)
        #expect(roundHalfAwayFromZero(Float(0.49999997)) == 0)
        #expect(roundHalfAwayFromZero(Float(8388607.5)) == 8388608)
        #expect(roundHalfAwayFromZero(Double(-0.5)) == -1)
    }

    @Test("Activation ranges as TFLite's CalculateActivationRangeQuantized")
    func activationRange() {
        let q = QuantParams(scale: 0.1, zeroPoint: -10)
        #expect(FusedActivation.none.int8Range(q) == .full)
        #expect(FusedActivation.relu.int8Range(q) == Int8Range(min: -10, max: 127))
        #expect(FusedActivation.relu6.int8Range(q) == Int8Range(min: -10, max: 50))
        let wide = QuantParams(scale: 0.01, zeroPoint: 100)
        #expect(FusedActivation.relu6.int8Range(wide) == Int8Range(min: 100, max: 127))
        #expect(FusedActivation.clamp(min: -1, max: 1).int8Range(q) == Int8Range(min: -20, max: 0))
    }
}
