/// A validated int8 depthwise convolution (1-D or 2-D) with channel multiplier M, weights copied
/// once: running it allocates nothing.
///
/// Layout: input NHWC with C channels, filter [1, kh, kw, C·M] (TFLite's 1HW(C·M)), bias Int32
/// [C·M], output NHWC with C·M channels; output channel oc = c·M + m reads only input channel c.
/// acc = Σ w[ky, kx, oc] · (x[n, iy, ix, c] − zp_in) over the taps inside the input, + bias[oc]
/// (Int32; at most 65536 taps); out = clamp(zp_out + MultiplyByQuantizedMultiplier(acc, M[oc])),
/// M[oc] = s_in·s_w[oc]/s_out — TFLite's fixed-point double rounding. Bit-exact with TFLite's
/// reference DEPTHWISE_CONV_2D (per-channel).
public struct DepthwiseConv2DPlan: Sendable {
    public let input: ActivationShape
    public let output: ActivationShape
    public let kernelHeight: Int
    public let kernelWidth: Int
    public let multiplier: Int
    let height: PoolAxis
    let width: PoolAxis
    /// [kh, kw, C·M] weights as given.
    let weights: [Int8]
    let bias: [Int32]
    let requantization: PerChannelRequantization
    let inputZeroPoint: Int32
    /// Weights for the optimized kernel (multiplier 1): per block of 8 channels and tap t (ky·kw +
    /// kx), one SIMD8<Int16> of the 8 channels' weights; index block·taps + t.
    let packed: [SIMD8<Int16>]
    /// C + 8 copies of the input zero point: what a tap in the padding reads (x − zp = 0).
    let zeroPointRow: [Int8]
    /// Per output channel, the one-shift form of its multiplier (`ConvRequantization`).
    let fastRequantization: [ConvRequantization]
    /// The wide kernel's packing, in builds that run it (`convUsesWideKernel`) when it applies.
    let wide: DepthwiseWideWeights?

    /// `filter` is [1, kh, kw, C·M] (`outputChannels` 1, `inputChannels` C·M).
    public init(
        input: ActivationShape, inputQuantization: QuantParams, filter: FilterShape, depthMultiplier: Int,
        weights: UnsafeBufferPointer<Int8>, filterScales: UnsafeBufferPointer<Float>, bias: UnsafeBufferPointer<Int32>?,
        outputQuantization: QuantParams, parameters: Conv2DParameters
    ) throws(KernelError) {
        let (geometry, channels) = try depthwiseGeometry(input, filter, depthMultiplier: depthMultiplier, parameters: parameters)
        let taps = filter.height * filter.width
        guard taps <= maximumAccumulatorTaps else { throw .accumulatorOverflow(taps: taps, limit: maximumAccumulatorTaps) }
        guard weights.count >= filter.elementCount else {
            throw .bufferTooSmall(.filter, required: filter.elementCount, actual: weights.count)
        }
        if let bias, bias.count != channels { throw .biasLength(expected: channels, actual: bias.count) }
        self.requantization = try PerChannelRequantization(
            input: inputQuantization, filterScales: filterScales, outputChannels: channels,
            output: outputQuantization, activation: parameters.activation)
        self.input = input
        var out = geometry.output
        out.channels = channels
        self.output = out
        self.kernelHeight = filter.height
        self.kernelWidth = filter.width
        self.multiplier = depthMultiplier
        self.height = geometry.height
        self.width = geometry.width
        self.weights = Array(UnsafeBufferPointer(rebasing: weights[0..<filter.elementCount]))
        self.bias = bias.map { Array($0) } ?? [Int32](repeating: 0, count: channels)
        self.inputZeroPoint = inputQuantization.zeroPoint
        // Only multiplier 1 runs the packed kernel; other multipliers keep no packed copy.
        let blocks = depthMultiplier == 1 ? channels / 8 : 0
        var packed = [SIMD8<Int16>](repeating: SIMD8<Int16>(), count: blocks * taps)
        for block in 0..<blocks {
            for t in 0..<taps {
                var v = SIMD8<Int16>()
                for k in 0..<8 { v[k] = Int16(self.weights[t * channels + block * 8 + k]) }
                packed[block * taps + t] = v
            }
        }
        self.packed = packed
        self.zeroPointRow = [Int8](repeating: Int8(truncatingIfNeeded: inputQuantization.zeroPoint), count: input.channels + 8)
        self.fastRequantization = requantization.multipliers.map(ConvRequantization.init)
        self.wide = convUsesWideKernel && DepthwiseWideWeights.applies(depthMultiplier: depthMultiplier, multipliers: requantization.multipliers)
            ? DepthwiseWideWeights(
                self.weights, bias: self.bias, inputZeroPoint: inputQuantization.zeroPoint, multipliers: requantization.multipliers,
                kernelHeight: filter.height, kernelWidth: filter.width, input: input,
                heightDilation: geometry.height.dilation, widthDilation: geometry.width.dilation)
            : nil
    }
}

