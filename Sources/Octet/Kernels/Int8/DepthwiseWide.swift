// The wide depthwise kernel (multiplier 1): 4 output pixels × 16 channels per step on 256-bit
// vectors (VNNI). Plans pack for it and run it in `-DOCTET_AVX512` builds (as `ConvWide.swift`);
// elsewhere tests run it against the reference loop.

/// Weights packed for `depthwiseConv2DWide`: channels in blocks of 16; per block b and tap t two
/// vectors of 16 Int16 lanes, index (b·taps + t)·2 + h: h = 0 holds w[t, 16b + 2j] in lane 2j and
/// 0 in lane 2j + 1, h = 1 holds 0 in lane 2j and w[t, 16b + 2j + 1] in lane 2j + 1. One vpdpwssd
/// of the 16 sign-extended input channels against each gives, in Int32 lane j, the product of
/// channel 16b + 2j (h = 0) or 16b + 2j + 1 (h = 1) alone — no input shuffles. Lanes past the last
/// channel are 0.
///
/// Taps in the padding read `zeroPointRow` (x = zp_in), so every output sums all taps: Σ_t w·x −
/// zp_in·Σ_t w = Σ over the valid taps of w·(x − zp_in). `bias` holds bias − zp_in·Σ_t w (wrapping;
/// the true sum fits Int32), index b, lane k ↔ channel 16b + k; `requantization` likewise.
struct DepthwiseWideWeights: Sendable {
    let blocks: Int
    let taps: Int
    let data: [SIMD16<Int16>]
    let bias: [SIMD16<Int32>]
    let requantization: [ConvWideRequantization]
    /// C + 16 bytes of zp_in: what a tap in the padding reads (a block may read 16 bytes).
    let zeroPointRow: [Int8]
    /// Per tap (ky, kx), (ky·dh·W + kx·dw)·C: its input offset from the window's first tap.
    let tapOffsets: [Int]

    /// Multiplier 1 and every multiplier in `ConvRequantization`'s exact form.
    static func applies(depthMultiplier: Int, multipliers: [QuantizedMultiplier]) -> Bool {
        depthMultiplier == 1 && multipliers.allSatisfy { ConvRequantization($0).isExact }
    }

    init(
        _ w: [Int8], bias: [Int32], inputZeroPoint zp: Int32, multipliers: [QuantizedMultiplier],
        kernelHeight kh: Int, kernelWidth kw: Int, input: ActivationShape, heightDilation: Int, widthDilation: Int
    ) {
        let c = input.channels, taps = kh * kw
        blocks = (c + 15) / 16
        self.taps = taps
        var data = [SIMD16<Int16>](repeating: SIMD16<Int16>(), count: blocks * taps * 2)
        var biasVectors = [SIMD16<Int32>](repeating: SIMD16<Int32>(), count: blocks)
        var requantization = [ConvWideRequantization](repeating: ConvWideRequantization(), count: blocks)
        for channel in 0..<c {
            let b = channel / 16, h = channel % 2, j = (channel % 16) / 2, k = channel % 16
            var total: Int32 = 0
            for t in 0..<taps {
                let weight = w[t * c + channel]
                data[(b * taps + t) * 2 + h][2 * j + h] = Int16(weight)
                total &+= Int32(weight)
            }
            biasVectors[b][k] = bias[channel] &- zp &* total
            let q = ConvRequantization(multipliers[channel])
            requantization[b].multiplier[k] = Int32(truncatingIfNeeded: q.multiplier)
            requantization[b].offset[k] = q.offset
            requantization[b].negativeOffset[k] = q.negativeOffset
            requantization[b].shift[k] = q.shift
        }
        self.data = data
        self.bias = biasVectors
        self.requantization = requantization
        zeroPointRow = [Int8](repeating: Int8(truncatingIfNeeded: zp), count: c + 16)
        var offsets: [Int] = []
        for ky in 0..<kh {
            for kx in 0..<kw { offsets.append((ky * heightDilation * input.width + kx * widthDilation) * c) }
        }
        tapOffsets = offsets
    }
}

/// 16 input bytes at p sign-extended (vpmovsxbw ymm, m128). When fewer than 16 bytes remain
/// before `limit` (the last pixel's partial block), the missing lanes read as 0 — they meet zero
/// weights.
@inline(__always)
private func depthwiseWideLoad(_ p: UnsafePointer<Int8>, limit: UnsafePointer<Int8>) -> SIMD16<Int16> {
    widen(limit - p >= 16 ? UnsafeRawPointer(p).loadUnaligned(as: SIMD16<Int8>.self) : depthwiseWidePartialLoad(p, count: limit - p))
}

