/// A validated int8 convolution (1-D or 2-D, grouped), with its weights copied and packed once,
/// its bias and its per-channel requantization: running it allocates nothing.
///
/// Layout: input NWC / NHWC, filter OHWI = [O, kh, kw, Cin/groups], bias Int32 [O] (scale
/// s_in·s_w[c], zero point 0), output NWC / NHWC. Output extents: `PoolPlan`'s formula (SAME/VALID
/// as TFLite). For each output (n, oh, ow, oc) in group g = oc / (O/groups):
/// acc = Σ w[oc, ky, kx, i] · (x[n, ih, iw, g·Cin/groups + i] − zp_in) over the taps inside the
/// input (taps in the padding are skipped, ≡ padding with zp_in), + bias[oc] — Int32, with at most
/// 65536 taps so |acc| < 2^31 (`maximumAccumulatorTaps`; larger filters are rejected);
/// out = clamp(zp_out + MultiplyByQuantizedMultiplier(acc, M[oc])), M[oc] = s_in·s_w[oc]/s_out:
/// TFLite's fixed-point double rounding. Bit-exact with TFLite's reference CONV_2D (per-channel).
public struct Conv2DPlan: Sendable {
    public let input: ActivationShape
    public let output: ActivationShape
    public let filter: FilterShape
    public let groups: Int
    let height: PoolAxis
    let width: PoolAxis
    /// OHWI weights as given (the reference loop's layout).
    let weights: [Int8]
    let bias: [Int32]
    let requantization: PerChannelRequantization
    let inputZeroPoint: Int32
    /// The same weights packed for the optimized kernel (`ConvPackedWeights`).
    let packed: ConvPackedWeights
    /// The weights packed for the wide kernel, in builds that run it (`convUsesWideKernel`) when
    /// it applies (`ConvWideWeights.applies`); then `packed` is left empty.
    let wide: ConvWideWeights?

    /// Validates everything and copies the weights. `filterScales`: one per output channel or one;
    /// `bias`: nil or one per output channel.
    public init(
        input: ActivationShape, inputQuantization: QuantParams,
        filter: FilterShape, weights: UnsafeBufferPointer<Int8>, filterScales: UnsafeBufferPointer<Float>,
        bias: UnsafeBufferPointer<Int32>?, outputQuantization: QuantParams, parameters: Conv2DParameters
    ) throws(KernelError) {
        let geometry = try convGeometry(input, filter, groups: parameters.groups, parameters: parameters)
        let g = parameters.groups
        let taps = filter.height * filter.width * filter.inputChannels
        guard taps <= maximumAccumulatorTaps else { throw .accumulatorOverflow(taps: taps, limit: maximumAccumulatorTaps) }
        guard weights.count >= filter.elementCount else {
            throw .bufferTooSmall(.filter, required: filter.elementCount, actual: weights.count)
        }
        if let bias, bias.count != filter.outputChannels {
            throw .biasLength(expected: filter.outputChannels, actual: bias.count)
        }
        self.requantization = try PerChannelRequantization(
            input: inputQuantization, filterScales: filterScales, outputChannels: filter.outputChannels,
            output: outputQuantization, activation: parameters.activation)
        self.input = input
        var out = geometry.output
        out.channels = filter.outputChannels
        self.output = out
        self.filter = filter
        self.groups = g
        self.height = geometry.height
        self.width = geometry.width
        self.weights = Array(UnsafeBufferPointer(rebasing: weights[0..<filter.elementCount]))
        self.bias = bias.map { Array($0) } ?? [Int32](repeating: 0, count: filter.outputChannels)
        self.inputZeroPoint = inputQuantization.zeroPoint
        if convUsesWideKernel && ConvWideWeights.applies(filter: filter, groups: g, multipliers: requantization.multipliers) {
            self.wide = ConvWideWeights(
                self.weights, bias: self.bias, inputZeroPoint: inputQuantization.zeroPoint,
                multipliers: requantization.multipliers, filter: filter)
            self.packed = .empty
        } else {
            self.wide = nil
            self.packed = ConvPackedWeights(
                self.weights, bias: self.bias, inputZeroPoint: inputQuantization.zeroPoint,
                multipliers: requantization.multipliers, filter: filter, groups: g,
                contiguousRows: g == 1 && geometry.width.dilation == 1)
        }
    }

