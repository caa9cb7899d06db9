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
        let channels = input.channels * depthMultiplier
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
        self.output = out
        self.kernelHeight = filter.height
        self.kernelWidth = filter.width
        self.multiplier = depthMultiplier
        self.height = geometry.height
        self.width = geometry.width
        self.weights = Array(UnsafeBufferPointer(rebasing: weights[0..<filter.elementCount]))
        self.bias = bias.map { Array($0) } ?? [Int32](repeating: 0, count: channels)
        self.inputZeroPoint = inputQuantization.zeroPoint
    }
}

/// Runs a prepared int8 depthwise convolution.
public func depthwiseConv2D(
    _ input: Tensor<Int8>, into output: MutableTensor<Int8>, plan: DepthwiseConv2DPlan
) throws(KernelError) {
    try input.validate(as: .input)
    guard input.shape == plan.input else { throw .shapeMismatch(.input, expected: plan.input, actual: input.shape) }
    try output.validate(as: .output, expected: plan.output)
    Reference.depthwiseConv2D(input.data, output.data, plan)
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