/// The bytes p[0..<count] (count < 16), the other lanes 0. Out of line: the rare slow path.
@inline(never)
private func depthwiseWidePartialLoad(_ p: UnsafePointer<Int8>, count: Int) -> SIMD16<Int8> {
    var v = SIMD16<Int8>()
    for k in 0..<count { v[k] = p[k] }
    return v
}

/// One pixel's sums for one block: even channels (16b + 2j in lane j) and odd (16b + 2j + 1).
private struct DepthwiseWideAccumulators {
    var even = SIMD8<Int32>(), odd = SIMD8<Int32>()

    @inline(__always)
    mutating func add(_ x: SIMD16<Int16>, _ w: UnsafePointer<SIMD16<Int16>>) {
        even = even &+ multiplyAddPairs(w[0], x)
        odd = odd &+ multiplyAddPairs(w[1], x)
    }
}

/// What every block row of `depthwiseConv2DWide` shares.
private struct DepthwiseWideRun {
    let inputHeight: Int, inputWidth: Int, channels: Int
    let kernelHeight: Int, kernelWidth: Int
    let heightDilation: Int, widthDilation: Int
    let zeroRow: UnsafePointer<Int8>
    let limit: UnsafePointer<Int8>
    let tapOffsets: UnsafePointer<Int>
    let taps: Int
    let output: ConvWideOutput
}

/// One block of 16 channels, of which `count` exist.
private struct DepthwiseWideBlock {
    let weights: UnsafePointer<SIMD16<Int16>>
    let bias: UnsafePointer<SIMD16<Int32>>
    let requantization: UnsafePointer<ConvWideRequantization>
    let channel: Int
    let count: Int
}

/// Adds the bias, requantizes, clamps and stores one pixel's block, channels interleaved back
/// into order (lane j of `even` → channel 2j).
@inline(__always)
private func depthwiseWideStore(
    _ r: DepthwiseWideRun, _ b: DepthwiseWideBlock, _ acc: DepthwiseWideAccumulators, _ output: UnsafeMutablePointer<Int8>
) {
    let sums = interleave(even: acc.even, odd: acc.odd) &+ b.bias[0]
    let bytes = b.requantization[0].output(sums, r.output)
    if b.count == 16 {
        UnsafeMutableRawPointer(output).storeBytes(of: bytes, as: SIMD16<Int8>.self)
    } else {
        storePartial(bytes, count: b.count, output)
    }
}

/// Four output pixels whose windows lie wholly inside the input, `pixelStep` bytes apart; `first`
/// is pixel 0's first tap at the block's first channel. Per tap: 2 weight loads, 4 input loads,
/// 8 vpdpwssd into 8 accumulators.
@inline(never)
private func depthwiseWideFour(
    _ r: DepthwiseWideRun, _ b: DepthwiseWideBlock, first: UnsafePointer<Int8>, pixelStep: Int,
    output: UnsafeMutablePointer<Int8>
) {
    var p0 = DepthwiseWideAccumulators(), p1 = DepthwiseWideAccumulators()
    var p2 = DepthwiseWideAccumulators(), p3 = DepthwiseWideAccumulators()
    let s = pixelStep
    var w = b.weights
    for t in 0..<r.taps {
        let x = first + r.tapOffsets[t]
        p0.add(depthwiseWideLoad(x, limit: r.limit), w)
        p1.add(depthwiseWideLoad(x + s, limit: r.limit), w)
        p2.add(depthwiseWideLoad(x + 2 &* s, limit: r.limit), w)
        p3.add(depthwiseWideLoad(x + 3 &* s, limit: r.limit), w)
        w += 2
    }
    depthwiseWideStore(r, b, p0, output)
    depthwiseWideStore(r, b, p1, output + r.channels)
    depthwiseWideStore(r, b, p2, output + 2 &* r.channels)
    depthwiseWideStore(r, b, p3, output + 3 &* r.channels)
}

/// One output pixel anywhere: taps in the padding read the zero-point row.
@inline(never)
private func depthwiseWideOne(
    _ r: DepthwiseWideRun, _ b: DepthwiseWideBlock, image: UnsafePointer<Int8>, row: Int, column: Int,
    output: UnsafeMutablePointer<Int8>
) {
    var acc = DepthwiseWideAccumulators()
    var w = b.weights
    let zeroRow = r.zeroRow + b.channel, zeroLimit = r.zeroRow + r.channels + 16
    for ky in 0..<r.kernelHeight {
        let iy = row &+ ky &* r.heightDilation
        let rowInside = iy >= 0 && iy < r.inputHeight
        for kx in 0..<r.kernelWidth {
            let ix = column &+ kx &* r.widthDilation
            let inside = rowInside && ix >= 0 && ix < r.inputWidth
            let offset: Int = (iy &* r.inputWidth &+ ix) &* r.channels &+ b.channel
            let x = inside ? image + offset : zeroRow
            acc.add(depthwiseWideLoad(x, limit: inside ? r.limit : zeroLimit), w)
            w += 2
        }
    }
    depthwiseWideStore(r, b, acc, output)
}

