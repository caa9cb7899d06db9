// The wide convolution kernel: 6 output pixels × 64 output channels per step, on 512-bit vectors of
// Int16 input-channel pairs (vpdpwssd on AVX-512 VNNI). Plans pack for it and run it in builds
// with `-DOCTET_AVX512` (README: the x86 release build); elsewhere it is compiled only for tests,
// which run it against the reference loop on every CPU.

#if OCTET_AVX512
/// Whether `Conv2DPlan` packs `ConvWideWeights` and runs `conv2DWide` (when they apply).
let convUsesWideKernel = true
#else
let convUsesWideKernel = false
#endif

/// Weights packed for `conv2DWide` (one group, an even number of input channels): output
/// channels in tiles of 64 (4 sub-blocks of 16; a partial last tile has zero weights), input
/// channels in pairs. Vector ((t·taps + tap)·pairs + k)·4 + s holds, in Int16 lanes 2j and 2j + 1,
/// w[oc, tap, 2k] and w[oc, tap, 2k + 1] for oc = 64t + 16s + j: one vpdpwssd against a broadcast
/// input pair (x[2k], x[2k + 1]) adds both products to output channel oc's lane. With width
/// dilation 1 a row of taps is kw·Cin contiguous input bytes and kw·pairs contiguous vectors.
///
/// As `ConvPackedWeights`, the kernel sums w·x, not w·(x − zp): `bias` holds bias[oc] −
/// zp_in·Σ w[oc] (wrapping), and each tap in the padding adds its `corrections` zp_in·Σ_i w[oc,
/// tap, i] back (`rowCorrections`: a row of taps at once) — Σ over valid taps of w·(x − zp) + bias,
/// mod 2^32: the reference's value, which fits Int32.
struct ConvWideWeights: Sendable {
    let tiles: Int
    let taps: Int
    let pairs: Int
    let data: [SIMD32<Int16>]
    /// Index t·4 + s.
    let bias: [SIMD16<Int32>]
    /// Index (t·taps + tap)·4 + s.
    let corrections: [SIMD16<Int32>]
    /// Index (t·kh + ky)·4 + s: Σ over kx of `corrections`.
    let rowCorrections: [SIMD16<Int32>]
    /// Index t·4 + s (`WideRequantization`: lanes past the last channel have multiplier 0).
    let requantization: [WideRequantization]

    /// Whether a convolution can run the wide kernel: one group, an even number of input
    /// channels, every multiplier in `ConvRequantization`'s exact form.
    static func applies(filter f: FilterShape, groups: Int, multipliers: [QuantizedMultiplier]) -> Bool {
        groups == 1 && f.inputChannels % 2 == 0 && multipliers.allSatisfy { ConvRequantization($0).isExact }
    }

    init(_ w: [Int8], bias: [Int32], inputZeroPoint zp: Int32, multipliers: [QuantizedMultiplier], filter f: FilterShape) {
        let taps = f.height * f.width, pairs = f.inputChannels / 2
        let tiles = (f.outputChannels + 63) / 64
        self.tiles = tiles
        self.taps = taps
        self.pairs = pairs
        var data = [SIMD32<Int16>](repeating: SIMD32<Int16>(), count: tiles * taps * pairs * 4)
        var biasVectors = [SIMD16<Int32>](repeating: SIMD16<Int32>(), count: tiles * 4)
        var corrections = [SIMD16<Int32>](repeating: SIMD16<Int32>(), count: tiles * taps * 4)
        var rowCorrections = [SIMD16<Int32>](repeating: SIMD16<Int32>(), count: tiles * f.height * 4)
        var requantization = [WideRequantization](repeating: WideRequantization(), count: tiles * 4)
        for oc in 0..<f.outputChannels {
            let t = oc / 64, s = (oc % 64) / 16, j = oc % 16
            var total: Int32 = 0
            for tap in 0..<taps {
                var sum: Int32 = 0
                for k in 0..<pairs {
                    let base = (oc * taps + tap) * f.inputChannels + 2 * k
                    let index = ((t * taps + tap) * pairs + k) * 4 + s
                    data[index][2 * j] = Int16(w[base])
                    data[index][2 * j + 1] = Int16(w[base + 1])
                    sum &+= Int32(w[base]) &+ Int32(w[base + 1])
                }
                corrections[(t * taps + tap) * 4 + s][j] = zp &* sum
                rowCorrections[(t * f.height + tap / f.width) * 4 + s][j] &+= zp &* sum
                total &+= sum
            }
            biasVectors[t * 4 + s][j] = bias[oc] &- zp &* total
            requantization[t * 4 + s].set(channel: j, ConvRequantization(multipliers[oc]))
        }
        self.data = data
        self.bias = biasVectors
        self.corrections = corrections
        self.rowCorrections = rowCorrections
        self.requantization = requantization
    }
}

