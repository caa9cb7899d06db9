// The wide depthwise kernel (multiplier 1): 8 output pixels × 16 channels per step on 512-bit
// vectors (VNNI). Plans pack for it and run it in `-DOCTET_AVX512` builds (as `ConvWide.swift`);
// elsewhere tests run it against the reference loop.

/// Weights packed for `depthwiseConv2DWide`: channels in blocks of 16; `data[b·taps + t]` lane k
/// holds w[t, 16b + k] (0 past the last channel).
///
/// The kernel multiplies u = x + 128 (the input byte XOR 0x80, zero-extended: 0...255) by w in
/// Int32 lanes. With one factor's upper 17 bits known zero and the other sign-extended from Int8,
/// LLVM emits the product as vpmaddwd on (u, 0) · (w, sign) Int16 pairs, and with the add
/// vpdpwssd: 16 channels per instruction, lanes in channel order.
///
/// Taps in the padding read `zeroPointRow` (x = zp_in, u = zp_in + 128), so every output sums all
/// taps: Σ_t w·u − (zp_in + 128)·Σ_t w = Σ over the valid taps of w·(x − zp_in). `bias` holds
/// bias − (zp_in + 128)·Σ_t w (wrapping; the true sum fits Int32), index b, lane k ↔ channel 16b + k.
/// A run whose window rows ky lie outside skips them and adds `rowCorrections[b·kh + ky]` =
/// (zp_in + 128)·Σ_kx w[ky, kx] instead. |Σ_t w·u| ≤ 65536·127·255 < 2^31.
struct DepthwiseWideWeights: Sendable {
    let blocks: Int
    let taps: Int
    let data: [SIMD16<Int8>]
    let bias: [SIMD16<Int32>]
    let rowCorrections: [SIMD16<Int32>]
    let requantization: [WideRequantization]
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
        let zpU = zp &+ 128
        var data = [SIMD16<Int8>](repeating: SIMD16<Int8>(), count: blocks * taps)
        var biasVectors = [SIMD16<Int32>](repeating: SIMD16<Int32>(), count: blocks)
        var rowCorrections = [SIMD16<Int32>](repeating: SIMD16<Int32>(), count: blocks * kh)
        var requantization = [WideRequantization](repeating: WideRequantization(), count: blocks)
        for channel in 0..<c {
            let b = channel / 16, k = channel % 16
            var total: Int32 = 0
            for t in 0..<taps {
                let weight = w[t * c + channel]
                data[b * taps + t][k] = weight
                total &+= Int32(weight)
                rowCorrections[b * kh + t / kw][k] &+= zpU &* Int32(weight)
            }
            biasVectors[b][k] = bias[channel] &- zpU &* total
            requantization[b].set(channel: k, ConvRequantization(multipliers[channel]))
        }
        self.data = data
        self.bias = biasVectors
        self.rowCorrections = rowCorrections
        self.requantization = requantization
        zeroPointRow = [Int8](repeating: Int8(truncatingIfNeeded: zp), count: c + 16)
        var offsets: [Int] = []
        for ky in 0..<kh {
            for kx in 0..<kw { offsets.append((ky * heightDilation * input.width + kx * widthDilation) * c) }
        }
        tapOffsets = offsets
    }
}

/// 16 input bytes at p as u = x + 128 in Int32 lanes (XOR 0x80, vpmovzxbd).
@inline(__always)
private func depthwiseWideInput(_ p: UnsafePointer<Int8>) -> SIMD16<Int32> {
    depthwiseWideUnsigned(UnsafeRawPointer(p).loadUnaligned(as: SIMD16<UInt8>.self))
}

@inline(__always)
private func depthwiseWideUnsigned(_ x: SIMD16<UInt8>) -> SIMD16<Int32> {
    let v = x ^ SIMD16<UInt8>(repeating: 0x80)
    return SIMD16<Int32>(
        Int32(v[0]), Int32(v[1]), Int32(v[2]), Int32(v[3]), Int32(v[4]), Int32(v[5]), Int32(v[6]), Int32(v[7]),
        Int32(v[8]), Int32(v[9]), Int32(v[10]), Int32(v[11]), Int32(v[12]), Int32(v[13]), Int32(v[14]), Int32(v[15]))
}

