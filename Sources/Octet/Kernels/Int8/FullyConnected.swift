/// A validated int8 fully-connected layer, weights copied once.
///
/// Layout: input [batch, I] (an `ActivationShape.nwc(batch, 1, I)`), weights OI = [O, I], bias
/// Int32 [O] (scale s_in·s_w[o]), output [batch, O] (`.nwc(batch, 1, O)`); per-tensor (one scale)
/// or per-channel (O scales) weights. acc = Σ_i w[o, i]·(x[b, i] − zp_in) + bias[o] (Int32; at most
/// 65536 inputs). Requantization as TFLite 2.21's reference FULLY_CONNECTED, which — unlike
/// CONV_2D — works in double precision: out = clamp(zp_out + round(acc · M[o])) with
/// M[o] = s_in·s_w[o]/s_out as a Double and round half away from zero (TfLiteRound).
public struct FullyConnectedPlan: Sendable {
    public let inputFeatures: Int
    public let outputFeatures: Int
    let weights: [Int8]
    let bias: [Int32]
    let requantization: PerChannelRequantization
    let inputZeroPoint: Int32
    /// The weights packed for the optimized kernel (`FullyConnectedPackedWeights`).
    let packed: FullyConnectedPackedWeights

    public init(
        inputFeatures: Int, outputFeatures: Int, inputQuantization: QuantParams,
        weights: UnsafeBufferPointer<Int8>, filterScales: UnsafeBufferPointer<Float>, bias: UnsafeBufferPointer<Int32>?,
        outputQuantization: QuantParams, activation: FusedActivation = .none
    ) throws(KernelError) {
        let filter = FilterShape(outputChannels: outputFeatures, height: 1, width: 1, inputChannels: inputFeatures)
        guard filter.isWellFormed else { throw .invalidFilterShape(filter) }
        guard inputFeatures <= maximumAccumulatorTaps else {
            throw .accumulatorOverflow(taps: inputFeatures, limit: maximumAccumulatorTaps)
        }
        guard weights.count >= filter.elementCount else {
            throw .bufferTooSmall(.filter, required: filter.elementCount, actual: weights.count)
        }
        if let bias, bias.count != outputFeatures { throw .biasLength(expected: outputFeatures, actual: bias.count) }
        self.requantization = try PerChannelRequantization(
            input: inputQuantization, filterScales: filterScales, outputChannels: outputFeatures,
            output: outputQuantization, activation: activation)
        self.inputFeatures = inputFeatures
        self.outputFeatures = outputFeatures
        self.weights = Array(UnsafeBufferPointer(rebasing: weights[0..<filter.elementCount]))
        self.bias = bias.map { Array($0) } ?? [Int32](repeating: 0, count: outputFeatures)
        self.inputZeroPoint = inputQuantization.zeroPoint
        self.packed = FullyConnectedPackedWeights(
            self.weights, bias: self.bias, inputZeroPoint: inputQuantization.zeroPoint,
            inputFeatures: inputFeatures, outputFeatures: outputFeatures)
    }

    /// The input shape for `batch` rows.
    public func inputShape(batch: Int) -> ActivationShape { .nwc(batch, 1, inputFeatures) }

    /// The output shape for `batch` rows.
    public func outputShape(batch: Int) -> ActivationShape { .nwc(batch, 1, outputFeatures) }

    func validate(_ input: Tensor<Int8>, _ output: MutableTensor<Int8>) throws(KernelError) {
        try input.validate(as: .input)
        let expected = inputShape(batch: input.shape.batch)
        guard input.shape == expected else { throw .shapeMismatch(.input, expected: expected, actual: input.shape) }
        try output.validate(as: .output, expected: outputShape(batch: input.shape.batch))
    }

    /// TFLite's double-precision requantization: clamp(zp + round(acc · M)), ties away from zero.
    @inline(__always)
    func requantize(_ acc: Int32, _ o: Int) -> Int8 {
        let scaled = roundHalfAwayFromZero(Double(acc) * requantization.realMultipliers[o])
        let bounded = Swift.min(Swift.max(scaled, -4096), 4096)
        return requantization.range.clamp(Int32(bounded) &+ requantization.outputZeroPoint)
    }
}