/// Runs a prepared int8 depthwise convolution.
public func depthwiseConv2D(
    _ input: Tensor<Int8>, into output: MutableTensor<Int8>, plan: DepthwiseConv2DPlan
) throws(KernelError) {
    try input.validate(as: .input)
    guard input.shape == plan.input else { throw .shapeMismatch(.input, expected: plan.input, actual: input.shape) }
    try output.validate(as: .output, expected: plan.output)
    if let wide = plan.wide {
        depthwiseConv2DWide(input.data.baseAddress!, output.data.baseAddress!, plan, wide)
    } else if plan.multiplier == 1 {
        depthwiseConv2DInt8(input.data.baseAddress!, output.data.baseAddress!, plan)
    } else {
        Reference.depthwiseConv2D(input.data, output.data, plan)
    }
}

extension Reference {
    /// Int8 depthwise convolution, the definition.
    public static func depthwiseConv2D(
        _ input: Tensor<Int8>, into output: MutableTensor<Int8>, plan: DepthwiseConv2DPlan
    ) throws(KernelError) {
        try input.validate(as: .input)
        guard input.shape == plan.input else { throw .shapeMismatch(.input, expected: plan.input, actual: input.shape) }
        try output.validate(as: .output, expected: plan.output)
        depthwiseConv2D(input.data, output.data, plan)
    }