/// 16 weights sign-extended to Int32 lanes (vpmovsxbd).
@inline(__always)
private func depthwiseWideWeight(_ p: UnsafePointer<SIMD16<Int8>>) -> SIMD16<Int32> {
    let v = p.pointee
    return SIMD16<Int32>(
        Int32(v[0]), Int32(v[1]), Int32(v[2]), Int32(v[3]), Int32(v[4]), Int32(v[5]), Int32(v[6]), Int32(v[7]),
        Int32(v[8]), Int32(v[9]), Int32(v[10]), Int32(v[11]), Int32(v[12]), Int32(v[13]), Int32(v[14]), Int32(v[15]))
}

/// The bytes p[0..<count] (count < 16), the other lanes x = 0 (they meet zero weights). Out of
/// line: the rare slow path (the last pixel of a partial block at the end of the input).
@inline(never)
private func depthwiseWidePartialLoad(_ p: UnsafePointer<Int8>, count: Int) -> SIMD16<UInt8> {
    var v = SIMD16<UInt8>()
    for k in 0..<count { v[k] = UInt8(bitPattern: p[k]) }
    return v
}

/// What every block row of `depthwiseConv2DWide` shares.
private struct DepthwiseWideRun {
    let inputHeight: Int, inputWidth: Int, channels: Int
    let kernelHeight: Int, kernelWidth: Int
    let heightDilation: Int, widthDilation: Int
    let zeroRow: UnsafePointer<Int8>
    let limit: UnsafePointer<Int8>
    let tapOffsets: UnsafePointer<Int>
    let output: WideOutput
}

/// One block of 16 channels, of which `count` exist.
private struct DepthwiseWideBlock {
    let weights: UnsafePointer<SIMD16<Int8>>
    let bias: UnsafePointer<SIMD16<Int32>>
    let rowCorrections: UnsafePointer<SIMD16<Int32>>
    let requantization: UnsafePointer<WideRequantization>
    let channel: Int
    let count: Int
}

/// Requantizes, clamps and stores `count` pixels' sums for the block, `r.channels` bytes apart.
/// Out of line, with the requantization constants held in registers across the loop (inlined
/// into the accumulating kernels, most copies stayed calls); a partial block goes to
/// `depthwiseWideStorePartial`, whose calls would make this loop spill its constants.
@inline(never)
private func depthwiseWideStore(
    _ r: DepthwiseWideRun, _ b: DepthwiseWideBlock, _ sums: UnsafePointer<SIMD16<Int32>>, count: Int,
    _ output: UnsafeMutablePointer<Int8>
) {
    guard b.count == 16 else { return depthwiseWideStorePartial(r, b, sums, count: count, output) }
    if r.output.low == -128 && r.output.high == 127 { return depthwiseWideStoreFullRange(r, b, sums, count: count, output) }
    let q = WideRequantizer(b.requantization, r.output)
    var out = UnsafeMutableRawPointer(output)
    for p in 0..<count {
        out.storeBytes(of: q.output(sums[p]), as: SIMD16<Int8>.self)
        out += r.channels
    }
}

/// `depthwiseWideStore` for a full block and the activation range −128...127 (its own function:
/// a second requantizing loop in one function stayed a call).
@inline(never)
private func depthwiseWideStoreFullRange(
    _ r: DepthwiseWideRun, _ b: DepthwiseWideBlock, _ sums: UnsafePointer<SIMD16<Int32>>, count: Int,
    _ output: UnsafeMutablePointer<Int8>
) {
    let q = WideRequantizer(b.requantization, r.output)
    var out = UnsafeMutableRawPointer(output)
    for p in 0..<count {
        out.storeBytes(of: q.outputFullRange(sums[p]), as: SIMD16<Int8>.self)
        out += r.channels
    }
}

