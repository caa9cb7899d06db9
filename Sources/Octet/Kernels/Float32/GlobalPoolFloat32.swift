/// Float32 global average pooling (reference kernel): the mean over all D·H·W cells per (n, c),
/// summed in Double; output spatial extents 1.
public func globalAveragePool(
    _ input: Tensor<Float>, into output: MutableTensor<Float>, activation: FusedActivation = .none
) throws(KernelError) {
    try input.validate(as: .input)
    let plan = try PoolPlan(globalInput: input.shape)
    try averagePool(input, into: output, plan: plan, countIncludePad: false, activation: activation)
}

/// Float32 global max pooling (reference kernel) with optional indices; NaN wins (first NaN).
public func globalMaxPool(
    _ input: Tensor<Float>, into output: MutableTensor<Float>, indices: MutableTensor<Int32>? = nil,
    activation: FusedActivation = .none
) throws(KernelError) {
    try input.validate(as: .input)
    let plan = try PoolPlan(globalInput: input.shape)
    try maxPool(input, into: output, indices: indices, plan: plan, activation: activation)
}
