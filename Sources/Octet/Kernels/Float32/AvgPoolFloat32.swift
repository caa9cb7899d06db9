extension Reference {
    /// Visits every output position of `plan` in NDHWC order with its three windows and the flat
    /// offset of its (n, 0, 0, 0, 0) input cell; `body` computes all channels of that position.
    static func forEachWindow(
        _ plan: PoolPlan,
        _ body: (_ out: Int, _ inputBatchCell: Int, _ d: PoolWindow, _ h: PoolWindow, _ w: PoolWindow) -> Void
    ) {
        let o = plan.output
        var out = 0
        for n in 0..<o.batch {
            for od in 0..<o.depth {
                let wd = plan.depth.window(od)
                for oh in 0..<o.height {
                    let wh = plan.height.window(oh)
                    for ow in 0..<o.width {
                        body(out, n * plan.input.spatialCount, wd, wh, plan.width.window(ow))
                        out += o.channels
                    }
                }
            }
        }
    }
}

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