/// `depthwiseWideStore` for the last block when it has fewer than 16 channels.
@inline(never)
private func depthwiseWideStorePartial(
    _ r: DepthwiseWideRun, _ b: DepthwiseWideBlock, _ sums: UnsafePointer<SIMD16<Int32>>, count: Int,
    _ output: UnsafeMutablePointer<Int8>
) {
    let q = WideRequantizer(b.requantization, r.output)
    var out = output
    for p in 0..<count {
        storePartial(q.output(sums[p]), count: b.count, out)
        out += r.channels
    }
}

/// Passes eight pixels' sums to `body`, stored on the stack at a 64-byte boundary (no zmm store
/// or reload splits a cache line).
@inline(__always)
private func depthwiseWideWithSums(
    _ a0: SIMD16<Int32>, _ a1: SIMD16<Int32>, _ a2: SIMD16<Int32>, _ a3: SIMD16<Int32>,
    _ a4: SIMD16<Int32>, _ a5: SIMD16<Int32>, _ a6: SIMD16<Int32>, _ a7: SIMD16<Int32>,
    _ body: (UnsafePointer<SIMD16<Int32>>) -> Void
) {
    withUnsafeTemporaryAllocation(of: SIMD16<Int32>.self, capacity: 9) { room in
        let base = UnsafeMutableRawPointer(room.baseAddress!)
        let p = (base + ((64 &- Int(bitPattern: base) & 63) & 63)).assumingMemoryBound(to: SIMD16<Int32>.self)
        p[0] = a0; p[1] = a1; p[2] = a2; p[3] = a3; p[4] = a4; p[5] = a5; p[6] = a6; p[7] = a7
        body(p)
    }
}

/// Eight output pixels `pixelStep` bytes apart whose window columns lie inside the input, window
/// rows ky ∈ [firstRow, endRow) inside (`bias` includes the other rows' corrections); `first` is
/// pixel 0's tap (0, 0) at the block's first channel. Every 16-byte load stays below `r.limit`
/// (the caller checks). Per tap: 1 weight extension, 8 input loads, 8 vpdpwssd.
@inline(never)
private func depthwiseWideEight(
    _ r: DepthwiseWideRun, _ b: DepthwiseWideBlock, first: UnsafePointer<Int8>, pixelStep s: Int,
    firstRow: Int, endRow: Int, bias: UnsafePointer<SIMD16<Int32>>, output: UnsafeMutablePointer<Int8>
) {
    let start = bias[0]
    var a0 = start, a1 = start, a2 = start, a3 = start, a4 = start, a5 = start, a6 = start, a7 = start
    var t = firstRow &* r.kernelWidth
    let end = endRow &* r.kernelWidth
    while t < end {
        let x = first + r.tapOffsets[t]
        let w = depthwiseWideWeight(b.weights + t)
        a0 &+= depthwiseWideInput(x) &* w
        a1 &+= depthwiseWideInput(x + s) &* w
        a2 &+= depthwiseWideInput(x + 2 &* s) &* w
        a3 &+= depthwiseWideInput(x + 3 &* s) &* w
        a4 &+= depthwiseWideInput(x + 4 &* s) &* w
        a5 &+= depthwiseWideInput(x + 5 &* s) &* w
        a6 &+= depthwiseWideInput(x + 6 &* s) &* w
        a7 &+= depthwiseWideInput(x + 7 &* s) &* w
        t &+= 1
    }
    depthwiseWideWithSums(a0, a1, a2, a3, a4, a5, a6, a7) { depthwiseWideStore(r, b, $0, count: 8, output) }
}

/// Eight pixels' sums of one block under sliding windows of width 3 (stride 1, dilation 1).
private struct DepthwiseWideSliding {
    var a0, a1, a2, a3, a4, a5, a6, a7: SIMD16<Int32>

    init(_ start: SIMD16<Int32>) {
        a0 = start; a1 = start; a2 = start; a3 = start; a4 = start; a5 = start; a6 = start; a7 = start
    }