    /// The wide kernel's packing for this plan, or nil where it does not apply (tests run the
    /// wide kernel in every build through it).
    func wideWeights() -> ConvWideWeights? {
        wide ?? (ConvWideWeights.applies(filter: filter, groups: groups, multipliers: requantization.multipliers)
            ? ConvWideWeights(weights, bias: bias, inputZeroPoint: inputZeroPoint, multipliers: requantization.multipliers, filter: filter)
            : nil)
    }
}

/// Runs a prepared int8 convolution: `input` and `output` must have the plan's shapes.
public func conv2D(_ input: Tensor<Int8>, into output: MutableTensor<Int8>, plan: Conv2DPlan) throws(KernelError) {
    try input.validate(as: .input)
    guard input.shape == plan.input else { throw .shapeMismatch(.input, expected: plan.input, actual: input.shape) }
    try output.validate(as: .output, expected: plan.output)
    if let wide = plan.wide {
        conv2DWide(input.data.baseAddress!, output.data.baseAddress!, plan, wide)
    } else {
        conv2DInt8(input.data.baseAddress!, output.data.baseAddress!, plan)
    }
}

extension Reference {
    /// Int8 convolution, the definition: n → oh → ow → oc → ky → kx → i loops, Int32 accumulator.
    public static func conv2D(_ input: Tensor<Int8>, into output: MutableTensor<Int8>, plan: Conv2DPlan) throws(KernelError) {
        try input.validate(as: .input)
        guard input.shape == plan.input else { throw .shapeMismatch(.input, expected: plan.input, actual: input.shape) }
        try output.validate(as: .output, expected: plan.output)
        conv2D(input.data, output.data, plan)
    }

    static func conv2D(_ x: UnsafeBufferPointer<Int8>, _ y: UnsafeMutableBufferPointer<Int8>, _ plan: Conv2DPlan) {
        forEachConvAccumulator(
            x, input: plan.input, output: plan.output, filter: plan.filter, groups: plan.groups,
            height: plan.height, width: plan.width, weights: plan.weights, zeroPoint: plan.inputZeroPoint
        ) { out, oc, acc in
            y[out] = plan.requantization.fixedPoint(acc &+ plan.bias[oc], channel: oc)
        }
    }
}

/// The convolution's definition, shared by every reference loop over OHWI weights (int8 output,
/// float32 output): for each output (n, oh, ow, oc) in NHWC order, in group g = oc / (O/groups),
/// acc = Σ w[oc, ky, kx, i]·(x[n, iy, ix, g·I + i] − zp) over the taps inside the input (Int32;
/// at most 65536 taps, so |acc| < 2^31), then `emit(output index, oc, acc)`.
@inline(__always)
func forEachConvAccumulator(
    _ x: UnsafeBufferPointer<Int8>, input i: ActivationShape, output o: ActivationShape, filter f: FilterShape,
    groups: Int, height: PoolAxis, width: PoolAxis, weights: [Int8], zeroPoint zp: Int32,
    _ emit: (Int, Int, Int32) -> Void
) {
    let outPerGroup = f.outputChannels / groups
    var out = 0
    for n in 0..<o.batch {
        for oh in 0..<o.height {
            let wh = height.window(oh)
            for ow in 0..<o.width {
                let ww = width.window(ow)
                for oc in 0..<o.channels {
                    let group = oc / outPerGroup
                    var acc: Int32 = 0
                    for ty in 0..<wh.count {
                        let ky = wh.firstTap + ty, iy = wh.first + ty * wh.step
                        for tx in 0..<ww.count {
                            let kx = ww.firstTap + tx, ix = ww.first + tx * ww.step
                            let xBase = ((n * i.height + iy) * i.width + ix) * i.channels + group * f.inputChannels
                            let wBase = ((oc * f.height + ky) * f.width + kx) * f.inputChannels
                            for c in 0..<f.inputChannels {
                                acc &+= Int32(weights[wBase + c]) &* (Int32(x[xBase + c]) &- zp)
                            }
                        }
                    }
                    emit(out, oc, acc)
                    out += 1
                }
            }
        }
    }
}

// MARK: - Optimized path: 8 output channels × 8 input channels per step on Int16 (pmaddwd / smlal)

