/// An int8 convolution, depthwise convolution or fully-connected layer whose output is float32:
/// the dequantized Int32 accumulator, with no int8 rounding (for logits feeding a softmax).
///
/// All three ops are one grouped convolution here: a depthwise conv is groups = C with C·M
/// outputs (its [1, kh, kw, C·M] weights are transposed once to OHWI [C·M, kh, kw, 1]); a
/// fully-connected layer is a 1-D conv with a width-1 kernel over the [N, 1, I] input.
///
/// Layout and accumulator as `Conv2DPlan`: input NWC / NHWC, output NWC / NHWC float32;
/// acc = Σ w·(x − zp_in) over the taps inside the input (taps in the padding are skipped), + bias
/// (Int32; at most 65536 taps per output, so |acc| < 2^31 before the bias — wrapping addition of the
/// bias as the int8 kernels). Output: y = Float(Double(acc) · (Double(s_in) · Double(s_w[o]))) —
/// one rounding, double to float, to nearest even — then clamped to the activation's real bounds
/// [lo, hi] (`FusedActivation.realBounds`). Output extents: `PoolPlan`'s formula.
/// The plan copies the weights (transposed for depthwise) and the bias once; running allocates
/// nothing. The kernel is the plain n → oh → ow → oc loop (this op is the reference).
public struct DequantizedConv2DPlan: Sendable {
    public let input: ActivationShape
    public let output: ActivationShape
    /// OHWI, input channels per group.
    public let filter: FilterShape
    public let groups: Int
    let height: PoolAxis
    let width: PoolAxis
    let weights: [Int8]
    let bias: [Int32]
    /// s_in · s_w[o] per output channel, in double precision.
    let scales: [Double]
    let inputZeroPoint: Int32
    let bounds: (min: Float, max: Float)

    /// A grouped convolution (filter OHWI [O, kh, kw, I/groups]).
    public init(
        input: ActivationShape, inputQuantization: QuantParams, filter: FilterShape, weights: UnsafeBufferPointer<Int8>,
        filterScales: UnsafeBufferPointer<Float>, bias: UnsafeBufferPointer<Int32>?, parameters: Conv2DParameters
    ) throws(KernelError) {
        let geometry = try convGeometry(input, filter, groups: parameters.groups, parameters: parameters)
        guard weights.count >= filter.elementCount else {
            throw .bufferTooSmall(.filter, required: filter.elementCount, actual: weights.count)
        }
        try self.init(
            input: input, inputQuantization: inputQuantization, filter: filter, groups: parameters.groups,
            geometry: geometry, weights: Array(UnsafeBufferPointer(rebasing: weights[0..<filter.elementCount])),
            filterScales: filterScales, bias: bias, activation: parameters.activation)
    }

    /// A depthwise convolution (filter [1, kh, kw, C·M], `outputChannels` 1, `inputChannels` C·M).
    public init(
        depthwiseInput input: ActivationShape, inputQuantization: QuantParams, filter: FilterShape, depthMultiplier: Int,
        weights: UnsafeBufferPointer<Int8>, filterScales: UnsafeBufferPointer<Float>, bias: UnsafeBufferPointer<Int32>?,
        parameters: Conv2DParameters
    ) throws(KernelError) {
        let (geometry, channels) = try depthwiseGeometry(input, filter, depthMultiplier: depthMultiplier, parameters: parameters)
        guard weights.count >= filter.elementCount else {
            throw .bufferTooSmall(.filter, required: filter.elementCount, actual: weights.count)
        }
        let taps = filter.height * filter.width
        var ohwi = [Int8](repeating: 0, count: channels * taps)
        for t in 0..<taps {
            for oc in 0..<channels { ohwi[oc * taps + t] = weights[t * channels + oc] }
        }
        let asConv = FilterShape(outputChannels: channels, height: filter.height, width: filter.width, inputChannels: 1)
        try self.init(
            input: input, inputQuantization: inputQuantization, filter: asConv, groups: input.channels,
            geometry: geometry, weights: ohwi, filterScales: filterScales, bias: bias, activation: parameters.activation)
    }