/// Input bytes p[0], p[1] sign-extended to Int16 and repeated over 32 Int16 lanes: the pair every
/// output channel's lane multiplies. Built as one Int32 (low half x0, high half x1: little-endian
/// lanes) and broadcast (vpbroadcastd from a general register: one shuffle-port uop).
@inline(__always)
private func convWidePair(_ p: UnsafePointer<Int8>) -> SIMD32<Int16> {
    let pair = UInt32(UInt16(bitPattern: Int16(p[0]))) | UInt32(bitPattern: Int32(p[1])) << 16
    return unsafeBitCast(SIMD16<UInt32>(repeating: pair), to: SIMD32<Int16>.self)
}

/// One output pixel's 64 channel sums.
private struct ConvWideAccumulators {
    var a0 = SIMD16<Int32>(), a1 = SIMD16<Int32>(), a2 = SIMD16<Int32>(), a3 = SIMD16<Int32>()

    /// One input pair against the tile's 4 weight vectors at `w`.
    @inline(__always)
    mutating func add(_ v: SIMD32<Int16>, _ w: UnsafePointer<SIMD32<Int16>>) {
        a0 = a0 &+ multiplyAddPairs(w[0], v); a1 = a1 &+ multiplyAddPairs(w[1], v)
        a2 = a2 &+ multiplyAddPairs(w[2], v); a3 = a3 &+ multiplyAddPairs(w[3], v)
    }

    @inline(__always)
    mutating func add(_ c: UnsafePointer<SIMD16<Int32>>) {
        a0 &+= c[0]; a1 &+= c[1]; a2 &+= c[2]; a3 &+= c[3]
    }
}

/// What every tile of `conv2DWide` shares.
private struct ConvWideRun {
    let inputHeight: Int, inputWidth: Int, channels: Int
    let kernelHeight: Int, kernelWidth: Int
    let heightDilation: Int, widthDilation: Int
    let pairs: Int
    /// Width dilation 1: a row of taps is one segment of kw·pairs pairs.
    let contiguousRows: Bool
    let output: WideOutput
}

/// One tile of 64 output channels, of which `count` exist.
private struct ConvWideTile {
    let weights: UnsafePointer<SIMD32<Int16>>
    let bias: UnsafePointer<SIMD16<Int32>>
    let corrections: UnsafePointer<SIMD16<Int32>>
    let rowCorrections: UnsafePointer<SIMD16<Int32>>
    let requantization: UnsafePointer<WideRequantization>
    let count: Int
}

/// Adds `bias`, requantizes (`WideRequantizer`: TFLite's fixed-point arithmetic, + zp_out in
/// wrapping Int32, clamp to the activation range) and stores the tile's channels of `count`
/// pixels, `sums[p]` at `output` + p·`outputStep`: per sub-block of 16 channels its constants
/// once, then the pixels. Out of line: it keeps the kernels that call it small (see
/// `multiplyAddPairs`); a partial tile goes to `convWideStorePartial`.
@inline(never)
private func convWideStore(
    _ r: ConvWideRun, _ t: ConvWideTile, _ sums: UnsafePointer<ConvWideAccumulators>, count: Int,
    bias: UnsafePointer<SIMD16<Int32>>, _ output: UnsafeMutablePointer<Int8>, outputStep: Int
) {
    guard t.count == 64 else { return convWideStorePartial(r, t, sums, count: count, bias: bias, output, outputStep: outputStep) }
    let vectors = UnsafeRawPointer(sums).assumingMemoryBound(to: SIMD16<Int32>.self)
    for s in 0..<4 {
        let q = WideRequantizer(t.requantization + s, r.output), b = bias[s]
        var out = UnsafeMutableRawPointer(output + 16 &* s)
        for p in 0..<count {
            out.storeBytes(of: q.output(vectors[p &* 4 &+ s] &+ b), as: SIMD16<Int8>.self)
            out += outputStep
        }
    }
}

