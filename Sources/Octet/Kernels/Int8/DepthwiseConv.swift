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
    /// Weights for the optimized kernel: per block of 8 channels and pair of taps (t, t+1), two
    /// SIMD8<Int16> [w(t,c0), w(t+1,c0), …, w(t,c3), w(t+1,c3)] and the same for c4…c7 (an odd last
    /// tap pairs with a zero weight); index ((block·tapPairs + p)·2 + half).
    let packed: [SIMD8<Int16>]
    /// C + 8 copies of the input zero point: what a tap in the padding reads (x − zp = 0).
    let zeroPointRow: [Int8]

    /// `filter` is [1, kh, kw, C·M] (`outputChannels` 1, `inputChannels` C·M).
    public init(
        input: ActivationShape, inputQuantization: QuantParams, filter: FilterShape, depthMultiplier: Int,
        weights: UnsafeBufferPointer<Int8>, filterScales: UnsafeBufferPointer<Float>, bias: UnsafeBufferPointer<Int32>?,
        outputQuantization: QuantParams, parameters: Conv2DParameters
    ) throws(KernelError) {
        guard input.isWellFormed else { throw .malformedShape(.input, input) }
        guard input.spatialRank <= 2 else { throw .rankMismatch(expected: 2, actual: input.spatialRank) }
        guard filter.isWellFormed, filter.outputChannels == 1, input.spatialRank == 2 || filter.height == 1 else {
            throw .invalidFilterShape(filter)
        }
        guard depthMultiplier >= 1 else { throw .unsupported(.depthMultiplier, value: depthMultiplier) }
        let (channels, overflow) = input.channels.multipliedReportingOverflow(by: depthMultiplier)
        guard !overflow else { throw .unsupported(.depthMultiplier, value: depthMultiplier) }
        guard filter.inputChannels == channels else {
            throw .groupsMismatch(inputChannels: input.channels, outputChannels: filter.inputChannels, groups: input.channels)
        }
        let taps = filter.height * filter.width
        guard taps <= maximumAccumulatorTaps else { throw .accumulatorOverflow(taps: taps, limit: maximumAccumulatorTaps) }
        guard weights.count >= filter.elementCount else {
            throw .bufferTooSmall(.filter, required: filter.elementCount, actual: weights.count)
        }
        if let bias, bias.count != channels { throw .biasLength(expected: channels, actual: bias.count) }
        let kernel = input.spatialRank == 2 ? Spatial(filter.height, filter.width) : Spatial(filter.width)
        let geometry = try PoolPlan(input: input, parameters: parameters.poolParameters(kernel: kernel))
        self.requantization = try PerChannelRequantization(
            input: inputQuantization, filterScales: filterScales, outputChannels: channels,
            output: outputQuantization, activation: parameters.activation)
        self.input = input
        var out = geometry.output
        out.channels = channels
        guard out.isWellFormed else { throw .malformedShape(.output, out) }
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
        let tapPairs = (taps + 1) / 2, blocks = depthMultiplier == 1 ? channels / 8 : 0
        var packed = [SIMD8<Int16>](repeating: SIMD8<Int16>(), count: blocks * tapPairs * 2)
        for block in 0..<blocks {
            for p in 0..<tapPairs {
                for half in 0..<2 {
                    var v = SIMD8<Int16>()
                    for k in 0..<4 {
                        let c = block * 8 + half * 4 + k
                        v[2 * k] = Int16(self.weights[(2 * p) * channels + c])
                        if 2 * p + 1 < taps { v[2 * k + 1] = Int16(self.weights[(2 * p + 1) * channels + c]) }
                    }
                    packed[(block * tapPairs + p) * 2 + half] = v
                }
            }
        }
        self.packed = packed
        self.zeroPointRow = [Int8](repeating: Int8(truncatingIfNeeded: inputQuantization.zeroPoint), count: input.channels + 8)
    }
}