    /// A fully-connected layer: input [N, 1, I] (`.nwc(N, 1, I)`), weights [O, I].
    public init(
        fullyConnectedInput input: ActivationShape, inputQuantization: QuantParams, outputFeatures: Int,
        weights: UnsafeBufferPointer<Int8>, filterScales: UnsafeBufferPointer<Float>, bias: UnsafeBufferPointer<Int32>?,
        activation: FusedActivation
    ) throws(KernelError) {
        guard input.isWellFormed else { throw .malformedShape(.input, input) }
        guard input == .nwc(input.batch, 1, input.channels) else {
            throw .shapeMismatch(.input, expected: .nwc(input.batch, 1, input.channels), actual: input)
        }
        let filter = FilterShape(outputChannels: outputFeatures, height: 1, width: 1, inputChannels: input.channels)
        try self.init(
            input: input, inputQuantization: inputQuantization, filter: filter, weights: weights, filterScales: filterScales,
            bias: bias, parameters: Conv2DParameters(stride: Spatial(1), activation: activation))
    }

    private init(
        input: ActivationShape, inputQuantization: QuantParams, filter: FilterShape, groups: Int, geometry: PoolPlan,
        weights: [Int8], filterScales: UnsafeBufferPointer<Float>, bias: UnsafeBufferPointer<Int32>?,
        activation: FusedActivation
    ) throws(KernelError) {
        try inputQuantization.validate(as: .input)
        let taps = filter.height * filter.width * filter.inputChannels
        guard taps <= maximumAccumulatorTaps else { throw .accumulatorOverflow(taps: taps, limit: maximumAccumulatorTaps) }
        let channels = filter.outputChannels
        if let bias, bias.count != channels { throw .biasLength(expected: channels, actual: bias.count) }
        guard filterScales.count == channels || filterScales.count == 1 else {
            throw .scaleCount(expected: channels, actual: filterScales.count)
        }
        var scales: [Double] = []
        scales.reserveCapacity(channels)
        for c in 0..<channels {
            let s = filterScales[filterScales.count == 1 ? 0 : c]
            guard s.isFinite && s > 0 else { throw .invalidFilterScale(channel: c, scale: s) }
            scales.append(Double(inputQuantization.scale) * Double(s))
        }
        let (lo, hi) = activation.realBounds
        self.input = input
        var out = geometry.output
        out.channels = channels
        guard out.isWellFormed else { throw .malformedShape(.output, out) }
        self.output = out
        self.filter = filter
        self.groups = groups
        self.height = geometry.height
        self.width = geometry.width
        self.weights = weights
        self.bias = bias.map { Array($0) } ?? [Int32](repeating: 0, count: channels)
        self.scales = scales
        self.inputZeroPoint = inputQuantization.zeroPoint
        self.bounds = (lo, hi)
    }
}

/// Runs a prepared int8 convolution / depthwise conv / fully-connected layer with a float32 output
/// (`DequantizedConv2DPlan`): `input` and `output` must have the plan's shapes.
public func conv2D(_ input: Tensor<Int8>, into output: MutableTensor<Float>, plan: DequantizedConv2DPlan) throws(KernelError) {
    try input.validate(as: .input)
    guard input.shape == plan.input else { throw .shapeMismatch(.input, expected: plan.input, actual: input.shape) }
    try output.validate(as: .output, expected: plan.output)
    let y = output.data
    forEachConvAccumulator(
        input.data, input: plan.input, output: plan.output, filter: plan.filter, groups: plan.groups,
        height: plan.height, width: plan.width, weights: plan.weights, zeroPoint: plan.inputZeroPoint
    ) { out, oc, acc in
        let v = Float(Double(acc &+ plan.bias[oc]) * plan.scales[oc])
        y[out] = Swift.min(Swift.max(v, plan.bounds.min), plan.bounds.max)
    }
}