/// `convWideStore` for a tile with fewer than 64 channels.
@inline(never)
private func convWideStorePartial(
    _ r: ConvWideRun, _ t: ConvWideTile, _ sums: UnsafePointer<ConvWideAccumulators>, count: Int,
    bias: UnsafePointer<SIMD16<Int32>>, _ output: UnsafeMutablePointer<Int8>, outputStep: Int
) {
    let vectors = UnsafeRawPointer(sums).assumingMemoryBound(to: SIMD16<Int32>.self)
    for s in 0..<4 where 16 &* s < t.count {
        let q = WideRequantizer(t.requantization + s, r.output), b = bias[s]
        for p in 0..<count {
            let offset: Int = p &* outputStep &+ 16 &* s
            storePartial(q.output(vectors[p &* 4 &+ s] &+ b), count: Swift.min(16, t.count &- 16 &* s), output + offset)
        }
    }
}

/// Six output pixels whose windows lie inside the input horizontally, `pixelStep` bytes apart at
/// the same output row; the window's rows ky ∈ [firstRow, endRow) are inside (the caller folded the
/// others' corrections into `bias`). `image` + ((row + ky·dh)·W + column)·C is pixel 0's tap
/// (ky, 0). Per pair: 4 weight loads, 6 broadcasts, 24 vpdpwssd into 24 accumulators.
@inline(never)
private func convWideSix(
    _ r: ConvWideRun, _ t: ConvWideTile, image: UnsafePointer<Int8>, row: Int, column: Int, pixelStep: Int,
    firstRow: Int, endRow: Int, bias: UnsafePointer<SIMD16<Int32>>, output: UnsafeMutablePointer<Int8>, outputStep: Int
) {
    var p0 = ConvWideAccumulators(), p1 = ConvWideAccumulators(), p2 = ConvWideAccumulators()
    var p3 = ConvWideAccumulators(), p4 = ConvWideAccumulators(), p5 = ConvWideAccumulators()
    let s = pixelStep
    var ky = firstRow, kx = 0
    while ky < endRow {
        let rowStart = image + ((row &+ ky &* r.heightDilation) &* r.inputWidth &+ column) &* r.channels
        var x: UnsafePointer<Int8>, w: UnsafePointer<SIMD32<Int16>>, count: Int
        if r.contiguousRows {
            x = rowStart
            w = t.weights + ky &* r.kernelWidth &* r.pairs &* 4
            count = r.kernelWidth &* r.pairs
            ky &+= 1
        } else {
            x = rowStart + kx &* r.widthDilation &* r.channels
            w = t.weights + (ky &* r.kernelWidth &+ kx) &* r.pairs &* 4
            count = r.pairs
            kx &+= 1
            if kx == r.kernelWidth { kx = 0; ky &+= 1 }
        }
        for _ in 0..<count {
            p0.add(convWidePair(x), w); p1.add(convWidePair(x + s), w); p2.add(convWidePair(x + 2 &* s), w)
            p3.add(convWidePair(x + 3 &* s), w); p4.add(convWidePair(x + 4 &* s), w); p5.add(convWidePair(x + 5 &* s), w)
            x += 2
            w += 4
        }
    }
    var sums = (p0, p1, p2, p3, p4, p5)
    withUnsafePointer(to: &sums) {
        $0.withMemoryRebound(to: ConvWideAccumulators.self, capacity: 6) {
            convWideStore(r, t, $0, count: 6, bias: bias, output, outputStep: outputStep)
        }
    }
}