/// Weights packed for `conv2DInt8`: per group, output channels in blocks of 8 (a partial last block
/// is padded with zero weights); per block, tap (ky, kx) and chunk of 8 input channels (a partial
/// last chunk is padded with zero weights), one SIMD8<Int16> per output channel of the block holding
/// w[oc, ky, kx, 8k ..< 8k + 8]: index ((((g·blocks + b)·kh + ky)·kw + kx)·chunks + k)·8 + lane, so
/// the kernel streams one block's weights in order.
///
/// With one group and width dilation 1, a row of kw taps reads kw·Cin contiguous input bytes; when
/// Cin is not a multiple of 8, `rowData` also packs each row as ⌈kw·Cin / 8⌉ chunks of that flat
/// (kx, i) sequence (index ((b·kh + ky)·rowChunks + k)·8 + lane), fewer than kw·chunks: the first
/// layer's Cin = 3 takes 2 chunks per row instead of 3. With Cin a multiple of 8 the two layouts
/// coincide and `data` serves both.
///
/// The kernel sums w·x over the taps inside the input, not w·(x − zp): `blockBias` holds
/// bias[oc] − zp_in·Σ w[oc, ·, ·, ·] (wrapping) and each tap in the padding adds its
/// `tapCorrections` zp_in·Σ_i w[oc, ky, kx, i] back — so the Int32 result ≡ Σ over the valid taps
/// of w·(x − zp_in), + bias (mod 2^32): the reference's sum, whose true value fits Int32.
struct ConvPackedWeights: Sendable {
    let blocks: Int
    let chunks: Int
    let data: [SIMD8<Int16>]
    /// Chunks per row of taps read as one contiguous segment, or 0 (no row segments).
    let rowChunks: Int
    /// The row layout, when it is not `data`'s.
    let rowData: [SIMD8<Int16>]
    /// Per group and block, the 8 channels' adjusted bias as two vectors (0 past the last channel):
    /// index (g·blocks + b)·2 + half.
    let blockBias: [SIMD4<Int32>]
    /// Per group, block and tap, zp_in·Σ_i w[oc, ky, kx, i] for the block's 8 channels as two
    /// vectors: index ((g·blocks + b)·kh·kw + tap)·2 + half.
    let tapCorrections: [SIMD4<Int32>]
    /// Per output channel, its multiplier in `ConvRequantization`'s form; `branchFree` when every
    /// channel has one (else the kernel calls `QuantizedMultiplier.apply`).
    let requantization: [ConvRequantization]
    let branchFree: Bool

    /// No packed weights: plans that run the wide kernel.
    static let empty = ConvPackedWeights(
        [], bias: [], inputZeroPoint: 0, multipliers: [], filter: FilterShape(outputChannels: 0, height: 0, width: 0, inputChannels: 0),
        groups: 1, contiguousRows: false)

    /// `contiguousRows`: one group and width dilation 1.
    init(
        _ w: [Int8], bias: [Int32], inputZeroPoint zp: Int32, multipliers: [QuantizedMultiplier], filter f: FilterShape,
        groups: Int, contiguousRows: Bool
    ) {
        let perGroup = f.outputChannels / groups
        let taps = f.height * f.width
        blocks = (perGroup + 7) / 8
        chunks = (f.inputChannels + 7) / 8
        let rowLength = f.width * f.inputChannels
        var rowChunks = contiguousRows ? (rowLength + 7) / 8 : 0
        var rowData: [SIMD8<Int16>] = []
        if f.inputChannels % 8 != 0 && rowChunks > 0 {
            if rowChunks < f.width * chunks {
                rowData = [SIMD8<Int16>](repeating: SIMD8<Int16>(), count: blocks * f.height * rowChunks * 8)
                for b in 0..<blocks {
                    for lane in 0..<Swift.min(8, perGroup - b * 8) {
                        let oc = b * 8 + lane
                        for ky in 0..<f.height {
                            for k in 0..<rowChunks {
                                var v = SIMD8<Int16>()
                                for c in 0..<Swift.min(8, rowLength - 8 * k) { v[c] = Int16(w[(oc * f.height + ky) * rowLength + 8 * k + c]) }
                                rowData[((b * f.height + ky) * rowChunks + k) * 8 + lane] = v
                            }
                        }
                    }
                }
            } else {
                rowChunks = 0
            }
        }
        self.rowChunks = rowChunks
        self.rowData = rowData
        var data = [SIMD8<Int16>](repeating: SIMD8<Int16>(), count: groups * blocks * taps * chunks * 8)
        var blockBias = [SIMD4<Int32>](repeating: SIMD4<Int32>(), count: groups * blocks * 2)
        var corrections = [SIMD4<Int32>](repeating: SIMD4<Int32>(), count: groups * blocks * taps * 2)
        for g in 0..<groups {
            for b in 0..<blocks {
                let block = g * blocks + b
                for lane in 0..<Swift.min(8, perGroup - b * 8) {
                    let oc = g * perGroup + b * 8 + lane
                    var total: Int32 = 0
                    for tap in 0..<taps {
                        let base = (oc * taps + tap) * f.inputChannels
                        var sum: Int32 = 0
                        for k in 0..<chunks {
                            var v = SIMD8<Int16>()
                            for c in 0..<Swift.min(8, f.inputChannels - 8 * k) {
                                v[c] = Int16(w[base + 8 * k + c])
                                sum &+= Int32(w[base + 8 * k + c])
                            }
                            data[((block * taps + tap) * chunks + k) * 8 + lane] = v
                        }
                        corrections[(block * taps + tap) * 2 + lane / 4][lane % 4] = zp &* sum
                        total &+= sum
                    }
                    blockBias[block * 2 + lane / 4][lane % 4] = bias[oc] &- zp &* total
                }
            }
        }
        self.data = data
        self.blockBias = blockBias
        self.tapCorrections = corrections
        requantization = multipliers.map(ConvRequantization.init)
        branchFree = requantization.allSatisfy { $0.isExact }
    }
}