/// The wide depthwise convolution (multiplier 1): per output row and block of 16 channels, runs
/// of four pixels whose windows are inside (`depthwiseWideFour`), the others one by one. Integer
/// sums are exact and each output is requantized with the reference's arithmetic: bit-exact with
/// `Reference.depthwiseConv2D`.
func depthwiseConv2DWide(_ x: UnsafePointer<Int8>, _ y: UnsafeMutablePointer<Int8>, _ plan: DepthwiseConv2DPlan, _ pk: DepthwiseWideWeights) {
    let i = plan.input, o = plan.output, C = o.channels
    let hAxis = plan.height, wAxis = plan.width
    let span = (plan.kernelWidth - 1) * wAxis.dilation
    let firstInside = (wAxis.padBegin + wAxis.stride - 1) / wAxis.stride
    let lastColumn = i.width - 1 - span + wAxis.padBegin
    let endInside = lastColumn >= 0 ? Swift.max(firstInside, Swift.min(o.width, lastColumn / wAxis.stride + 1)) : firstInside
    pk.data.withUnsafeBufferPointer { data in
    pk.bias.withUnsafeBufferPointer { bias in
    pk.requantization.withUnsafeBufferPointer { requantization in
    pk.zeroPointRow.withUnsafeBufferPointer { zeroRow in
    pk.tapOffsets.withUnsafeBufferPointer { offsets in
        let run = DepthwiseWideRun(
            inputHeight: i.height, inputWidth: i.width, channels: C, kernelHeight: plan.kernelHeight,
            kernelWidth: plan.kernelWidth, heightDilation: hAxis.dilation, widthDilation: wAxis.dilation,
            zeroRow: zeroRow.baseAddress!, limit: x + i.elementCount, tapOffsets: offsets.baseAddress!, taps: pk.taps,
            output: ConvWideOutput(plan.requantization))
        for n in 0..<o.batch {
            let imageOffset: Int = n &* i.height &* i.width &* C
            let image = x + imageOffset
            for oh in 0..<o.height {
                let row = oh &* hAxis.stride &- hAxis.padBegin
                let rowsInside = row >= 0 && row &+ (plan.kernelHeight &- 1) &* hAxis.dilation < i.height
                let outputOffset: Int = ((n &* o.height &+ oh) &* o.width) &* C
                let outRow = y + outputOffset
                for blockIndex in 0..<pk.blocks {
                    let block = DepthwiseWideBlock(
                        weights: data.baseAddress! + blockIndex &* pk.taps &* 2, bias: bias.baseAddress! + blockIndex,
                        requantization: requantization.baseAddress! + blockIndex, channel: 16 &* blockIndex,
                        count: Swift.min(16, C &- 16 &* blockIndex))
                    var ow = 0
                    while ow < o.width {
                        let column = ow &* wAxis.stride &- wAxis.padBegin
                        let outOffset: Int = ow &* C &+ block.channel
                        let out = outRow + outOffset
                        if rowsInside && ow >= firstInside && ow &+ 4 <= endInside {
                            let firstOffset: Int = (row &* i.width &+ column) &* C &+ block.channel
                            depthwiseWideFour(run, block, first: image + firstOffset, pixelStep: wAxis.stride &* C, output: out)
                            ow &+= 4
                        } else {
                            depthwiseWideOne(run, block, image: image, row: row, column: column, output: out)
                            ow &+= 1
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

extension DepthwiseConv2DPlan {
    /// Runs the wide kernel whatever the build (tests); false, writing nothing, where it does not
    /// apply (`DepthwiseWideWeights.applies`).
    @_spi(Testing)
    public func runWideKernel(_ input: Tensor<Int8>, into output: MutableTensor<Int8>) throws(KernelError) -> Bool {
        try input.validate(as: .input)
        guard input.shape == self.input else { throw .shapeMismatch(.input, expected: self.input, actual: input.shape) }
        try output.validate(as: .output, expected: self.output)
        guard let wide = wideWeights() else { return false }
        depthwiseConv2DWide(input.data.baseAddress!, output.data.baseAddress!, self, wide)
        return true
    }

    /// The wide kernel's packing for this plan, or nil where it does not apply.
    func wideWeights() -> DepthwiseWideWeights? {
        wide ?? (DepthwiseWideWeights.applies(depthMultiplier: multiplier, multipliers: requantization.multipliers)
            ? DepthwiseWideWeights(
                weights, bias: bias, inputZeroPoint: inputZeroPoint, multipliers: requantization.multipliers,
                kernelHeight: kernelHeight, kernelWidth: kernelWidth, input: input,
                heightDilation: height.dilation, widthDilation: width.dilation)
            : nil)
    }
}
