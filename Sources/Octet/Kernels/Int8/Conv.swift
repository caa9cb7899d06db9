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
    /// Cin/groups + 1 copies of the input zero point: the row a tap in the padding reads
    /// (x − zp = 0 there, the same as skipping the tap).
    let zeroPointRow: [Int8]

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
        self.packed = ConvPackedWeights(self.weights, filter: filter, groups: g)
        self.zeroPointRow = [Int8](repeating: Int8(truncatingIfNeeded: inputQuantization.zeroPoint), count: filter.inputChannels + 1)
    }
}

/// Runs a prepared int8 convolution: `input` and `output` must have the plan's shapes.
public func conv2D(_ input: Tensor<Int8>, into output: MutableTensor<Int8>, plan: Conv2DPlan) throws(KernelError) {
    try input.validate(as: .input)
    guard input.shape == plan.input else { throw .shapeMismatch(.input, expected: plan.input, actual: input.shape) }
    try output.validate(as: .output, expected: plan.output)
    conv2DInt8(input.data.baseAddress!, output.data.baseAddress!, plan)
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
        let i = plan.input, o = plan.output, f = plan.filter
        let outPerGroup = f.outputChannels / plan.groups
        let zp = plan.inputZeroPoint
        var out = 0
        for n in 0..<o.batch {
            for oh in 0..<o.height {
                let wh = plan.height.window(oh)
                for ow in 0..<o.width {
                    let ww = plan.width.window(ow)
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
                                    acc += Int32(plan.weights[wBase + c]) * (Int32(x[xBase + c]) - zp)
                                }
                            }
                        }
                        y[out] = plan.requantization.fixedPoint(acc &+ plan.bias[oc], channel: oc)
                        out += 1
                    }
                }
            }
        }
    }
}

// MARK: - Optimized path: register-blocked micro-kernel on Int16 pairs (pmaddwd / smlal)

/// Weights packed for `conv2DInt8`: per group, output channels in tiles of 4 (a partial last tile
/// is padded with zero weights), per tap (ky, kx) and per input-channel pair (2j, 2j+1) (an odd
/// last channel pairs with a zero weight) one SIMD8<Int16>
/// [w(o0,2j), w(o0,2j+1), w(o1,2j), w(o1,2j+1), w(o2,2j), w(o2,2j+1), w(o3,2j), w(o3,2j+1)];
/// index (((g·tiles + t)·kh + ky)·kw + kx)·pairs + j.
struct ConvPackedWeights: Sendable {
    let tiles: Int
    let pairs: Int
    let data: [SIMD8<Int16>]

    init(_ w: [Int8], filter f: FilterShape, groups: Int) {
        let perGroup = f.outputChannels / groups
        tiles = (perGroup + 3) / 4
        pairs = (f.inputChannels + 1) / 2
        var data = [SIMD8<Int16>](repeating: SIMD8<Int16>(), count: groups * tiles * f.height * f.width * pairs)
        var index = 0
        for g in 0..<groups {
            for t in 0..<tiles {
                for ky in 0..<f.height {
                    for kx in 0..<f.width {
                        for j in 0..<pairs {
                            var v = SIMD8<Int16>()
                            for lane in 0..<4 {
                                let oc = t * 4 + lane
                                guard oc < perGroup else { continue }
                                let base = (((g * perGroup + oc) * f.height + ky) * f.width + kx) * f.inputChannels
                                v[2 * lane] = Int16(w[base + 2 * j])
                                if 2 * j + 1 < f.inputChannels { v[2 * lane + 1] = Int16(w[base + 2 * j + 1]) }
                            }
                            data[index] = v
                            index += 1
                        }
                    }
                }
            }
        }
        self.data = data
    }
}

/// Σ over 4 lanes of a·b on Int16 pairs: lane j = a[2j]·b[2j] + a[2j+1]·b[2j+1] (pmaddwd on x86,
/// smull/smlal pairs on NEON). Exact: each product ≤ 128·255, the pair sum < 2^16·2^0 fits Int32.
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

/// The 2-pixel × 4-tile accumulators of the conv micro-kernel.
struct ConvAccumulators {
    var a0, a1, a2, a3, b0, b1, b2, b3: SIMD4<Int32>
}