/// A `QuantizedMultiplier` with shift ≤ 0 and multiplier ≠ Int32.min (every per-channel multiplier
/// below 1), evaluated exactly as `apply` with one multiply, one shift and no branches. With
/// ab = acc·m and r = −shift: SaturatingRoundingDoublingHighMul is high = ⌊(ab + 2^30) / 2^31⌋
/// (its saturating case needs m = Int32.min; TFLite's nudge, 2^30 or 1 − 2^30, followed by
/// truncation toward zero equals this floor); RoundingDivideByPOT (ties away from zero) is
/// ⌊(high + 2^(r−1) − [high < 0]) / 2^r⌋ for r ≥ 1 and high for r = 0. Nested floors merge:
/// out = ⌊(ab + 2^30 + 2^(30+r) − 2^31·[high < 0]) / 2^(31+r)⌋, and [high < 0] may be read as
/// [ab < 0] (they differ only for −2^30 ≤ ab < 0, where high = 0 and both give 0). |ab| < 2^62, so
/// the Int64 sum cannot overflow. `isExact` is false for other multipliers (the kernel then calls
/// `apply`).
struct ConvRequantization: Sendable {
    let multiplier: Int64
    /// 2^30 + 2^(30+r), or 2^30 when r = 0.
    let offset: Int64
    /// −2^31 when r ≥ 1 (added for negative products), else 0.
    let negativeOffset: Int64
    /// 31 + r.
    let shift: Int64
    let isExact: Bool

    init(_ q: QuantizedMultiplier) {
        isExact = q.shift <= 0 && q.multiplier != Int32.min
        let r = isExact ? Int64(-q.shift) : 0
        multiplier = Int64(q.multiplier)
        offset = (1 << 30) + (r > 0 ? Int64(1) << (30 + r) : 0)
        negativeOffset = r > 0 ? -(1 << 31) : 0
        shift = 31 + r
    }

    @inline(__always)
    func apply(_ acc: Int32) -> Int32 {
        let ab = Int64(acc) &* multiplier
        return Int32(truncatingIfNeeded: (ab &+ offset &+ ((ab &>> 63) & negativeOffset)) &>> shift)
    }
}

/// Σ over 4 lanes of a·b on Int16 pairs: lane j = a[2j]·b[2j] + a[2j+1]·b[2j+1] (pmaddwd on x86,
/// smull/smlal pairs on NEON). Exact unless all four operands of a lane are −32768 (the pair sum
/// 2^31); Octet's operands — int8 values, possibly times 256 — stay far below.
/// Written as widen, multiply, add even and odd halves — the shape LLVM matches to pmaddwd (a
/// per-lane loop here was scalarized inside large callers).
@inline(__always)
func multiplyAddPairs(_ a: SIMD8<Int16>, _ b: SIMD8<Int16>) -> SIMD4<Int32> {
    let products = widen(a) &* widen(b)
    return products.evenHalf &+ products.oddHalf
}