    /// One window row: the 10 input pixels x + q·c, q = 0..<10, each loaded once, add u·w[kx] to
    /// the pixels q − kx ∈ 0..<8 (10 loads, 24 vpdpwssd). Columns q = 1...8 are inside; q = 0
    /// (`leftOutside`) and q = 9 (`rightOutside`) may be in the padding and then read `zeroRow`.
    @inline(__always)
    mutating func add(
        _ x: UnsafePointer<Int8>, _ c: Int, zeroRow: UnsafePointer<Int8>, leftOutside: Bool, rightOutside: Bool,
        _ w: UnsafePointer<SIMD16<Int8>>
    ) {
        add(x, c, zeroRow: zeroRow, leftOutside: leftOutside, rightOutside: rightOutside,
            depthwiseWideWeight(w), depthwiseWideWeight(w + 1), depthwiseWideWeight(w + 2))
    }

    @inline(__always)
    mutating func add(
        _ x: UnsafePointer<Int8>, _ c: Int, zeroRow: UnsafePointer<Int8>, leftOutside: Bool, rightOutside: Bool,
        _ w0: SIMD16<Int32>, _ w1: SIMD16<Int32>, _ w2: SIMD16<Int32>
    ) {
        var u = depthwiseWideInput(leftOutside ? zeroRow : x)
        a0 &+= u &* w0
        u = depthwiseWideInput(x + c)
        a0 &+= u &* w1; a1 &+= u &* w0
        u = depthwiseWideInput(x + 2 &* c)
        a0 &+= u &* w2; a1 &+= u &* w1; a2 &+= u &* w0
        u = depthwiseWideInput(x + 3 &* c)
        a1 &+= u &* w2; a2 &+= u &* w1; a3 &+= u &* w0
        u = depthwiseWideInput(x + 4 &* c)
        a2 &+= u &* w2; a3 &+= u &* w1; a4 &+= u &* w0
        u = depthwiseWideInput(x + 5 &* c)
        a3 &+= u &* w2; a4 &+= u &* w1; a5 &+= u &* w0
        u = depthwiseWideInput(x + 6 &* c)
        a4 &+= u &* w2; a5 &+= u &* w1; a6 &+= u &* w0
        u = depthwiseWideInput(x + 7 &* c)
        a5 &+= u &* w2; a6 &+= u &* w1; a7 &+= u &* w0
        u = depthwiseWideInput(x + 8 &* c)
        a6 &+= u &* w2; a7 &+= u &* w1
        u = depthwiseWideInput(rightOutside ? zeroRow : x + 9 &* c)
        a7 &+= u &* w2
    }

    @inline(__always)
    func store(_ r: DepthwiseWideRun, _ b: DepthwiseWideBlock, _ output: UnsafeMutablePointer<Int8>) {
        depthwiseWideWithSums(a0, a1, a2, a3, a4, a5, a6, a7) { depthwiseWideStore(r, b, $0, count: 8, output) }
    }
}

/// `depthwiseWideEight` for kernel width 3, width stride 1 and dilation 1 (pixelStep = C): per
/// window row, `DepthwiseWideSliding.add` (3 weight extensions, 10 input loads, 24 vpdpwssd).
/// Runs also cover the first and last columns: `leftOutside` / `rightOutside` as there.
@inline(never)
private func depthwiseWideEightSliding(
    _ r: DepthwiseWideRun, _ b: DepthwiseWideBlock, first: UnsafePointer<Int8>, leftOutside: Bool, rightOutside: Bool,
    firstRow: Int, endRow: Int, bias: UnsafePointer<SIMD16<Int32>>, output: UnsafeMutablePointer<Int8>
) {
    let zeroRow = r.zeroRow + b.channel
    var sums = DepthwiseWideSliding(bias[0])
    var ky = firstRow
    while ky < endRow {
        let t = ky &* 3
        sums.add(first + r.tapOffsets[t], r.channels, zeroRow: zeroRow, leftOutside: leftOutside, rightOutside: rightOutside, b.weights + t)
        ky &+= 1
    }
    sums.store(r, b, output)
}