/// The hot loop: 2 pixels × 16 output channels over one tap's input-channel pairs (even Cin, a
/// full 4-tile block): per pair 2 broadcasts, 4 weight loads, 8 pmaddwd, no branches. Kept out of
/// line so its 8 accumulators get the registers.
@inline(never)
func convMicroKernel(
    _ p0: UnsafePointer<Int8>, _ p1: UnsafePointer<Int8>, _ w: UnsafePointer<SIMD8<Int16>>,
    pairs: Int, tapStride: Int, zp: Int32, _ acc: inout ConvAccumulators
) {
    var a0 = acc.a0, a1 = acc.a1, a2 = acc.a2, a3 = acc.a3
    var b0 = acc.b0, b1 = acc.b1, b2 = acc.b2, b3 = acc.b3
    let w1 = w + tapStride, w2 = w1 + tapStride, w3 = w2 + tapStride
    for j in 0..<pairs {
        let x0 = inputPair(p0 + 2 &* j, zp, single: false)
        let x1 = inputPair(p1 + 2 &* j, zp, single: false)
        let v0 = w[j], v1 = w1[j], v2 = w2[j], v3 = w3[j]
        a0 &+= multiplyAddPairs(v0, x0); b0 &+= multiplyAddPairs(v0, x1)
        a1 &+= multiplyAddPairs(v1, x0); b1 &+= multiplyAddPairs(v1, x1)
        a2 &+= multiplyAddPairs(v2, x0); b2 &+= multiplyAddPairs(v2, x1)
        a3 &+= multiplyAddPairs(v3, x0); b3 &+= multiplyAddPairs(v3, x1)
    }
    acc = ConvAccumulators(a0: a0, a1: a1, a2: a2, a3: a3, b0: b0, b1: b1, b2: b2, b3: b3)
}

/// The input pair (x[k] − zp, x[k+1] − zp) broadcast to the 4 lane pairs. `single`: only x[k]
/// exists (odd channel count); its partner is 0.
@inline(__always)
func inputPair(_ p: UnsafePointer<Int8>, _ zp: Int32, single: Bool) -> SIMD8<Int16> {
    let lo = UInt32(truncatingIfNeeded: Int32(p[0]) &- zp) & 0xFFFF
    let hi = single ? 0 : (UInt32(truncatingIfNeeded: Int32(p[1]) &- zp) & 0xFFFF) << 16
    return unsafeBitCast(SIMD4<UInt32>(repeating: lo | hi), to: SIMD8<Int16>.self)
}