/// Sign-extends 8 Int16 lanes (an explicit initializer: the generic conversion stayed a call).
@inline(__always)
func widen(_ v: SIMD8<Int16>) -> SIMD8<Int32> {
    SIMD8<Int32>(Int32(v[0]), Int32(v[1]), Int32(v[2]), Int32(v[3]), Int32(v[4]), Int32(v[5]), Int32(v[6]), Int32(v[7]))
}

/// 8 input bytes at `p`, sign-extended to Int16 (movq, punpcklbw, psraw on SSE2).
@inline(__always)
private func convLoadInput(_ p: UnsafePointer<Int8>) -> SIMD8<Int16> {
    let v = UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Int8>.self)
    return SIMD8<Int16>(Int16(v[0]), Int16(v[1]), Int16(v[2]), Int16(v[3]), Int16(v[4]), Int16(v[5]), Int16(v[6]), Int16(v[7]))
}

/// 8 input bytes at `p` as 256·x: each byte becomes the high byte of an Int16 lane whose low byte
/// is 0 — one unpack against a zero register (punpcklbw / zip), no sign-extension shift.
/// Little-endian lanes (x86-64, AArch64, Arm). Products with it are 256 times w·x: a pmaddwd lane
/// is at most 2·128·128·256 = 2^23 in magnitude, so an accumulator lane sums 255 chunks exactly
/// (below 2^31) and an arithmetic shift by 8 of each lane recovers its Σ w·x.
@inline(__always)
private func convLoadScaledInput(_ p: UnsafePointer<Int8>) -> SIMD8<Int16> {
    let v = UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Int8>.self)
    let interleaved = SIMD16<Int8>(0, v[0], 0, v[1], 0, v[2], 0, v[3], 0, v[4], 0, v[5], 0, v[6], 0, v[7])
    return unsafeBitCast(interleaved, to: SIMD8<Int16>.self)
}

/// The most chunks one output may sum with `convLoadScaledInput` (see there).
private let convScaledChunkLimit = 255

/// The 8 Int32×4 accumulators of one output pixel × one block of 8 output channels.
private struct ConvAccumulators {
    var a0 = SIMD4<Int32>(), a1 = SIMD4<Int32>(), a2 = SIMD4<Int32>(), a3 = SIMD4<Int32>()
    var a4 = SIMD4<Int32>(), a5 = SIMD4<Int32>(), a6 = SIMD4<Int32>(), a7 = SIMD4<Int32>()

    /// One chunk of 8 input channels `v` (widened once) against the block's 8 weight vectors at
    /// `w`: per output channel one weight load, pmaddwd and paddd.
    @inline(__always)
    mutating func add(_ v: SIMD8<Int16>, _ w: UnsafePointer<SIMD8<Int16>>) {
        a0 &+= multiplyAddPairs(w[0], v); a1 &+= multiplyAddPairs(w[1], v)
        a2 &+= multiplyAddPairs(w[2], v); a3 &+= multiplyAddPairs(w[3], v)
        a4 &+= multiplyAddPairs(w[4], v); a5 &+= multiplyAddPairs(w[5], v)
        a6 &+= multiplyAddPairs(w[6], v); a7 &+= multiplyAddPairs(w[7], v)
    }

    /// [Σa0, Σa1, Σa2, Σa3] and [Σa4, …, Σa7]: 4×4 transposes by unpacks, then adds. `shift`:
    /// each lane is first shifted right arithmetically (8 undoes 256-scaled inputs: every lane is a
    /// multiple of 256 below 2^31, while 256 times a 4-lane sum could exceed Int32).
    @inline(__always)
    func sums(shift: Int32) -> (SIMD4<Int32>, SIMD4<Int32>) {
        (Self.horizontalSums(a0 &>> shift, a1 &>> shift, a2 &>> shift, a3 &>> shift),
         Self.horizontalSums(a4 &>> shift, a5 &>> shift, a6 &>> shift, a7 &>> shift))
    }

    @inline(__always)
    static func horizontalSums(_ a: SIMD4<Int32>, _ b: SIMD4<Int32>, _ c: SIMD4<Int32>, _ d: SIMD4<Int32>) -> SIMD4<Int32> {
        let ab = SIMD4<Int32>(a[0], b[0], a[1], b[1]) &+ SIMD4<Int32>(a[2], b[2], a[3], b[3])
        let cd = SIMD4<Int32>(c[0], d[0], c[1], d[1]) &+ SIMD4<Int32>(c[2], d[2], c[3], d[3])
        return SIMD4<Int32>(ab[0], ab[1], cd[0], cd[1]) &+ SIMD4<Int32>(ab[2], ab[3], cd[2], cd[3])
    }
}

