/// Int8 global average pooling: one output per (n, c) over all D·H·W cells, output spatial
/// extents 1. Quantization comes from the two tensor views and may differ.
///
/// Same input and output quantization: acc = Σ q (Int64 when D·H·W > 2^23, else Int32);
/// out = clamp((acc ± n/2) / n) with ties away from zero — the average-pool formula over the whole
/// plane. Different quantization: acc = Σ (q − zp_in), one requantization with
/// M = s_in / (s_out · n) as `QuantizedMultiplier` (TFLite double rounding), out = clamp(zp_out +
/// M(acc)). One rounding: TFLite's MEAN rounds two or three times, so it can differ by ±1 LSB.
/// Clamp: the fused activation's int8 range in the output quantization.
public func globalAveragePool(
    _ input: Tensor<Int8>, into output: MutableTensor<Int8>, activation: FusedActivation = .none
) throws(KernelError) {
    let plan = try validateGlobalPool(input, output)
    let cells = plan.input.spatialCount
    let requantize = input.quantization == output.quantization
        ? nil
        : QuantizedMultiplier(Double(input.quantization.scale) / (Double(output.quantization.scale) * Double(cells)))
    let zpIn = Int64(input.quantization.zeroPoint), zpOut = Int64(output.quantization.zeroPoint)
    let range = activation.int8Range(output.quantization)
    let x = input.data.baseAddress!, y = output.data.baseAddress!
    let C = plan.input.channels
    /// Finishes one channel from its Σ q.
    func finish(_ sum: Int64) -> Int8 {
        guard let m = requantize else {
            return range.clamp(Int32(divideRoundingHalfAwayFromZero(sum, Int64(cells))))
        }
        let centered = sum - Int64(cells) * zpIn
        let scaled = cells <= globalInt32Cells ? Int64(m.apply(Int32(centered))) : m.apply(centered)
        return range.clamp(Int32(clamping: scaled + zpOut))
    }
    let simdFinish = requantize == nil && cells <= simdAverageWindow
    let half = SIMD4<Int32>(repeating: Int32(cells / 2)), divisor = SIMD4<Float>(repeating: Float(cells))
    let lo = SIMD4<Int32>(repeating: Int32(range.min)), hi = SIMD4<Int32>(repeating: Int32(range.max))
    for n in 0..<plan.input.batch {
        let plane = x + n * cells * C
        let row = y + n * C
        var c = 0
        /// Finishes channels c..<c+16 from their sums.
        func finish16(_ t: Quads, _ c: Int) {
            if simdFinish {
                let r = narrowQuads(
                    roundedAverage4(t.0, half, divisor, lo, hi), roundedAverage4(t.1, half, divisor, lo, hi),
                    roundedAverage4(t.2, half, divisor, lo, hi), roundedAverage4(t.3, half, divisor, lo, hi))
                UnsafeMutableRawPointer(row + c).storeBytes(of: r, as: SIMD16<Int8>.self)
            } else if let m = requantize, m.shift <= 0, m.multiplier > 0 {
                // zp_out + M(Σq − n·zp_in), branch-free on 4 lanes (M < 1: no left shift).
                let centering = SIMD4<Int32>(repeating: Int32(cells) &* Int32(zpIn))
                let zp = SIMD4<Int32>(repeating: Int32(zpOut))
                func requantized(_ t: SIMD4<Int32>) -> SIMD4<Int32> {
                    var q = requantize4(t &- centering, m) &+ zp
                    q.replace(with: lo, where: q .< lo)
                    q.replace(with: hi, where: q .> hi)
                    return q
                }
                let r = narrowQuads(requantized(t.0), requantized(t.1), requantized(t.2), requantized(t.3))
                UnsafeMutableRawPointer(row + c).storeBytes(of: r, as: SIMD16<Int8>.self)
            } else {
                for lane in 0..<4 {
                    row[c + lane] = finish(Int64(t.0[lane]))
                    row[c + 4 + lane] = finish(Int64(t.1[lane]))
                    row[c + 8 + lane] = finish(Int64(t.2[lane]))
                    row[c + 12 + lane] = finish(Int64(t.3[lane]))
                }
            }
        }
        if cells <= globalInt32Cells {
            // 64 channels per pass read whole 64-byte lines; then 16; then one at a time.
            while c + 64 <= C {
                let (a, b, d, e) = sumChannels64(plane + c, cells: cells, stride: C)
                finish16(a, c)
                finish16(b, c + 16)
                finish16(d, c + 32)
                finish16(e, c + 48)
                c += 64
            }
            while c + 16 <= C {
                finish16(sumChannels16(plane + c, cells: cells, stride: C), c)
                c += 16
            }
        }
        while c < C {
            var sum: Int64 = 0
            for cell in 0..<cells { sum += Int64(plane[cell * C + c]) }
            row[c] = finish(sum)
            c += 1
        }
    }
}

