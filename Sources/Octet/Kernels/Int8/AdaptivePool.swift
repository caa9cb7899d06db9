/// Int8 adaptive average pooling (PyTorch's AdaptiveAvgPool): the output's spatial extents come
/// from `output.shape`; output i on each axis averages input [floor(i·In/Out), ceil((i+1)·In/Out)).
/// Arithmetic, rounding and clamp as `averagePool` (no padding); quantization equal on both sides.
public func adaptiveAveragePool(
    _ input: Tensor<Int8>, into output: MutableTensor<Int8>, activation: FusedActivation = .none
) throws(KernelError) {
    try input.validate(as: .input)
    let plan = try PoolPlan(input: input.shape, adaptiveOutput: Spatial(spatialOf: output.shape))
    try averagePool(input, into: output, plan: plan, countIncludePad: false, activation: activation)
}

/// Int8 adaptive max pooling (PyTorch's AdaptiveMaxPool) with optional indices: windows as
/// `adaptiveAveragePool`, tie rule and index layout as `maxPool`.
public func adaptiveMaxPool(
    _ input: Tensor<Int8>, into output: MutableTensor<Int8>, indices: MutableTensor<Int32>? = nil,
    activation: FusedActivation = .none
) throws(KernelError) {
    try input.validate(as: .input)
    let plan = try PoolPlan(input: input.shape, adaptiveOutput: Spatial(spatialOf: output.shape))
    try maxPool(input, into: output, indices: indices, plan: plan, activation: activation)
}