/// What every output row of `conv2DInt8` shares.
private struct ConvRun {
    let inputHeight: Int, inputWidth: Int
    /// Bytes per input pixel (all groups' channels).
    let pixelStride: Int
    let kernelHeight: Int, kernelWidth: Int
    let heightDilation: Int, widthDilation: Int, widthStride: Int, widthPadding: Int
    /// Input channels per group = 8·fullChunks + tail; `chunks` = fullChunks + (tail > 0 ? 1 : 0).
    let fullChunks: Int, tail: Int, chunks: Int
    /// Chunks of a whole row of taps read as one segment (`ConvPackedWeights.rowChunks`; 0: none),
    /// and whether its last chunk is partial (then read only when 8 bytes are there).
    let rowChunks: Int, rowTail: Bool
    /// One past the input's last byte: the partial chunk never reads beyond it.
    let limit: UnsafePointer<Int8>
    let outputWidth: Int, outputPixelStride: Int
    let outputZeroPoint: Int32
    let range: Int8Range
    let branchFree: Bool
}

/// One block of 8 output channels (of which `count` exist) in one group.
private struct ConvBlock {
    let weights: UnsafePointer<SIMD8<Int16>>
    /// The block's weights in the row layout (`weights` itself when Cin is a multiple of 8).
    let rowWeights: UnsafePointer<SIMD8<Int16>>
    let corrections: UnsafePointer<SIMD4<Int32>>
    let bias: (SIMD4<Int32>, SIMD4<Int32>)
    let requantization: UnsafePointer<ConvRequantization>
    let multipliers: UnsafePointer<QuantizedMultiplier>
    let count: Int
}

/// The exact Int32 sums Σ w·x of one output pixel (window at `row`, `column`) for one block, over
/// the taps inside the input. The taps are walked as segments of contiguous chunks — a whole row
/// of taps when the window's columns are inside and rows are contiguous, else one tap — all run by
/// one instance of the hot loop (a second copy, or other vectors live across it, made the register
/// allocator spill the accumulators). Taps in the padding and partial chunks that cannot be read
/// as 8 bytes are skipped here and added by `convPixelFixup`.
/// `scaled`: inputs loaded as 256·x (`convLoadScaledInput`; the plan's taps·chunks is at most
/// `convScaledChunkLimit`), the sums shifted back at the end.
@inline(__always)
private func convPixelSums(
    _ r: ConvRun, _ b: ConvBlock, image: UnsafePointer<Int8>, row: Int, column: Int, scaled: Bool
) -> (SIMD4<Int32>, SIMD4<Int32>) {
    var acc = ConvAccumulators()
    var fixup = false
    let wholeRows = r.rowChunks > 0 && column >= 0
        && column &+ (r.kernelWidth &- 1) &* r.widthDilation < r.inputWidth
    var ky = 0, kx = 0
    while ky < r.kernelHeight {
        let iy = row &+ ky &* r.heightDilation
        let tap = ky &* r.kernelWidth &+ kx
        if iy < 0 || iy >= r.inputHeight {
            fixup = true
            ky &+= 1
            kx = 0
            continue
        }
        var p: UnsafePointer<Int8>, count: Int, w: UnsafePointer<SIMD8<Int16>>
        if kx == 0 && wholeRows, let rowStart = convRowSegment(r, image: image, iy: iy, column: column) {
            p = rowStart
            count = r.rowChunks
            w = b.rowWeights + ky &* r.rowChunks &* 8
            ky &+= 1
        } else {
            let ix = column &+ kx &* r.widthDilation
            kx &+= 1
            if kx == r.kernelWidth {
                kx = 0
                ky &+= 1
            }
            if ix < 0 || ix >= r.inputWidth {
                fixup = true
                continue
            }
            p = image + (iy &* r.inputWidth &+ ix) &* r.pixelStride
            count = r.fullChunks
            w = b.weights + tap &* r.chunks &* 8
            // The partial chunk: 8 bytes when readable (the extra lanes meet zero weights).
            if r.tail > 0 {
                if r.limit - (p + 8 &* r.fullChunks) >= 8 { count &+= 1 } else { fixup = true }
            }
        }
        for _ in 0..<count {
            acc.add(scaled ? convLoadScaledInput(p) : convLoadInput(p), w)
            p += 8
            w += 8
        }
    }
    var sums = acc.sums(shift: scaled ? 8 : 0)
    if fixup {
        let rest = convPixelFixup(r, b, image: image, row: row, column: column, wholeRows: wholeRows)
        sums = (sums.0 &+ rest.0, sums.1 &+ rest.1)
    }
    return sums
}