// MARK: - Optimized path: 8 outputs × 16 inputs per step, Int8 weights widened in registers

/// Weights packed for `fullyConnectedInt8`, kept as Int8 (half the memory traffic of Int16):
/// outputs in blocks of 8 (a partial last block is padded with zero weights), inputs in chunks of
/// 16 (a partial last chunk is padded with zero weights); per block and chunk, one SIMD16<Int8> per
/// output of the block holding w[8b + lane, 16k ..< 16k + 16]: index (b·chunks + k)·8 + lane, so the
/// kernel streams one block's weights in order.
///
/// The kernel sums w·x (not w·(x − zp)): `adjustedBias[o]` = bias[o] − zp_in·Σ_i w[o, i] (wrapping),
/// so Σ w·x + adjustedBias ≡ Σ w·(x − zp_in) + bias (mod 2^32), the reference's Int32 sum.
struct FullyConnectedPackedWeights: Sendable {
    let blocks: Int
    let chunks: Int
    let data: [SIMD16<Int8>]
    let adjustedBias: [Int32]

    init(_ w: [Int8], bias: [Int32], inputZeroPoint zp: Int32, inputFeatures I: Int, outputFeatures O: Int) {
        blocks = (O + 7) / 8
        chunks = (I + 15) / 16
        var data = [SIMD16<Int8>](repeating: SIMD16<Int8>(), count: blocks * chunks * 8)
        var index = 0
        for b in 0..<blocks {
            for k in 0..<chunks {
                for lane in 0..<8 {
                    let o = b * 8 + lane
                    if o < O {
                        var v = SIMD16<Int8>()
                        for c in 0..<Swift.min(16, I - 16 * k) { v[c] = w[o * I + 16 * k + c] }
                        data[index] = v
                    }
                    index += 1
                }
            }
        }
        self.data = data
        adjustedBias = (0..<O).map { o in
            var sum: Int32 = 0
            for k in 0..<I { sum &+= Int32(w[o * I + k]) }
            return bias[o] &- zp &* sum
        }
    }
}

/// Runs a prepared int8 fully-connected layer on `input.shape.batch` rows.
public func fullyConnected(
    _ input: Tensor<Int8>, into output: MutableTensor<Int8>, plan: FullyConnectedPlan
) throws(KernelError) {
    try plan.validate(input, output)
    fullyConnectedInt8(input.data.baseAddress!, output.data.baseAddress!, plan, batch: input.shape.batch)
}

/// 16 input bytes at `p` (inputs 16k ..< 16k + 16), sign-extended to two Int16×8 halves.
@inline(__always)
private func fullyConnectedInput(_ p: UnsafePointer<Int8>) -> (SIMD8<Int16>, SIMD8<Int16>) {
    let v = UnsafeRawPointer(p).loadUnaligned(as: SIMD16<Int8>.self)
    return (SIMD8<Int16>(Int16(v[0]), Int16(v[1]), Int16(v[2]), Int16(v[3]), Int16(v[4]), Int16(v[5]), Int16(v[6]), Int16(v[7])),
            SIMD8<Int16>(Int16(v[8]), Int16(v[9]), Int16(v[10]), Int16(v[11]), Int16(v[12]), Int16(v[13]), Int16(v[14]), Int16(v[15])))
}

/// The last, partial chunk of `count` (1...15) inputs: one 16-byte load when 16 bytes are readable
/// before `limit` (the extra lanes meet zero weights), else byte by byte.
@inline(__always)
private func fullyConnectedTail(_ p: UnsafePointer<Int8>, count: Int, limit: UnsafePointer<Int8>) -> (SIMD8<Int16>, SIMD8<Int16>) {
    if limit - p >= 16 { return fullyConnectedInput(p) }
    var low = SIMD8<Int16>(), high = SIMD8<Int16>()
    for c in 0..<count {
        if c < 8 { low[c] = Int16(p[c]) } else { high[c - 8] = Int16(p[c]) }
    }
    return (low, high)
}

