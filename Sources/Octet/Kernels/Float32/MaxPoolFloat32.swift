/// Scalars max pooling is defined over: the comparison that decides a window's winner.
public protocol MaxPoolScalar {
    /// True when `self` replaces `best` as the window's maximum so far. Strict: an equal value
    /// never replaces the earlier one, so ties go to the first cell in window scan order.
    func beats(_ best: Self) -> Bool
}

extension Int8: MaxPoolScalar {
    @inlinable
    public func beats(_ best: Int8) -> Bool { self > best }
}

extension Float: MaxPoolScalar {
    /// NaN wins over every number, and the first NaN stays (DESIGN.md §3).
    @inlinable
    public func beats(_ best: Float) -> Bool { self > best || (isNaN && !best.isNaN) }
}

/// Plain reference loops: the normative definitions every optimized kernel is tested against.
public enum Reference {}

extension Reference {
    /// Max pooling, the definition. For each output (n, od, oh, ow, c): the maximum over the window's
    /// valid cells (padding cells are never read), scanning d, then h, then w in increasing order and
    /// replacing the running maximum only on `beats` (strict), so the first maximum wins. The index
    /// is the winner's flat position in its (n, c) plane, (d·H + h)·W + w. A window of all −128 (or
    /// all −∞) returns its first valid cell. The value is then clamped to `range` (NaN is kept).
    public static func maxPool<T: MaxPoolScalar>(
        _ input: UnsafePointer<T>, into output: UnsafeMutablePointer<T>, indices: UnsafeMutablePointer<Int32>?,
        plan: PoolPlan, clamp: (T) -> T
    ) {
        let i = plan.input, o = plan.output
        var out = 0
        for n in 0..<o.batch {
            for od in 0..<o.depth {
                let wd = plan.depth.window(od)
                for oh in 0..<o.height {
                    let wh = plan.height.window(oh)
                    for ow in 0..<o.width {
                        let ww = plan.width.window(ow)
                        for c in 0..<o.channels {
                            var best = input[0]
                            var bestIndex: Int32 = -1
                            for d in wd.positions {
                                for h in wh.positions {
                                    for w in ww.positions {
                                        let cell = (d * i.height + h) * i.width + w
                                        let v = input[(n * i.spatialCount + cell) * i.channels + c]
                                        if bestIndex < 0 || v.beats(best) {
                                            best = v
                                            bestIndex = Int32(cell)
                                        }
                                    }
                                }
                            }
                            output[out] = clamp(best)
                            indices?[out] = bestIndex
                            out += 1
                        }
                    }
                }
            }
        }
    }
}

/// Float32 max pooling (reference kernel): `Reference.maxPool` with NaN winning, then the fused
/// activation clamp in real units (NaN passes through the clamp).
/// Output shape: `PoolPlan(input:parameters:)`. Indices: optional, same shape as the output.
public func maxPool(
    _ input: Tensor<Float>, into output: MutableTensor<Float>, indices: MutableTensor<Int32>? = nil,
    parameters: PoolParameters
) throws(KernelError) {
    let plan = try PoolPlan(input: input.shape, parameters: parameters)
    try maxPool(input, into: output, indices: indices, plan: plan, activation: parameters.activation)
}

/// Float32 max pooling over a prepared plan (regular, adaptive or global windows).
public func maxPool(
    _ input: Tensor<Float>, into output: MutableTensor<Float>, indices: MutableTensor<Int32>?,
    plan: PoolPlan, activation: FusedActivation
) throws(KernelError) {
    try input.validate(as: .input)
    guard input.shape == plan.input else { throw .shapeMismatch(.input, expected: plan.input, actual: input.shape) }
    try output.validate(as: .output, expected: plan.output)
    try indices?.validate(as: .indices, expected: plan.output)
    let (lo, hi) = activation.realBounds
    Reference.maxPool(
        input.data.baseAddress!, into: output.data.baseAddress!, indices: indices?.data.baseAddress,
        plan: plan, clamp: { v in v.isNaN ? v : Swift.min(Swift.max(v, lo), hi) })
}