/// `depthwiseWideEightSliding` for kernel height 3 over two output rows whose windows are wholly
/// inside vertically (height stride and dilation 1), every run of the row pair: input row
/// j = 0...3 (`rowBase` + j·W·C) adds to the upper row with weights row j (j < 3) and to the
/// lower with weights row j − 1 (j ≥ 1), each input pixel loaded once for both (LLVM merges the
/// two `add`s' loads). Runs start at `runFirst`, +8, …, the last at `runEnd` − 8 (overlapping);
/// run start s reads input columns s − `padding` + q, q = 0..<10. The 9 weight vectors are
/// extended once for the row pair.
@inline(never)
private func depthwiseWideSlidingRowPair(
    _ r: DepthwiseWideRun, _ b: DepthwiseWideBlock, rowBase: UnsafePointer<Int8>, padding: Int, runFirst: Int, runEnd: Int,
    output: UnsafeMutablePointer<Int8>, outputRowStep: Int
) {
    let zeroRow = r.zeroRow + b.channel, c = r.channels, rowStep = r.inputWidth &* c
    let w = b.weights
    let w00 = depthwiseWideWeight(w), w01 = depthwiseWideWeight(w + 1), w02 = depthwiseWideWeight(w + 2)
    let w10 = depthwiseWideWeight(w + 3), w11 = depthwiseWideWeight(w + 4), w12 = depthwiseWideWeight(w + 5)
    let w20 = depthwiseWideWeight(w + 6), w21 = depthwiseWideWeight(w + 7), w22 = depthwiseWideWeight(w + 8)
    var next = runFirst
    while next < runEnd {
        let start = Swift.min(next, runEnd &- 8), column = start &- padding
        let left = column < 0, right = column &+ 9 >= r.inputWidth
        let x = rowBase + column &* c
        var upper = DepthwiseWideSliding(b.bias[0]), lower = DepthwiseWideSliding(b.bias[0])
        upper.add(x, c, zeroRow: zeroRow, leftOutside: left, rightOutside: right, w00, w01, w02)
        upper.add(x + rowStep, c, zeroRow: zeroRow, leftOutside: left, rightOutside: right, w10, w11, w12)
        lower.add(x + rowStep, c, zeroRow: zeroRow, leftOutside: left, rightOutside: right, w00, w01, w02)
        upper.add(x + 2 &* rowStep, c, zeroRow: zeroRow, leftOutside: left, rightOutside: right, w20, w21, w22)
        lower.add(x + 2 &* rowStep, c, zeroRow: zeroRow, leftOutside: left, rightOutside: right, w10, w11, w12)
        lower.add(x + 3 &* rowStep, c, zeroRow: zeroRow, leftOutside: left, rightOutside: right, w20, w21, w22)
        let out = output + start &* c
        upper.store(r, b, out)
        lower.store(r, b, out + outputRowStep)
        next = start &+ 8
    }
}

/// One output pixel anywhere: taps in the padding read the zero-point row; a load that would
/// pass the end of the input reads only the bytes before it.
@inline(never)
private func depthwiseWideOne(
    _ r: DepthwiseWideRun, _ b: DepthwiseWideBlock, image: UnsafePointer<Int8>, row: Int, column: Int,
    output: UnsafeMutablePointer<Int8>
) {
    var acc = b.bias[0]
    var t = 0
    let zeroRow = r.zeroRow + b.channel
    for ky in 0..<r.kernelHeight {
        let iy = row &+ ky &* r.heightDilation
        let rowInside = iy >= 0 && iy < r.inputHeight
        for kx in 0..<r.kernelWidth {
            let ix = column &+ kx &* r.widthDilation
            let inside = rowInside && ix >= 0 && ix < r.inputWidth
            let offset: Int = (iy &* r.inputWidth &+ ix) &* r.channels &+ b.channel
            let x = inside ? image + offset : zeroRow
            let u = r.limit - x >= 16 || !inside
                ? depthwiseWideInput(x) : depthwiseWideUnsigned(depthwiseWidePartialLoad(x, count: r.limit - x))
            acc &+= u &* depthwiseWideWeight(b.weights + t)
            t &+= 1
        }
    }
    withUnsafePointer(to: &acc) { depthwiseWideStore(r, b, $0, count: 1, output) }
}

