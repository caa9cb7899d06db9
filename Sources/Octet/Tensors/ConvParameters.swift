/// Parameters of a 1-D or 2-D convolution (the rank of `stride`), shared by the int8 and float32
/// kernels: conv, grouped conv and depthwise conv.
public struct Conv2DParameters: Equatable, Sendable {
    public var stride: Spatial
    public var dilation: Spatial
    public var padding: Padding
    /// Input and output channels are split into `groups` equal parts; group g's outputs read only
    /// group g's inputs (conv only; depthwise is its own op).
    public var groups: Int
    public var activation: FusedActivation

    public init(
        stride: Spatial, dilation: Spatial? = nil, padding: Padding = .valid, groups: Int = 1,
        activation: FusedActivation = .none
    ) {
        self.stride = stride
        self.dilation = dilation ?? .uniform(1, rank: stride.rank)
        self.padding = padding
        self.groups = groups
        self.activation = activation
    }

    /// The window geometry of a filter with spatial extents `kernel` (kh, kw), as pooling's.
    func poolParameters(kernel: Spatial) -> PoolParameters {
        PoolParameters(window: kernel, stride: stride, dilation: dilation, padding: padding)
    }
}

/// The most taps (kh·kw·cin) one output may sum: |w·(x − zp)| ≤ 128·255 per tap, so 65536 taps
/// keep |acc| ≤ 2,139,095,040 < 2^31 before the bias. Larger filters are rejected.
public let maximumAccumulatorTaps = 65536

/// Per-output-channel requantization: multiplier[c] = QuantizeMultiplier(s_in · s_w[c] / s_out)
/// in double precision (TFLite's PopulateConvolutionQuantizationParams), the output zero point and
/// the fused activation's int8 range.
public struct PerChannelRequantization: Equatable, Sendable {
    public var multipliers: [QuantizedMultiplier]
    /// The real multipliers, for kernels that requantize in double precision (fully connected).
    public var realMultipliers: [Double]
    public var outputZeroPoint: Int32
    public var range: Int8Range

    /// `filterScales` holds one scale per output channel, or one for all.
    init(
        input: QuantParams, filterScales: UnsafeBufferPointer<Float>, outputChannels: Int, output: QuantParams,
        activation: FusedActivation
    ) throws(KernelError) {
        try input.validate(as: .input)
        try output.validate(as: .output)
        guard filterScales.count == outputChannels || filterScales.count == 1 else {
            throw .scaleCount(expected: outputChannels, actual: filterScales.count)
        }
        var multipliers: [QuantizedMultiplier] = []
        var reals: [Double] = []
        multipliers.reserveCapacity(outputChannels)
        reals.reserveCapacity(outputChannels)
        for c in 0..<outputChannels {
            let s = filterScales[filterScales.count == 1 ? 0 : c]
            guard s.isFinite && s > 0 else { throw .invalidFilterScale(channel: c, scale: s) }
            let real = Double(input.scale) * Double(s) / Double(output.scale)
            reals.append(real)
            multipliers.append(QuantizedMultiplier(real))
        }
        self.multipliers = multipliers
        self.realMultipliers = reals
        self.outputZeroPoint = output.zeroPoint
        self.range = activation.int8Range(output)
    }

    /// TFLite's CONV_2D / DEPTHWISE_CONV_2D requantization: clamp(zp + MultiplyByQuantizedMultiplier(acc)).
    @inline(__always)
    func fixedPoint(_ acc: Int32, channel: Int) -> Int8 {
        range.clamp(multipliers[channel].apply(acc) &+ outputZeroPoint)
    }
}

/// Validates a conv's input/filter/groups and returns the window geometry (`PoolPlan`).
func convGeometry(
    _ input: ActivationShape, _ filter: FilterShape, groups g: Int, parameters: Conv2DParameters
) throws(KernelError) -> PoolPlan {
    guard input.isWellFormed else { throw .malformedShape(.input, input) }
    guard input.spatialRank <= 2 else { throw .rankMismatch(expected: 2, actual: input.spatialRank) }
    guard filter.isWellFormed, input.spatialRank == 2 || filter.height == 1 else { throw .invalidFilterShape(filter) }
    guard g >= 1, filter.outputChannels % g == 0 else {
        throw .groupsMismatch(inputChannels: input.channels, outputChannels: filter.outputChannels, groups: g)
    }
    let (expectedChannels, overflow) = filter.inputChannels.multipliedReportingOverflow(by: g)
    guard !overflow, input.channels == expectedChannels else {
        throw .channelMismatch(expected: overflow ? Int.max : expectedChannels, actual: input.channels)
    }
    let kernel = input.spatialRank == 2 ? Spatial(filter.height, filter.width) : Spatial(filter.width)
    let plan = try PoolPlan(input: input, parameters: parameters.poolParameters(kernel: kernel))
    var output = plan.output
    output.channels = filter.outputChannels
    guard output.isWellFormed else { throw .malformedShape(.output, output) }
    return plan
}

/// Validates a depthwise conv's input, [1, kh, kw, C·M] filter and multiplier; returns the window
/// geometry (that of a conv with one input channel per group) and the output channels C·M.
func depthwiseGeometry(
    _ input: ActivationShape, _ filter: FilterShape, depthMultiplier: Int, parameters: Conv2DParameters
) throws(KernelError) -> (PoolPlan, Int) {
    guard input.isWellFormed else { throw .malformedShape(.input, input) }
    guard depthMultiplier >= 1 else { throw .unsupported(.depthMultiplier, value: depthMultiplier) }
    let (channels, overflow) = input.channels.multipliedReportingOverflow(by: depthMultiplier)
    guard !overflow else { throw .unsupported(.depthMultiplier, value: depthMultiplier) }
    guard filter.isWellFormed, filter.outputChannels == 1 else { throw .invalidFilterShape(filter) }
    guard filter.inputChannels == channels else {
        throw .groupsMismatch(inputChannels: input.channels, outputChannels: filter.inputChannels, groups: input.channels)
    }
    let asConv = FilterShape(outputChannels: channels, height: filter.height, width: filter.width, inputChannels: 1)
    return (try convGeometry(input, asConv, groups: input.channels, parameters: parameters), channels)
}
