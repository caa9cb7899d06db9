/// Float32 average pooling (reference kernel): the mean of the valid cells (countIncludePad false),
/// or the sum of the valid cells divided by the cells inside the padded extent (countIncludePad
/// true: padding counts as 0). Sums in Double, one rounding to Float; then the activation clamp.
public func averagePool(
    _ input: Tensor<Float>, into output: MutableTensor<Float>, parameters: PoolParameters
) throws(KernelError) {
    let plan = try PoolPlan(input: input.shape, parameters: parameters)
    try averagePool(input, into: output, plan: plan, countIncludePad: parameters.countIncludePad, activation: parameters.activation)
}

/// Float32 average pooling over a prepared plan (regular, adaptive or global windows).
public func averagePool(
    _ input: Tensor<Float>, into output: MutableTensor<Float>, plan: PoolPlan, countIncludePad: Bool,
    activation: FusedActivation
) throws(KernelError) {
    try input.validate(as: .input)
    guard input.shape == plan.input else { throw .shapeMismatch(.input, expected: plan.input, actual: input.shape) }
    try output.validate(as: .output, expected: plan.output)
    let x = input.data, y = output.data, i = plan.input
    let (lo, hi) = activation.realBounds
    Reference.forEachWindow(plan) { out, base, wd, wh, ww in
        let count = countIncludePad ? wd.paddedCount * wh.paddedCount * ww.paddedCount : wd.count * wh.count * ww.count
        for c in 0..<i.channels {
            var sum: Double = 0
            for d in wd.positions {
                for h in wh.positions {
                    for w in ww.positions {
                        sum += Double(x[(base + (d * i.height + h) * i.width + w) * i.channels + c])
                    }
                }
            }
            let mean = Float(sum / Double(count))
            y[out + c] = mean.isNaN ? mean : Swift.min(Swift.max(mean, lo), hi)
        }
    }
}