/// 256·w for the 8 weights w[0..<8] (low) or w[8..<16] (high): each byte becomes the high byte of an
/// Int16 lane whose low byte is 0 — one unpack with a zero register (punpcklbw / punpckhbw), no
/// sign-extension shift. Little-endian lane layout (x86-64, AArch64, Arm).
@inline(__always)
private func fullyConnectedScaledWeights(_ w: SIMD16<Int8>) -> (SIMD8<Int16>, SIMD8<Int16>) {
    let low = SIMD16<Int8>(0, w[0], 0, w[1], 0, w[2], 0, w[3], 0, w[4], 0, w[5], 0, w[6], 0, w[7])
    let high = SIMD16<Int8>(0, w[8], 0, w[9], 0, w[10], 0, w[11], 0, w[12], 0, w[13], 0, w[14], 0, w[15])
    return (unsafeBitCast(low, to: SIMD8<Int16>.self), unsafeBitCast(high, to: SIMD8<Int16>.self))
}

/// Chunks summed between two rescalings of the 256-scaled accumulators (see
/// `FullyConnectedAccumulators`): 64 · 2^24 = 2^30 < 2^31.
private let fullyConnectedChunksPerFlush = 64

/// The 8 Int32×4 accumulators of one row × one block of 8 outputs. Within a flush window each lane
/// sums 256·w·x: a pmaddwd lane is at most 2·128·128·256 = 2^23 in magnitude, a chunk's two at
/// most 2^24, so `fullyConnectedChunksPerFlush` chunks stay exact multiples of 256 below 2^31 and
/// `&>> 8` of each lane recovers its Σ w·x.
private struct FullyConnectedAccumulators {
    var a0 = SIMD4<Int32>(), a1 = SIMD4<Int32>(), a2 = SIMD4<Int32>(), a3 = SIMD4<Int32>()
    var a4 = SIMD4<Int32>(), a5 = SIMD4<Int32>(), a6 = SIMD4<Int32>(), a7 = SIMD4<Int32>()

    /// One chunk of 16 inputs `x` (widened once) against the block's 8 weight vectors at `w`: per
    /// output one 16-byte weight load, 2 unpacks, 2 pmaddwd, 2 paddd.
    @inline(__always)
    mutating func add(_ x: (SIMD8<Int16>, SIMD8<Int16>), _ w: UnsafePointer<SIMD16<Int8>>) {
        a0 &+= Self.chunk(w[0], x); a1 &+= Self.chunk(w[1], x)
        a2 &+= Self.chunk(w[2], x); a3 &+= Self.chunk(w[3], x)
        a4 &+= Self.chunk(w[4], x); a5 &+= Self.chunk(w[5], x)
        a6 &+= Self.chunk(w[6], x); a7 &+= Self.chunk(w[7], x)
    }

    /// Σ over the chunk's 16 inputs of 256·w·x, in 4 Int32 lanes.
    @inline(__always)
    static func chunk(_ w: SIMD16<Int8>, _ x: (SIMD8<Int16>, SIMD8<Int16>)) -> SIMD4<Int32> {
        let scaled = fullyConnectedScaledWeights(w)
        return multiplyAddPairs(scaled.0, x.0) &+ multiplyAddPairs(scaled.1, x.1)
    }

    /// Adds this window's Σ w·x (each lane shifted back by 8) into `totals`.
    @inline(__always)
    func flush(into totals: inout FullyConnectedAccumulators) {
        totals.a0 &+= a0 &>> 8; totals.a1 &+= a1 &>> 8; totals.a2 &+= a2 &>> 8; totals.a3 &+= a3 &>> 8
        totals.a4 &+= a4 &>> 8; totals.a5 &+= a5 &>> 8; totals.a6 &+= a6 &>> 8; totals.a7 &+= a7 &>> 8
    }

    /// [Σa0, …, Σa3] and [Σa4, …, Σa7]: 4×4 transposes by unpacks, then adds.
    @inline(__always)
    func sums() -> (SIMD4<Int32>, SIMD4<Int32>) {
        (Self.horizontalSums(a0, a1, a2, a3), Self.horizontalSums(a4, a5, a6, a7))
    }