/// The start of input row `iy`'s whole-row segment for a window whose columns are inside
/// (`column` ≥ 0), or nil when its last, partial chunk would read beyond the input (the row is
/// then read tap by tap).
@inline(__always)
private func convRowSegment(_ r: ConvRun, image: UnsafePointer<Int8>, iy: Int, column: Int) -> UnsafePointer<Int8>? {
    let start = image + (iy &* r.inputWidth &+ column) &* r.pixelStride
    return !r.rowTail || r.limit - start >= 8 &* r.rowChunks ? start : nil
}

/// What `convPixelSums` skipped, walking the taps with its decisions: + zp_in·Σ_i w for each tap
/// in the padding (`tapCorrections`), + the scalar products of each partial chunk at the input's
/// very end. Out of line: only border pixels and the last pixels need it.
@inline(never)
private func convPixelFixup(
    _ r: ConvRun, _ b: ConvBlock, image: UnsafePointer<Int8>, row: Int, column: Int, wholeRows: Bool
) -> (SIMD4<Int32>, SIMD4<Int32>) {
    var pad0 = SIMD4<Int32>(), pad1 = SIMD4<Int32>()
    for ky in 0..<r.kernelHeight {
        let iy = row &+ ky &* r.heightDilation
        let rowValid = iy >= 0 && iy < r.inputHeight
        if rowValid && wholeRows && convRowSegment(r, image: image, iy: iy, column: column) != nil { continue }
        for kx in 0..<r.kernelWidth {
            let tap = ky &* r.kernelWidth &+ kx, ix = column &+ kx &* r.widthDilation
            if !rowValid || ix < 0 || ix >= r.inputWidth {
                pad0 &+= b.corrections[2 &* tap]
                pad1 &+= b.corrections[2 &* tap &+ 1]
                continue
            }
            let q = image + (iy &* r.inputWidth &+ ix) &* r.pixelStride + 8 &* r.fullChunks
            guard r.tail > 0 && r.limit - q < 8 else { continue }
            let w = b.weights + (tap &* r.chunks &+ r.fullChunks) &* 8
            for lane in 0..<8 {
                var sum: Int32 = 0
                for c in 0..<r.tail { sum &+= Int32(w[lane][c]) &* Int32(q[c]) }
                if lane < 4 { pad0[lane] &+= sum } else { pad1[lane &- 4] &+= sum }
            }
        }
    }
    return (pad0, pad1)
}

/// One output row of one block: per pixel the exact sums, + adjusted bias, requantized as
/// `PerChannelRequantization.fixedPoint` does (`ConvRequantization.apply` when `branchFree`, else
/// `QuantizedMultiplier.apply`), stored.
@inline(__always)
private func convRow(
    _ r: ConvRun, _ b: ConvBlock, image: UnsafePointer<Int8>, row: Int, output: UnsafeMutablePointer<Int8>, scaled: Bool
) {
    var out = output
    for ow in 0..<r.outputWidth {
        let column = ow &* r.widthStride &- r.widthPadding
        let sums = convPixelSums(r, b, image: image, row: row, column: column, scaled: scaled)
        let s0 = sums.0 &+ b.bias.0, s1 = sums.1 &+ b.bias.1
        let q = b.requantization, zp = r.outputZeroPoint
        if r.branchFree && b.count == 8 {
            out[0] = r.range.clamp(q[0].apply(s0[0]) &+ zp); out[1] = r.range.clamp(q[1].apply(s0[1]) &+ zp)
            out[2] = r.range.clamp(q[2].apply(s0[2]) &+ zp); out[3] = r.range.clamp(q[3].apply(s0[3]) &+ zp)
            out[4] = r.range.clamp(q[4].apply(s1[0]) &+ zp); out[5] = r.range.clamp(q[5].apply(s1[1]) &+ zp)
            out[6] = r.range.clamp(q[6].apply(s1[2]) &+ zp); out[7] = r.range.clamp(q[7].apply(s1[3]) &+ zp)
        } else {
            for lane in 0..<b.count {
                let acc = lane < 4 ? s0[lane] : s1[lane &- 4]
                let scaled = r.branchFree ? q[lane].apply(acc) : b.multipliers[lane].apply(acc)
                out[lane] = r.range.clamp(scaled &+ zp)
            }
        }
        out += r.outputPixelStride
    }
}

