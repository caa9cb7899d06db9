/// Float32 adaptive average pooling (reference kernel), PyTorch's window rule; see the int8 version.
public func adaptiveAveragePool(
    _ input: Tensor<Float>, into output: MutableTensor<Float>, activation: FusedActivation = .none
) throws(KernelError) {
    try input.validate(as: .input)
    let plan = try PoolPlan(input: input.shape, adaptiveOutput: Spatial(spatialOf: output.shape))
    try averagePool(input, into: output, plan: plan, countIncludePad: false, activation: activation)
}

/// Float32 adaptive max pooling (reference kernel) with optional indices; NaN wins (first NaN).
public func adaptiveMaxPool(
    _ input: Tensor<Float>, into output: MutableTensor<Float>, indices: MutableTensor<Int32>? = nil,
    activation: FusedActivation = .none
) throws(KernelError) {
    try input.validate(as: .input)
    let plan = try PoolPlan(input: input.shape, adaptiveOutput: Spatial(spatialOf: output.shape))
    try maxPool(input, into: output, indices: indices, plan: plan, activation: activation)
}