/// `QuantizedMultiplier.apply` on 4 lanes for multipliers with shift ≤ 0 and m > 0 (M < 1), with
/// the same arithmetic: SRDHM = floor((x·m + 2^30) / 2^31) — TFLite's nudge-and-truncate is this
/// floor for every product (ties toward +∞), and x·m ≠ Int32.min² since m > 0 — then
/// RoundingDivideByPOT by −shift (ties away from zero).
@inline(__always)
func requantize4(_ x: SIMD4<Int32>, _ m: QuantizedMultiplier) -> SIMD4<Int32> {
    var high = SIMD4<Int32>()
    for k in 0..<4 {
        high[k] = Int32(truncatingIfNeeded: (Int64(x[k]) &* Int64(m.multiplier) &+ (1 << 30)) &>> 31)
    }
    let exponent = -m.shift
    let mask = SIMD4<Int32>(repeating: Int32(truncatingIfNeeded: (Int64(1) << Int64(exponent)) - 1))
    let remainder = high & mask
    var threshold = mask &>> 1
    threshold.replace(with: threshold &+ 1, where: high .< SIMD4<Int32>())
    var result = high &>> SIMD4<Int32>(repeating: exponent)
    result.replace(with: result &+ 1, where: remainder .> threshold)
    return result
}

/// Planes up to 2^23 cells keep Σ q and Σ (q − zp) inside Int32 (255 · 2^23 < 2^31).
let globalInt32Cells = 1 << 23

/// Sums of 16 channels as four Int32 quads (lanes 0–3, 4–7, 8–11, 12–15).
typealias Quads = (SIMD4<Int32>, SIMD4<Int32>, SIMD4<Int32>, SIMD4<Int32>)

/// Partial sums of 16 biased channels: UInt16 lanes 0–7 and 8–15.
private struct Partial16 {
    var low = SIMD8<UInt16>()
    var high = SIMD8<UInt16>()

    /// Adds one cell: q biased to q + 128 (q ^ 0x80, in 0...255), widened by zero-extension.
    @inline(__always)
    mutating func add(_ p: UnsafePointer<Int8>) {
        let v = UnsafeRawPointer(p).loadUnaligned(as: SIMD16<UInt8>.self) ^ SIMD16<UInt8>(repeating: 0x80)
        for k in 0..<8 {
            low[k] &+= UInt16(v[k])
            high[k] &+= UInt16(v[k + 8])
        }
    }

    /// Adds the partial sums into `t` as Int32 and clears them.
    @inline(__always)
    mutating func flush(into t: inout Quads) {
        for k in 0..<4 {
            t.0[k] &+= Int32(low[k])
            t.1[k] &+= Int32(low[k + 4])
            t.2[k] &+= Int32(high[k])
            t.3[k] &+= Int32(high[k + 4])
        }
        self = Partial16()
    }
}

/// Σ over `cells` cells (`stride` bytes apart) of 16 int8 lanes. Values are biased to q + 128 so
/// they widen by zero-extension (one unpack, no sign shifts); UInt16 partial sums hold 256 cells
/// (≤ 255·256 < 2^16) and are flushed to Int32 after every 256; the bias, 128·cells, starts the
/// totals negative so it is taken off exactly.
@inline(__always)
private func sumChannels16(_ p: UnsafePointer<Int8>, cells: Int, stride: Int) -> Quads {
    let start = SIMD4<Int32>(repeating: 0 &- Int32(truncatingIfNeeded: 128 &* cells))
    var t: Quads = (start, start, start, start)
    var cell = 0
    var q = p
    while cell < cells {
        let block = Swift.min(256, cells - cell)
        var partial = Partial16()
        for _ in 0..<block {
            partial.add(q)
            q += stride
        }
        partial.flush(into: &t)
        cell += block
    }
    return t
}

/// `sumChannels16` for 64 channels in one pass (four 16-lane blocks per cell).
@inline(__always)
private func sumChannels64(_ p: UnsafePointer<Int8>, cells: Int, stride: Int) -> (Quads, Quads, Quads, Quads) {
    let start = SIMD4<Int32>(repeating: 0 &- Int32(truncatingIfNeeded: 128 &* cells))
    var t0: Quads = (start, start, start, start), t1 = t0, t2 = t0, t3 = t0
    var cell = 0
    var q = p
    while cell < cells {
        let block = Swift.min(256, cells - cell)
        var p0 = Partial16(), p1 = Partial16(), p2 = Partial16(), p3 = Partial16()
        for _ in 0..<block {
            p0.add(q)
            p1.add(q + 16)
            p2.add(q + 32)
            p3.add(q + 48)
            q += stride
        }
        p0.flush(into: &t0)
        p1.flush(into: &t1)
        p2.flush(into: &t2)
        p3.flush(into: &t3)
        cell += block
    }
    return (t0, t1, t2, t3)
}