    static func depthwiseConv2D(_ x: UnsafeBufferPointer<Int8>, _ y: UnsafeMutableBufferPointer<Int8>, _ plan: DepthwiseConv2DPlan) {
        let i = plan.input, o = plan.output, M = plan.multiplier
        let zp = plan.inputZeroPoint
        var out = 0
        for n in 0..<o.batch {
            for oh in 0..<o.height {
                let wh = plan.height.window(oh)
                for ow in 0..<o.width {
                    let ww = plan.width.window(ow)
                    for oc in 0..<o.channels {
                        let c = oc / M
                        var acc: Int32 = 0
                        for ty in 0..<wh.count {
                            let ky = wh.firstTap + ty, iy = wh.first + ty * wh.step
                            for tx in 0..<ww.count {
                                let kx = ww.firstTap + tx, ix = ww.first + tx * ww.step
                                let w = plan.weights[(ky * plan.kernelWidth + kx) * o.channels + oc]
                                acc += Int32(w) * (Int32(x[((n * i.height + iy) * i.width + ix) * i.channels + c]) - zp)
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

// MARK: - Optimized path (multiplier 1): 8 channels per block, taps paired for pmaddwd

/// 8 int8 lanes at p, minus the zero point, as Int16.
@inline(__always)
private func centered8(_ p: UnsafePointer<Int8>, _ zp: Int16) -> SIMD8<Int16> {
    let v = UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Int8>.self)
    var r = SIMD8<Int16>()
    for k in 0..<8 { r[k] = Int16(v[k]) &- zp }
    return r
}

/// Depthwise convolution, multiplier 1: for each output row and block of 8 channels, the block's
/// packed tap weights are reused across the row; per pixel and tap, the 8-channel input
/// (x − zp as Int16; padding taps read the zero-point row) is multiplied by the tap's weights as
/// 8 Int32 products (pmullw + pmulhw + unpack on SSE2, smull on NEON) and accumulated. The channel
/// tail (C mod 8) runs the reference arithmetic; requantization as `Reference.depthwiseConv2D`.
private func depthwiseConv2DInt8(_ x: UnsafePointer<Int8>, _ y: UnsafeMutablePointer<Int8>, _ plan: DepthwiseConv2DPlan) {
    let i = plan.input, o = plan.output, C = o.channels
    let kh = plan.kernelHeight, kw = plan.kernelWidth, taps = kh * kw
    let blocks = C / 8
    let hAxis = plan.height, wAxis = plan.width
    plan.zeroPointRow.withUnsafeBufferPointer { zeroRowBuffer in
    plan.packed.withUnsafeBufferPointer { packedBuffer in
    plan.requantization.multipliers.withUnsafeBufferPointer { multipliers in
    plan.fastRequantization.withUnsafeBufferPointer { fast in
    plan.bias.withUnsafeBufferPointer { bias in
        let packed = packedBuffer.baseAddress!
        let row = DepthwiseRow(
            zeroRow: zeroRowBuffer.baseAddress!, inputHeight: i.height, inputWidth: i.width, channels: C,
            kernelHeight: kh, kernelWidth: kw, heightDilation: hAxis.dilation, widthStride: wAxis.stride,
            widthPadding: wAxis.padBegin, widthDilation: wAxis.dilation, zeroPoint: Int16(plan.inputZeroPoint),
            multipliers: multipliers.baseAddress!, fast: fast.baseAddress!, bias: bias.baseAddress!,
            outputZeroPoint: plan.requantization.outputZeroPoint, range: plan.requantization.range, outputWidth: o.width)
        for n in 0..<o.batch {
            for oh in 0..<o.height {
                let rowStart = oh &* hAxis.stride &- hAxis.padBegin
                for block in 0..<blocks {
                    depthwiseBlockRow(
                        row, image: x + n * i.height * i.width * C, rowStart: rowStart, channel: block * 8,
                        weights: packed + block * taps, output: y + ((n * o.height + oh) * o.width) * C)
                }
                // Channel tail: the reference arithmetic.
                for ow in 0..<o.width {
                    let wh = hAxis.window(oh), ww = wAxis.window(ow)
                    for oc in (blocks * 8)..<C {
                        var acc: Int32 = 0
                        for ty in 0..<wh.count {
                            let ky = wh.firstTap + ty, iy = wh.first + ty * wh.step
                            for tx in 0..<ww.count {
                                let kx = ww.firstTap + tx, ix = ww.first + tx * ww.step
                                acc += Int32(plan.weights[(ky * kw + kx) * C + oc])
                                    * (Int32(x[((n * i.height + iy) * i.width + ix) * i.channels + oc]) - plan.inputZeroPoint)
                            }
                        }
                        y[((n * o.height + oh) * o.width + ow) * C + oc] = plan.requantization.fixedPoint(acc &+ plan.bias[oc], channel: oc)
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

/// What one output row of one 8-channel block needs (multiplier 1, channels = C).
private struct DepthwiseRow {
    let zeroRow: UnsafePointer<Int8>
    let inputHeight: Int, inputWidth: Int, channels: Int
    let kernelHeight: Int, kernelWidth: Int
    let heightDilation: Int, widthStride: Int, widthPadding: Int, widthDilation: Int
    let zeroPoint: Int16
    let multipliers: UnsafePointer<QuantizedMultiplier>
    let fast: UnsafePointer<ConvRequantization>
    let bias: UnsafePointer<Int32>
    let outputZeroPoint: Int32
    let range: Int8Range
    let outputWidth: Int
}

/// One output row for channels c..<c+8: per pixel, Σ over taps of (x − zp)·w as 8 Int32 lanes,
/// then TFLite's fixed-point requantization per channel (`ConvRequantization`'s one-shift form
/// where it applies, else `QuantizedMultiplier.apply` — equal, as tested). Out of
/// line so the requantization inlines into a small function (the optimizer stops inlining into
/// very large callers).
@inline(never)
private func depthwiseBlockRow(
    _ r: DepthwiseRow, image: UnsafePointer<Int8>, rowStart: Int, channel c: Int,
    weights w: UnsafePointer<SIMD8<Int16>>, output: UnsafeMutablePointer<Int8>
) {
    for ow in 0..<r.outputWidth {
        let colStart = ow &* r.widthStride &- r.widthPadding
        var acc = SIMD8<Int32>()
        var t = 0
        for ky in 0..<r.kernelHeight {
            let iy = rowStart &+ ky &* r.heightDilation
            let rowInside = iy >= 0 && iy < r.inputHeight
            let rowBase = image + ((iy &* r.inputWidth) &* r.channels &+ c)
            for kx in 0..<r.kernelWidth {
                let ix = colStart &+ kx &* r.widthDilation
                let inside = rowInside && ix >= 0 && ix < r.inputWidth
                acc &+= widen(centered8(inside ? rowBase + ix &* r.channels : r.zeroRow, r.zeroPoint)) &* widen(w[t])
                t &+= 1
            }
        }
        let out = output + (ow &* r.channels &+ c)
        for k in 0..<8 {
            let channel = c &+ k, sum = acc[k] &+ r.bias[channel]
            let scaled = r.fast[channel].isExact ? r.fast[channel].apply(sum) : r.multipliers[channel].apply(sum)
            out[k] = r.range.clamp(scaled &+ r.outputZeroPoint)
        }
    }
}