    @inline(__always)
    static func horizontalSums(_ a: SIMD4<Int32>, _ b: SIMD4<Int32>, _ c: SIMD4<Int32>, _ d: SIMD4<Int32>) -> SIMD4<Int32> {
        let ab = SIMD4<Int32>(a[0], b[0], a[1], b[1]) &+ SIMD4<Int32>(a[2], b[2], a[3], b[3])
        let cd = SIMD4<Int32>(c[0], d[0], c[1], d[1]) &+ SIMD4<Int32>(c[2], d[2], c[3], d[3])
        return SIMD4<Int32>(ab[0], ab[1], cd[0], cd[1]) &+ SIMD4<Int32>(ab[2], ab[3], cd[2], cd[3])
    }
}

/// The exact Int32 sums Σ_i w[o, i]·x[i] of one row for one block of 8 outputs: the full chunks of
/// 16 inputs (one 16-byte load widened once per chunk), then the partial chunk if any, in flush
/// windows of at most `fullyConnectedChunksPerFlush` chunks. Out of line so the accumulators own
/// the registers.
@inline(never)
private func fullyConnectedSums(
    _ x: UnsafePointer<Int8>, fullChunks: Int, tail: Int, limit: UnsafePointer<Int8>, weights: UnsafePointer<SIMD16<Int8>>
) -> (SIMD4<Int32>, SIMD4<Int32>) {
    var totals = FullyConnectedAccumulators()
    var w = weights, p = x
    var remaining = fullChunks, tailPending = tail > 0
    while remaining > 0 || tailPending {
        let n = Swift.min(remaining, fullyConnectedChunksPerFlush)
        remaining -= n
        var acc = FullyConnectedAccumulators()
        for _ in 0..<n {
            acc.add(fullyConnectedInput(p), w)
            w += 8
            p += 16
        }
        if tailPending && remaining == 0 && n < fullyConnectedChunksPerFlush {
            acc.add(fullyConnectedTail(p, count: tail, limit: limit), w)
            tailPending = false
        }
        acc.flush(into: &totals)
    }
    return totals.sums()
}

/// Optimized path: per row and block of 8 outputs, the exact Int32 sums (`fullyConnectedSums`),
/// + adjusted bias, then the same double-precision requantization as `Reference.fullyConnected`.
private func fullyConnectedInt8(_ x: UnsafePointer<Int8>, _ y: UnsafeMutablePointer<Int8>, _ plan: FullyConnectedPlan, batch: Int) {
    let I = plan.inputFeatures, O = plan.outputFeatures
    let pk = plan.packed
    let limit = x + batch * I
    pk.data.withUnsafeBufferPointer { packed in
    pk.adjustedBias.withUnsafeBufferPointer { bias in
        for b in 0..<batch {
            for block in 0..<pk.blocks {
                let sums = fullyConnectedSums(
                    x + b * I, fullChunks: I / 16, tail: I % 16, limit: limit,
                    weights: packed.baseAddress! + block &* pk.chunks &* 8)
                let first = block &* 8
                for lane in 0..<Swift.min(8, O &- first) {
                    let acc = lane < 4 ? sums.0[lane] : sums.1[lane &- 4]
                    y[b &* O &+ first &+ lane] = plan.requantize(acc &+ bias[first &+ lane], first &+ lane)
                }
            }
        }
    }
    }
}

extension Reference {
    /// Int8 fully connected, the definition.
    public static func fullyConnected(
        _ input: Tensor<Int8>, into output: MutableTensor<Int8>, plan: FullyConnectedPlan
    ) throws(KernelError) {
        try plan.validate(input, output)
        fullyConnected(input.data, output.data, plan, batch: input.shape.batch)
    }

    static func fullyConnected(
        _ x: UnsafeBufferPointer<Int8>, _ y: UnsafeMutableBufferPointer<Int8>, _ plan: FullyConnectedPlan, batch: Int
    ) {
        let I = plan.inputFeatures, O = plan.outputFeatures, zp = plan.inputZeroPoint
        for b in 0..<batch {
            for o in 0..<O {
                var acc: Int32 = 0
                for k in 0..<I { acc += Int32(plan.weights[o * I + k]) * (Int32(x[b * I + k]) - zp) }
                y[b * O + o] = plan.requantize(acc &+ plan.bias[o], o)
            }
        }
    }
}
