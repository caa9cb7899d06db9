/// A validated int8 fully-connected layer, weights copied once.
///
/// Layout: input [batch, I] (an `ActivationShape.nwc(batch, 1, I)`), weights OI = [O, I], bias
/// Int32 [O] (scale s_in·s_w[o]), output [batch, O] (`.nwc(batch, 1, O)`); per-tensor (one scale)
/// or per-channel (O scales) weights. acc = Σ_i w[o, i]·(x[b, i] − zp_in) + bias[o] (Int32; at most
/// 65536 inputs). Requantization as TFLite 2.21's reference FULLY_CONNECTED, which — unlike
/// CONV_2D — works in double precision: out = clamp(zp_out + round(acc · M[o])) with
/// M[o] = s_in·s_w[o]/s_out as a Double and round half away from zero (TfLiteRound).
public struct FullyConnectedPlan: Sendable {
    public let inputFeatures: Int
    public let outputFeatures: Int
    let weights: [Int8]
    let bias: [Int32]
    let requantization: PerChannelRequantization
    let inputZeroPoint: Int32

    public init(
        inputFeatures: Int, outputFeatures: Int, inputQuantization: QuantParams,
        weights: UnsafeBufferPointer<Int8>, filterScales: UnsafeBufferPointer<Float>, bias: UnsafeBufferPointer<Int32>?,
        outputQuantization: QuantParams, activation: FusedActivation = .none
    ) throws(KernelError) {
        let filter = FilterShape(outputChannels: outputFeatures, height: 1, width: 1, inputChannels: inputFeatures)
        guard filter.isWellFormed else { throw .invalidFilterShape(filter) }
        guard inputFeatures <= maximumAccumulatorTaps else {
            throw .accumulatorOverflow(taps: inputFeatures, limit: maximumAccumulatorTaps)
        }
        guard weights.count >= filter.elementCount else {
            throw .bufferTooSmall(.filter, required: filter.elementCount, actual: weights.count)
        }
        if let bias, bias.count != outputFeatures { throw .biasLength(expected: outputFeatures, actual: bias.count) }
        self.requantization = try PerChannelRequantization(
            input: inputQuantization, filterScales: filterScales, outputChannels: outputFeatures,
            output: outputQuantization, activation: activation)
        self.inputFeatures = inputFeatures
        self.outputFeatures = outputFeatures
        self.weights = Array(UnsafeBufferPointer(rebasing: weights[0..<filter.elementCount]))
        self.bias = bias.map { Array($0) } ?? [Int32](repeating: 0, count: outputFeatures)
        self.inputZeroPoint = inputQuantization.zeroPoint
    }

    /// The input shape for `batch` rows.
    public func inputShape(batch: Int) -> ActivationShape { .nwc(batch, 1, inputFeatures) }

    /// The output shape for `batch` rows.
    public func outputShape(batch: Int) -> ActivationShape { .nwc(batch, 1, outputFeatures) }

    func validate(_ input: Tensor<Int8>, _ output: MutableTensor<Int8>) throws(KernelError) {
        try input.validate(as: .input)
        let expected = inputShape(batch: input.shape.batch)
        guard input.shape == expected else { throw .shapeMismatch(.input, expected: expected, actual: input.shape) }
        try output.validate(as: .output, expected: outputShape(batch: input.shape.batch))
    }

    /// TFLite's double-precision requantization: clamp(zp + round(acc · M)), ties away from zero.
    @inline(__always)
    func requantize(_ acc: Int32, _ o: Int) -> Int8 {
        let scaled = roundHalfAwayFromZero(Double(acc) * requantization.realMultipliers[o])
        let bounded = Swift.min(Swift.max(scaled, -4096), 4096)
        return requantization.range.clamp(Int32(bounded) &+ requantization.outputZeroPoint)
    }
}

/// Runs a prepared int8 fully-connected layer on `input.shape.batch` rows.
public func fullyConnected(
    _ input: Tensor<Int8>, into output: MutableTensor<Int8>, plan: FullyConnectedPlan
) throws(KernelError) {
    try plan.validate(input, output)
    Reference.fullyConnected(input.data, output.data, plan, batch: input.shape.batch)
}

extension Reference {
    /// Int8 fully connected, the definition.
    public static func fullyConnected(
        _ input: Tensor<Int8>, into output: MutableTensor<Int8>, plan: FullyConnectedPlan
    ) throws(KernelError) {
        try plan.validate(input, output)
        fullyConnected(input.data, output.data, plan, batch: input.shape.batch)
    }

    static func fullyConnected(
        _ x: UnsafeBufferPointer<Int8>, _ y: UnsafeMutableBufferPointer<Int8>, _ plan: FullyConnectedPlan, batch: Int
    ) {
        let I = plan.inputFeatures, O = plan.outputFeatures, zp = plan.inputZeroPoint
        for b in 0..<batch {
            for o in 0..<O {
                var acc: Int32 = 0
                for k in 0..<I { acc += Int32(plan.weights[o * I + k]) * (Int32(x[b * I + k]) - zp) }
                y[b * O + o] = plan.requantize(acc &+ plan.bias[o], o)
            }
        }
    }
}
