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
    }
}

/// Runs a prepared int8 convolution: `input` and `output` must have the plan's shapes.
public func conv2D(_ input: Tensor<Int8>, into output: MutableTensor<Int8>, plan: Conv2DPlan) throws(KernelError) {
    try input.validate(as: .input)
    guard input.shape == plan.input else { throw .shapeMismatch(.input, expected: plan.input, actual: input.shape) }
    try output.validate(as: .output, expected: plan.output)
    Reference.conv2D(input.data, output.data, plan)
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