/// One output pixel anywhere (borders, remainders): taps in the padding add their corrections,
/// the others run the same pair loop with 4 accumulators.
@inline(never)
private func convWideOne(
    _ r: ConvWideRun, _ t: ConvWideTile, image: UnsafePointer<Int8>, row: Int, column: Int,
    output: UnsafeMutablePointer<Int8>
) {
    var acc = ConvWideAccumulators()
    let columnsInside = column >= 0 && column &+ (r.kernelWidth &- 1) &* r.widthDilation < r.inputWidth
    var ky = 0, kx = 0
    while ky < r.kernelHeight {
        let iy = row &+ ky &* r.heightDilation
        if iy < 0 || iy >= r.inputHeight {
            acc.add(t.rowCorrections + ky &* 4)
            ky &+= 1
            kx = 0
            continue
        }
        var x: UnsafePointer<Int8>, w: UnsafePointer<SIMD32<Int16>>, count: Int
        if kx == 0 && r.contiguousRows && columnsInside {
            x = image + (iy &* r.inputWidth &+ column) &* r.channels
            w = t.weights + ky &* r.kernelWidth &* r.pairs &* 4
            count = r.kernelWidth &* r.pairs
            ky &+= 1
        } else {
            let tap = ky &* r.kernelWidth &+ kx, ix = column &+ kx &* r.widthDilation
            kx &+= 1
            if kx == r.kernelWidth { kx = 0; ky &+= 1 }
            if ix < 0 || ix >= r.inputWidth {
                acc.add(t.corrections + tap &* 4)
                continue
            }
            x = image + (iy &* r.inputWidth &+ ix) &* r.channels
            w = t.weights + tap &* r.pairs &* 4
            count = r.pairs
        }
        for _ in 0..<count {
            acc.add(convWidePair(x), w)
            x += 2
            w += 4
        }
    }
    withUnsafePointer(to: &acc) { convWideStore(r, t, $0, count: 1, bias: t.bias, output, outputStep: 0) }
}