/// The wide depthwise convolution (multiplier 1): per output row, per run of eight pixels, per
/// block of 16 channels. Runs: `depthwiseWideSlidingRowPair` for 3×3 at stride 1 on two output
/// rows whose windows are inside vertically (full blocks: all runs of the pair in one call),
/// `depthwiseWideEightSliding` for other kernel-width-3, stride-1 rows (both: window columns
/// inside, or one padding column at either end), else `depthwiseWideEight` (window columns
/// inside); window rows outside are skipped and corrected in the bias; the last run of a row
/// overlaps the one before it and rewrites identical bytes. Other pixels, and runs whose 16-byte
/// loads would pass the end of the input, run one by one (`depthwiseWideOne`). Integer sums are
/// exact mod 2^32 and each output is requantized with the reference's arithmetic: bit-exact with
/// `Reference.depthwiseConv2D`.
func depthwiseConv2DWide(_ x: UnsafePointer<Int8>, _ y: UnsafeMutablePointer<Int8>, _ plan: DepthwiseConv2DPlan, _ pk: DepthwiseWideWeights) {
    let i = plan.input, o = plan.output, C = o.channels
    let hAxis = plan.height, wAxis = plan.width
    let kh = plan.kernelHeight
    // Interior columns: column = ow·sw − pad ≥ 0 and column + (kw − 1)·dw ≤ W − 1.
    let span = (plan.kernelWidth - 1) * wAxis.dilation
    let firstInside = (wAxis.padBegin + wAxis.stride - 1) / wAxis.stride
    let lastColumn = i.width - 1 - span + wAxis.padBegin
    let endInside = lastColumn >= 0 ? Swift.max(firstInside, Swift.min(o.width, lastColumn / wAxis.stride + 1)) : firstInside
    // The sliding kernel reads input columns column + q, q = 0..<10, and takes q = 0 and q = 9 from
    // the zero-point row when outside: runs may start where columns 1...8 are inside.
    let sliding = plan.kernelWidth == 3 && wAxis.stride == 1 && wAxis.dilation == 1
    let runFirst = sliding ? Swift.max(0, wAxis.padBegin - 1) : firstInside
    let runEnd = sliding ? Swift.max(runFirst, Swift.min(o.width, i.width + wAxis.padBegin - 1)) : endInside
    // Sliding runs over two output rows share their input rows (3×3 at height stride 1, dilation 1).
    let slidingRows = sliding && kh == 3 && hAxis.stride == 1 && hAxis.dilation == 1
    let lastTapOffset = pk.tapOffsets[pk.taps - 1]
    pk.data.withUnsafeBufferPointer { data in
    pk.bias.withUnsafeBufferPointer { bias in
    pk.rowCorrections.withUnsafeBufferPointer { rowCorrections in
    pk.requantization.withUnsafeBufferPointer { requantization in
    pk.zeroPointRow.withUnsafeBufferPointer { zeroRow in
    pk.tapOffsets.withUnsafeBufferPointer { offsets in
        let limit = x + i.elementCount
        let run = DepthwiseWideRun(
            inputHeight: i.height, inputWidth: i.width, channels: C, kernelHeight: kh,
            kernelWidth: plan.kernelWidth, heightDilation: hAxis.dilation, widthDilation: wAxis.dilation,
            zeroRow: zeroRow.baseAddress!, limit: limit, tapOffsets: offsets.baseAddress!,
            output: WideOutput(plan.requantization))
        let pixelStep = wAxis.stride &* C
        for n in 0..<o.batch {
            let imageOffset: Int = n &* i.height &* i.width &* C
            let image = x + imageOffset
            var oh = 0
            while oh < o.height {
                let row = oh &* hAxis.stride &- hAxis.padBegin
                // Window rows ky inside: row + ky·dh ∈ [0, H).
                var firstRow = 0, endRow = kh
                while firstRow < kh && row &+ firstRow &* hAxis.dilation < 0 { firstRow &+= 1 }
                while endRow > firstRow && row &+ (endRow &- 1) &* hAxis.dilation >= i.height { endRow &-= 1 }
                // Two output rows at once: rows oh and oh + 1 with all window rows inside.
                let rows = slidingRows && firstRow == 0 && endRow == kh && oh &+ 1 < o.height && row &+ kh < i.height ? 2 : 1
                let outputOffset: Int = ((n &* o.height &+ oh) &* o.width) &* C
                let outRow = y + outputOffset, outputRowStep = o.width &* C
                let rowsSkipped = firstRow > 0 || endRow < kh
                // The last byte offset a run reads past its `first`, plus 16.
                let lastRead = lastTapOffset &+ 7 &* pixelStep &+ (rows &- 1) &* i.width &* C
                let hasRuns = firstRow < endRow && runEnd &- runFirst >= 8
                let rowBase: Int = row &* i.width &* C
                if rows == 2 && hasRuns {
                    // Full blocks: every run of the row pair in one call.
                    for blockIndex in 0..<(C / 16) {
                        let block = DepthwiseWideBlock(
                            weights: data.baseAddress! + blockIndex &* pk.taps, bias: bias.baseAddress! + blockIndex,
                            rowCorrections: rowCorrections.baseAddress! + blockIndex &* kh,
                            requantization: requantization.baseAddress! + blockIndex, channel: 16 &* blockIndex, count: 16)
                        depthwiseWideSlidingRowPair(
                            run, block, rowBase: image + (rowBase &+ block.channel), padding: wAxis.padBegin, runFirst: runFirst,
                            runEnd: runEnd, output: outRow + block.channel, outputRowStep: outputRowStep)
                    }
                }
                var ow = 0
                while ow < o.width {
                    let isRun = hasRuns && ow >= runFirst && ow < runEnd
                    // A run's first pixel: ow, or the last eight run pixels' first.
                    let start = isRun ? Swift.min(ow, runEnd &- 8) : ow
                    let startColumn = start &* wAxis.stride &- wAxis.padBegin
                    let leftOutside = startColumn < 0, rightOutside = startColumn &+ 9 >= i.width
                    for blockIndex in 0..<pk.blocks {
                        let block = DepthwiseWideBlock(
                            weights: data.baseAddress! + blockIndex &* pk.taps, bias: bias.baseAddress! + blockIndex,
                            rowCorrections: rowCorrections.baseAddress! + blockIndex &* kh,
                            requantization: requantization.baseAddress! + blockIndex, channel: 16 &* blockIndex,
                            count: Swift.min(16, C &- 16 &* blockIndex))
                        let firstOffset: Int = (row &* i.width &+ startColumn) &* C &+ block.channel
                        let first = image + firstOffset
                        let outOffset: Int = start &* C &+ block.channel
                        if isRun && rows == 2 && block.count == 16 { continue }
                        if isRun && (block.count == 16 || limit - (first + lastRead) >= 16) {
                            if rows == 2 {
                                depthwiseWideSlidingRowPair(
                                    run, block, rowBase: image + (rowBase &+ block.channel), padding: wAxis.padBegin,
                                    runFirst: start, runEnd: start &+ 8, output: outRow + block.channel, outputRowStep: outputRowStep)
                                continue
                            }
                            var rowBias = block.bias[0]
                            if rowsSkipped {
                                for ky in 0..<kh where ky < firstRow || ky >= endRow { rowBias &+= block.rowCorrections[ky] }
                            }
                            withUnsafePointer(to: &rowBias) { rowBiasPointer in
                                if sliding {
                                    depthwiseWideEightSliding(
                                        run, block, first: first, leftOutside: leftOutside, rightOutside: rightOutside,
                                        firstRow: firstRow, endRow: endRow, bias: rowBiasPointer, output: outRow + outOffset)
                                } else {
                                    depthwiseWideEight(
                                        run, block, first: first, pixelStep: pixelStep, firstRow: firstRow, endRow: endRow,
                                        bias: rowBiasPointer, output: outRow + outOffset)
                                }
                            }
                        } else {
                            // Pixels ow..<start + 8 of a run (a load would pass the input's end), or ow alone.
                            for k in 0..<rows {
                                for p in ow..<(isRun ? start &+ 8 : ow &+ 1) {
                                    let pixelOffset: Int = k &* outputRowStep &+ p &* C &+ block.channel
                                    depthwiseWideOne(
                                        run, block, image: image, row: row &+ k, column: p &* wAxis.stride &- wAxis.padBegin,
                                        output: outRow + pixelOffset)
                                }
                            }
                        }
                    }
                    ow = isRun ? start &+ 8 : ow &+ 1
                }
                oh &+= rows
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
