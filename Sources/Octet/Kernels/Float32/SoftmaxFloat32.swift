/// Float32 softmax over the last axis (channels): for each row x of C values,
/// m = max x, e_i = exp(x_i − m), y_i = e_i / Σ e — in double precision: x_i − m and the
/// exponential (`DeterministicMath.exp`, no libm) in Double, Σ e summed in index order, one
/// division and one rounding to Float per output. Deterministic: the same bytes on every CPU and
/// in Embedded Swift. A row holding NaN, or +∞ (∞ − ∞), gives NaN; −∞ entries give 0.
public func softmax(_ input: Tensor<Float>, into output: MutableTensor<Float>) throws(KernelError) {
    try input.validate(as: .input)
    try output.validate(as: .output, expected: input.shape)
    let C = input.shape.channels
    let rows = input.shape.elementCount / C
    let x = input.data, y = output.data
    for r in 0..<rows {
        let base = r * C
        var m = x[base]
        for c in 1..<C where x[base + c] > m || x[base + c].isNaN { m = x[base + c] }
        var sum = 0.0
        for c in 0..<C { sum += DeterministicMath.exp(Double(x[base + c]) - Double(m)) }
        for c in 0..<C { y[base + c] = Float(DeterministicMath.exp(Double(x[base + c]) - Double(m)) / sum) }
    }
}