/// The wide convolution: per tile of 64 output channels, per output row, the pixels whose windows
/// are horizontally inside in runs of six (`convWideSix`), the rest one by one (`convWideOne`).
/// A 1×1, stride-1, unpadded convolution runs each image as one row of H·W pixels. Integer sums
/// are exact and each output is requantized with the reference's arithmetic: bit-exact with
/// `Reference.conv2D`.
func conv2DWide(_ x: UnsafePointer<Int8>, _ y: UnsafeMutablePointer<Int8>, _ plan: Conv2DPlan, _ pk: ConvWideWeights) {
    let i = plan.input, o = plan.output, f = plan.filter
    let hAxis = plan.height, wAxis = plan.width
    let run = ConvWideRun(
        inputHeight: i.height, inputWidth: i.width, channels: i.channels,
        kernelHeight: f.height, kernelWidth: f.width, heightDilation: hAxis.dilation, widthDilation: wAxis.dilation,
        pairs: pk.pairs, contiguousRows: wAxis.dilation == 1,
        output: WideOutput(plan.requantization))
    let pointwise = f.height == 1 && f.width == 1 && hAxis.stride == 1 && wAxis.stride == 1
        && hAxis.padBegin == 0 && wAxis.padBegin == 0 && o.height == i.height && o.width == i.width
    // Interior columns: column = ow·sw − pad ≥ 0 and column + (kw − 1)·dw ≤ W − 1.
    let span = (f.width - 1) * wAxis.dilation
    let firstInside = (wAxis.padBegin + wAxis.stride - 1) / wAxis.stride
    let lastInside = (i.width - 1 - span + wAxis.padBegin) >= 0 ? (i.width - 1 - span + wAxis.padBegin) / wAxis.stride : -1
    let endInside = Swift.max(firstInside, Swift.min(o.width, lastInside + 1))
    pk.data.withUnsafeBufferPointer { data in
    pk.bias.withUnsafeBufferPointer { bias in
    pk.corrections.withUnsafeBufferPointer { corrections in
    pk.rowCorrections.withUnsafeBufferPointer { rowCorrections in
    pk.requantization.withUnsafeBufferPointer { requantization in
        for t in 0..<pk.tiles {
            let weightOffset: Int = t &* pk.taps &* pk.pairs &* 4
            let tile = ConvWideTile(
                weights: data.baseAddress! + weightOffset, bias: bias.baseAddress! + t &* 4,
                corrections: corrections.baseAddress! + t &* pk.taps &* 4,
                rowCorrections: rowCorrections.baseAddress! + t &* f.height &* 4,
                requantization: requantization.baseAddress! + t &* 4, count: Swift.min(64, f.outputChannels &- 64 &* t))
            for n in 0..<o.batch {
                let inputOffset: Int = n &* i.height &* i.width &* i.channels
                let outputOffset: Int = n &* o.height &* o.width &* o.channels &+ 64 &* t
                let image = x + inputOffset, outImage = y + outputOffset
                if pointwise {
                    let pixels = i.height &* i.width
                    var q = 0
                    while q &+ 6 <= pixels {
                        convWideSix(
                            run, tile, image: image + q &* i.channels, row: 0, column: 0, pixelStep: i.channels,
                            firstRow: 0, endRow: 1, bias: tile.bias, output: outImage + q &* o.channels, outputStep: o.channels)
                        q &+= 6
                    }
                    while q < pixels {
                        convWideOne(run, tile, image: image + q &* i.channels, row: 0, column: 0, output: outImage + q &* o.channels)
                        q &+= 1
                    }
                    continue
                }
                for oh in 0..<o.height {
                    let row = oh &* hAxis.stride &- hAxis.padBegin
                    // Rows ky inside: row + ky·dh ∈ [0, H).
                    var firstRow = 0, endRow = f.height
                    while firstRow < f.height && row &+ firstRow &* hAxis.dilation < 0 { firstRow &+= 1 }
                    while endRow > firstRow && row &+ (endRow &- 1) &* hAxis.dilation >= i.height { endRow &-= 1 }
                    var rowBias = (tile.bias[0], tile.bias[1], tile.bias[2], tile.bias[3])
                    for ky in 0..<f.height where ky < firstRow || ky >= endRow {
                        let c = tile.rowCorrections + ky &* 4
                        rowBias = (rowBias.0 &+ c[0], rowBias.1 &+ c[1], rowBias.2 &+ c[2], rowBias.3 &+ c[3])
                    }
                    let outRow = outImage + oh &* o.width &* o.channels
                    withUnsafePointer(to: &rowBias) { rb in
                        rb.withMemoryRebound(to: SIMD16<Int32>.self, capacity: 4) { rowBiasPointer in
                            var ow = 0
                            while ow < o.width {
                                let column = ow &* wAxis.stride &- wAxis.padBegin
                                if ow >= firstInside && ow &+ 6 <= endInside {
                                    convWideSix(
                                        run, tile, image: image, row: row, column: column, pixelStep: wAxis.stride &* i.channels,
                                        firstRow: firstRow, endRow: endRow, bias: rowBiasPointer,
                                        output: outRow + ow &* o.channels, outputStep: o.channels)
                                    ow &+= 6
                                } else {
                                    convWideOne(run, tile, image: image, row: row, column: column, output: outRow + ow &* o.channels)
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
    }
}

extension Conv2DPlan {
    /// Runs the wide kernel whatever the build — `conv2D` runs it only in `-DOCTET_AVX512` builds —
    /// so tests check it against the reference loop on every CPU. Returns false, writing nothing,
    /// when it does not apply (`ConvWideWeights.applies`).
    @_spi(Testing)
    public func runWideKernel(_ input: Tensor<Int8>, into output: MutableTensor<Int8>) throws(KernelError) -> Bool {
        try input.validate(as: .input)
        guard input.shape == self.input else { throw .shapeMismatch(.input, expected: self.input, actual: input.shape) }
        try output.validate(as: .output, expected: self.output)
        guard let wide = wideWeights() else { return false }
        conv2DWide(input.data.baseAddress!, output.data.baseAddress!, self, wide)
        return true
    }
}