/// Register-blocked convolution: 2 output pixels × up to 4 tiles (16 output channels) of Int32
/// accumulators. Taps outside the input read `zeroPointRow` (x − zp = 0, the same as skipping
/// them). Integer sums are exact and order-independent, then each output is requantized exactly
/// as `Reference.conv2D` does — so the two are bit-exact.
private func conv2DInt8(_ x: UnsafePointer<Int8>, _ y: UnsafeMutablePointer<Int8>, _ plan: Conv2DPlan) {
    let i = plan.input, o = plan.output, f = plan.filter
    let perGroup = f.outputChannels / plan.groups
    let pk = plan.packed, tiles = pk.tiles, pairs = pk.pairs
    let fullPairs = f.inputChannels / 2, odd = f.inputChannels % 2 == 1
    let zp = plan.inputZeroPoint
    let hAxis = plan.height, wAxis = plan.width
    plan.zeroPointRow.withUnsafeBufferPointer { zeroRowBuffer in
    pk.data.withUnsafeBufferPointer { packedBuffer in
        let zeroRow = zeroRowBuffer.baseAddress!, packed = packedBuffer.baseAddress!
        for n in 0..<o.batch {
            for oh in 0..<o.height {
                let rowStart = oh &* hAxis.stride &- hAxis.padBegin
                var ow = 0
                while ow < o.width {
                    let ow1 = Swift.min(ow + 1, o.width - 1)
                    let colStart0 = ow &* wAxis.stride &- wAxis.padBegin, colStart1 = ow1 &* wAxis.stride &- wAxis.padBegin
                    for g in 0..<plan.groups {
                        let channelBase = g * f.inputChannels
                        var t = 0
                        while t < tiles {
                            let block = Swift.min(4, tiles - t)
                            var a0 = SIMD4<Int32>(), a1 = a0, a2 = a0, a3 = a0
                            var b0 = a0, b1 = a0, b2 = a0, b3 = a0
                            for ky in 0..<f.height {
                                let iy = rowStart &+ ky &* hAxis.dilation
                                let rowValid = iy >= 0 && iy < i.height
                                for kx in 0..<f.width {
                                    let ix0 = colStart0 &+ kx &* wAxis.dilation, ix1 = colStart1 &+ kx &* wAxis.dilation
                                    let p0 = rowValid && ix0 >= 0 && ix0 < i.width
                                        ? x + (((n &* i.height &+ iy) &* i.width &+ ix0) &* i.channels &+ channelBase) : zeroRow
                                    let p1 = rowValid && ix1 >= 0 && ix1 < i.width
                                        ? x + (((n &* i.height &+ iy) &* i.width &+ ix1) &* i.channels &+ channelBase) : zeroRow
                                    let tapStride = f.height &* f.width &* pairs
                                    let w = packed + ((((g &* tiles &+ t) &* f.height &+ ky) &* f.width &+ kx) &* pairs)
                                    if block == 4 && !odd {
                                        var acc = ConvAccumulators(a0: a0, a1: a1, a2: a2, a3: a3, b0: b0, b1: b1, b2: b2, b3: b3)
                                        convMicroKernel(p0, p1, w, pairs: pairs, tapStride: tapStride, zp: zp, &acc)
                                        a0 = acc.a0; a1 = acc.a1; a2 = acc.a2; a3 = acc.a3
                                        b0 = acc.b0; b1 = acc.b1; b2 = acc.b2; b3 = acc.b3
                                        continue
                                    }
                                    for j in 0..<pairs {
                                        let single = odd && j == fullPairs
                                        let x0 = inputPair(p0 + 2 &* j, zp, single: single)
                                        let x1 = inputPair(p1 + 2 &* j, zp, single: single)
                                        let w0 = w[j]
                                        a0 &+= multiplyAddPairs(w0, x0)
                                        b0 &+= multiplyAddPairs(w0, x1)
                                        if block > 1 {
                                            let w1 = w[tapStride &+ j]
                                            a1 &+= multiplyAddPairs(w1, x0)
                                            b1 &+= multiplyAddPairs(w1, x1)
                                        }
                                        if block > 2 {
                                            let w2 = w[2 &* tapStride &+ j]
                                            a2 &+= multiplyAddPairs(w2, x0)
                                            b2 &+= multiplyAddPairs(w2, x1)
                                        }
                                        if block > 3 {
                                            let w3 = w[3 &* tapStride &+ j]
                                            a3 &+= multiplyAddPairs(w3, x0)
                                            b3 &+= multiplyAddPairs(w3, x1)
                                        }
                                    }
                                }
                            }
                            // Requantize and store the block's outputs (pixel ow, and ow1 if distinct).
                            let accumulators = (a0, a1, a2, a3), second = (b0, b1, b2, b3)
                            for tile in 0..<block {
                                let first = tile == 0 ? accumulators.0 : (tile == 1 ? accumulators.1 : (tile == 2 ? accumulators.2 : accumulators.3))
                                let other = tile == 0 ? second.0 : (tile == 1 ? second.1 : (tile == 2 ? second.2 : second.3))
                                for lane in 0..<4 {
                                    let local = (t + tile) * 4 + lane
                                    guard local < perGroup else { break }
                                    let oc = g * perGroup + local
                                    let bias = plan.bias[oc]
                                    y[((n * o.height + oh) * o.width + ow) * o.channels + oc] =
                                        plan.requantization.fixedPoint(first[lane] &+ bias, channel: oc)
                                    if ow1 != ow {
                                        y[((n * o.height + oh) * o.width + ow1) * o.channels + oc] =
                                            plan.requantization.fixedPoint(other[lane] &+ bias, channel: oc)
                                    }
                                }
                            }
                            t += block
                        }
                    }
                    ow += 2
                }
            }
        }
    }
    }
}