/// `convRow` with 256·x inputs (at most `convScaledChunkLimit` chunks per output). Out of line so
/// the accumulators own the registers.
@inline(never)
private func convRowScaled(_ r: ConvRun, _ b: ConvBlock, image: UnsafePointer<Int8>, row: Int, output: UnsafeMutablePointer<Int8>) {
    convRow(r, b, image: image, row: row, output: output, scaled: true)
}

/// `convRow` with sign-extended inputs (any number of chunks).
@inline(never)
private func convRowWidened(_ r: ConvRun, _ b: ConvBlock, image: UnsafePointer<Int8>, row: Int, output: UnsafeMutablePointer<Int8>) {
    convRow(r, b, image: image, row: row, output: output, scaled: false)
}

/// Blocked convolution: for each group and block of 8 output channels (its packed weights stay in
/// L1), each output row (`convRow`). Integer sums are exact and order-independent and each output
/// is requantized with the reference's arithmetic — so the two are bit-exact.
private func conv2DInt8(_ x: UnsafePointer<Int8>, _ y: UnsafeMutablePointer<Int8>, _ plan: Conv2DPlan) {
    let i = plan.input, o = plan.output, f = plan.filter
    let perGroup = f.outputChannels / plan.groups
    let pk = plan.packed
    let hAxis = plan.height, wAxis = plan.width
    let taps = f.height * f.width
    let scaled = taps * pk.chunks <= convScaledChunkLimit
    let run = ConvRun(
        inputHeight: i.height, inputWidth: i.width, pixelStride: i.channels,
        kernelHeight: f.height, kernelWidth: f.width, heightDilation: hAxis.dilation, widthDilation: wAxis.dilation,
        widthStride: wAxis.stride, widthPadding: wAxis.padBegin,
        fullChunks: f.inputChannels / 8, tail: f.inputChannels % 8, chunks: pk.chunks,
        rowChunks: pk.rowChunks, rowTail: (f.width * f.inputChannels) % 8 != 0,
        limit: x + i.elementCount, outputWidth: o.width, outputPixelStride: o.channels,
        outputZeroPoint: plan.requantization.outputZeroPoint, range: plan.requantization.range, branchFree: pk.branchFree)
    pk.data.withUnsafeBufferPointer { packed in
    pk.rowData.withUnsafeBufferPointer { rowPacked in
    pk.tapCorrections.withUnsafeBufferPointer { corrections in
    pk.requantization.withUnsafeBufferPointer { requantization in
    plan.requantization.multipliers.withUnsafeBufferPointer { multipliers in
        for g in 0..<plan.groups {
            for b in 0..<pk.blocks {
                let index = g &* pk.blocks &+ b, first = g &* perGroup &+ b &* 8
                let weights = packed.baseAddress! + index &* taps &* pk.chunks &* 8
                let block = ConvBlock(
                    weights: weights,
                    rowWeights: rowPacked.isEmpty ? weights : rowPacked.baseAddress! + index &* f.height &* pk.rowChunks &* 8,
                    corrections: corrections.baseAddress! + index &* taps &* 2,
                    bias: (pk.blockBias[2 &* index], pk.blockBias[2 &* index &+ 1]),
                    requantization: requantization.baseAddress! + first, multipliers: multipliers.baseAddress! + first,
                    count: Swift.min(8, perGroup &- b &* 8))
                for n in 0..<o.batch {
                    let image = x + (n &* i.height &* i.width &* i.channels &+ g &* f.inputChannels)
                    for oh in 0..<o.height {
                        let row = oh &* hAxis.stride &- hAxis.padBegin
                        let output = y + (((n &* o.height &+ oh) &* o.width) &* o.channels &+ first)
                        if scaled {
                            convRowScaled(run, block, image: image, row: row, output: output)
                        } else {
                            convRowWidened(run, block, image: image, row: row, output: output)
                        }
                    }
                }
            }
        }
    }
    }
    }
    }
    }
}
