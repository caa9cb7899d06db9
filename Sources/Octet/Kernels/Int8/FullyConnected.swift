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
    /// The weights packed as a 1×1 convolution's (`ConvPackedWeights`: tiles of 4 outputs × input pairs).
    let packed: ConvPackedWeights

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
        self.packed = ConvPackedWeights(self.weights, filter: filter, groups: 1)
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
    fullyConnectedInt8(input.data.baseAddress!, output.data.baseAddress!, plan, batch: input.shape.batch)
}

/// Optimized path: per row, 16 outputs (4 tiles) at a time share each broadcast input pair;
/// Int16 pairs multiplied-added into Int32 (pmaddwd). Exact integer sums, then the same
/// double-precision requantization as `Reference.fullyConnected`.
private func fullyConnectedInt8(_ x: UnsafePointer<Int8>, _ y: UnsafeMutablePointer<Int8>, _ plan: FullyConnectedPlan, batch: Int) {
    let I = plan.inputFeatures, O = plan.outputFeatures, zp = plan.inputZeroPoint
    let tiles = plan.packed.tiles, pairs = plan.packed.pairs, fullPairs = I / 2, odd = I % 2 == 1
    plan.packed.data.withUnsafeBufferPointer { packedBuffer in
        let packed = packedBuffer.baseAddress!
        for b in 0..<batch {
            let row = x + b * I
            var t = 0
            while t < tiles {
                let block = Swift.min(4, tiles - t)
                let w = packed + t * pairs
                var a0 = SIMD4<Int32>(), a1 = a0, a2 = a0, a3 = a0
                for j in 0..<pairs {
                    let v = inputPair(row + 2 &* j, zp, single: odd && j == fullPairs)
                    a0 &+= multiplyAddPairs(w[j], v)
                    if block > 1 { a1 &+= multiplyAddPairs(w[pairs &+ j], v) }
                    if block > 2 { a2 &+= multiplyAddPairs(w[2 &* pairs &+ j], v) }
                    if block > 3 { a3 &+= multiplyAddPairs(w[3 &* pairs &+ j], v) }
                }
                let sums = (a0, a1, a2, a3)
                for tile in 0..<block {
                    let acc = tile == 0 ? sums.0 : (tile == 1 ? sums.1 : (tile == 2 ? sums.2 : sums.3))
                    for lane in 0..<4 {
                        let o = (t + tile) * 4 + lane
                        guard o < O else { break }
                        y[b * O + o] = plan.requantize(acc[lane] &+ plan.bias[o], o)
                    }
                }
                t += block
            }
        }
    }
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