/// Int8 global max pooling: the max over all D·H·W cells per (n, c), with optional indices (flat
/// position in the plane; first maximum wins, as `maxPool`). Different output quantization:
/// out = clamp(zp_out + M(max − zp_in)), M = s_in / s_out as `QuantizedMultiplier` — requantizing
/// after the max is exact because requantization is monotone (non-decreasing).
public func globalMaxPool(
    _ input: Tensor<Int8>, into output: MutableTensor<Int8>, indices: MutableTensor<Int32>? = nil,
    activation: FusedActivation = .none
) throws(KernelError) {
    let plan = try validateGlobalPool(input, output)
    try indices?.validate(as: .indices, expected: plan.output)
    let x = input.data.baseAddress!, y = output.data.baseAddress!
    if input.quantization == output.quantization {
        let range = activation.int8Range(output.quantization)
        if let indices {
            maxPoolWithIndicesInt8(x, y, indices.data.baseAddress!, plan, range)
        } else {
            maxPoolInt8(x, y, plan, range)
        }
        return
    }
    if let indices {
        maxPoolWithIndicesInt8(x, y, indices.data.baseAddress!, plan, .full)
    } else {
        maxPoolInt8(x, y, plan, .full)
    }
    let m = QuantizedMultiplier(Double(input.quantization.scale) / Double(output.quantization.scale))
    let range = activation.int8Range(output.quantization)
    for k in 0..<plan.output.elementCount {
        y[k] = range.clamp(m.apply(Int32(y[k]) - input.quantization.zeroPoint) &+ output.quantization.zeroPoint)
    }
}

/// Checks a global pool's operands and returns its plan (output spatial extents 1).
func validateGlobalPool(_ input: Tensor<Int8>, _ output: MutableTensor<Int8>) throws(KernelError) -> PoolPlan {
    try input.validate(as: .input)
    let plan = try PoolPlan(globalInput: input.shape)
    try output.validate(as: .output, expected: plan.output)
    try input.quantization.validate(as: .input)
    try output.quantization.validate(as: .output)
    return plan
}

extension Reference {
    /// Int8 global average pooling, the definition: Int64 sums, then the rounding of
    /// `globalAveragePool` (same quantization: divide with ties away from zero; otherwise the
    /// 64-bit `QuantizedMultiplier.apply`, equal to the 32-bit one on Int32 values).
    public static func globalAveragePool(
        _ input: Tensor<Int8>, into output: MutableTensor<Int8>, activation: FusedActivation = .none
    ) throws(KernelError) {
        let plan = try validateGlobalPool(input, output)
        let cells = plan.input.spatialCount, C = plan.input.channels
        let qi = input.quantization, qo = output.quantization
        let range = activation.int8Range(qo)
        let m = QuantizedMultiplier(Double(qi.scale) / (Double(qo.scale) * Double(cells)))
        for n in 0..<plan.input.batch {
            for c in 0..<C {
                var sum: Int64 = 0
                for cell in 0..<cells { sum += Int64(input.data[(n * cells + cell) * C + c]) }
                let value = qi == qo
                    ? divideRoundingHalfAwayFromZero(sum, Int64(cells))
                    : m.apply(sum - Int64(cells) * Int64(qi.zeroPoint)) + Int64(qo.zeroPoint)
                output.data[n * C + c] = range.clamp(Int32(clamping: value))
            }
        }
    }
}

/// TFLite's int8 MEAN over the spatial axes with keep_dims (TF 2.21 reference), for bit-exact
/// conformance. (m, shift) = QuantizeMultiplier(s_in/s_out); the 1/n is folded into the
/// multiplier by integer division: k = min(⌊log2 n⌋, 32, 31 + shift), m' = ⌊m·2^k / n⌋,
/// shift' = shift − k; acc = Σ (q − zp_in) (Int32; planes ≤ 2^23 cells);
/// out = clamp(zp_out + MultiplyByQuantizedMultiplier(acc, m', shift')).
/// The truncated m' and the double rounding make it differ from `globalAveragePool` (one
/// rounding) by up to 1 LSB.
public func mean(_ input: Tensor<Int8>, into output: MutableTensor<Int8>) throws(KernelError) {
    let plan = try validateGlobalPool(input, output)
    let cells = plan.input.spatialCount, C = plan.input.channels
    guard cells <= globalInt32Cells else { throw .unsupported(.windowCells, value: cells) }
    let m = QuantizedMultiplier(Double(input.quantization.scale) / Double(output.quantization.scale))
    let k = Swift.min(Int32(Int.bitWidth - 1 - cells.leadingZeroBitCount), 32, 31 + m.shift)
    let folded = QuantizedMultiplier(
        multiplier: Int32(truncatingIfNeeded: (Int64(m.multiplier) << Int64(k)) / Int64(cells)), shift: m.shift - k)
    let zpIn = input.quantization.zeroPoint, zpOut = output.quantization.zeroPoint
    for n in 0..<plan.input.batch {
        for c in 0..<C {
            var acc: Int32 = 0
            for cell in 0..<cells { acc &+= Int32(input.data[(n * cells + cell) * C + c]) - zpIn }
            output.data[n * C + c] = Int8Range.full.clamp(folded.apply(acc) &+ zpOut)
        }
    }
}