/// Runs a prepared int8 depthwise convolution.
public func depthwiseConv2D(
    _ input: Tensor<Int8>, into output: MutableTensor<Int8>, plan: DepthwiseConv2DPlan
) throws(KernelError) {
    try input.validate(as: .input)
    guard input.shape == plan.input else { throw .shapeMismatch(.input, expected: plan.input, actual: input.shape) }
    try output.validate(as: .output, expected: plan.output)
    if plan.multiplier == 1 {
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

/// Lanes `half`·4 ..< half·4 + 4 of a and b interleaved: [a0, b0, a1, b1, a2, b2, a3, b3].
@inline(__always)
private func interleave(_ a: SIMD8<Int16>, _ b: SIMD8<Int16>, half: Int) -> SIMD8<Int16> {
    var r = SIMD8<Int16>()
    for k in 0..<4 {
        r[2 * k] = a[half * 4 + k]
        r[2 * k + 1] = b[half * 4 + k]
    }
    return r
}

/// Depthwise convolution, multiplier 1: for each output row and block of 8 channels, the
/// block's packed tap weights are read once and reused across the row (registers, for 3×3);
/// per pixel and tap pair, two 8-channel input vectors (x − zp as Int16; padding taps read the
/// zero-point row) are interleaved and multiplied-added into two Int32 quads. The channel tail
/// (C mod 8) runs the reference arithmetic; requantization as `Reference.depthwiseConv2D`.
private func depthwiseConv2DInt8(_ x: UnsafePointer<Int8>, _ y: UnsafeMutablePointer<Int8>, _ plan: DepthwiseConv2DPlan) {
    let i = plan.input, o = plan.output, C = o.channels
    let kh = plan.kernelHeight, kw = plan.kernelWidth, taps = kh * kw, tapPairs = (taps + 1) / 2
    let blocks = C / 8
    let zp = Int16(plan.inputZeroPoint)
    let hAxis = plan.height, wAxis = plan.width
    plan.zeroPointRow.withUnsafeBufferPointer { zeroRowBuffer in
    plan.packed.withUnsafeBufferPointer { packedBuffer in
        let zeroRow = zeroRowBuffer.baseAddress!, packed = packedBuffer.baseAddress!
        for n in 0..<o.batch {
            for oh in 0..<o.height {
                let rowStart = oh &* hAxis.stride &- hAxis.padBegin
                for block in 0..<blocks {
                    let c = block * 8
                    let w = packed + block * tapPairs * 2
                    for ow in 0..<o.width {
                        let colStart = ow &* wAxis.stride &- wAxis.padBegin
                        /// The input vector of tap t (8 channels from c), or the zero-point row.
                        func tapInput(_ t: Int) -> SIMD8<Int16> {
                            let iy = rowStart &+ (t / kw) &* hAxis.dilation, ix = colStart &+ (t % kw) &* wAxis.dilation
                            let inside = iy >= 0 && iy < i.height && ix >= 0 && ix < i.width
                            let p = inside ? x + ((((n &* i.height &+ iy) &* i.width &+ ix) &* i.channels) &+ c) : zeroRow
                            return centered8(p, zp)
                        }
                        var low = SIMD4<Int32>(), high = SIMD4<Int32>()
                        for p in 0..<tapPairs {
                            let a = tapInput(2 * p)
                            let b = 2 * p + 1 < taps ? tapInput(2 * p + 1) : SIMD8<Int16>()
                            low &+= multiplyAddPairs(w[2 * p], interleave(a, b, half: 0))
                            high &+= multiplyAddPairs(w[2 * p + 1], interleave(a, b, half: 1))
                        }
                        let out = y + ((n * o.height + oh) * o.width + ow) * C + c
                        for k in 0..<4 {
                            out[k] = plan.requantization.fixedPoint(low[k] &+ plan.bias[c + k], channel: c + k)
                            out[k + 4] = plan.requantization.fixedPoint(high[k] &+ plan.bias[c + k + 4], channel: c + k + 4)
                        }
                    }
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
