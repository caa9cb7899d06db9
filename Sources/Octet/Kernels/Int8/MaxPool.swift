/// Int8 max pooling, NDHWC (1-D NWC, 2-D NHWC, 3-D NDHWC), input and output quantization equal
/// (as TFLite MAX_POOL_2D).
///
/// out[n, od, oh, ow, c] = clamp(max over the valid cells of the window), where the window of
/// output o on each axis reads o·stride − padBegin + t·dilation, t = 0..<window; padding cells are
/// never read (so they never win). Output extent: see `PoolPlan`. Clamp: the fused activation's
/// int8 range (`FusedActivation.int8Range`), applied after the maximum.
/// Indices (optional, Int32, output shape): the winner's flat position in its (n, c) plane,
/// (d·H + h)·W + w. Tie rule: the first maximum in row-major window scan order wins (strict >),
/// i.e. the smallest index; an all −128 window returns its first valid cell.
/// No accumulator: the result is one of the inputs. Bit-exact with `Reference.maxPool`.
public func maxPool(
    _ input: Tensor<Int8>, into output: MutableTensor<Int8>, indices: MutableTensor<Int32>? = nil,
    parameters: PoolParameters
) throws(KernelError) {
    let plan = try PoolPlan(input: input.shape, parameters: parameters)
    try maxPool(input, into: output, indices: indices, plan: plan, activation: parameters.activation)
}

/// Int8 max pooling over a prepared plan (regular, adaptive or global windows).
public func maxPool(
    _ input: Tensor<Int8>, into output: MutableTensor<Int8>, indices: MutableTensor<Int32>?,
    plan: PoolPlan, activation: FusedActivation
) throws(KernelError) {
    try validatePoolOperands(input, output, indices, plan: plan)
    let range = activation.int8Range(input.quantization)
    if let indices {
        maxPoolWithIndicesInt8(
            input.data.baseAddress!, output.data.baseAddress!, indices.data.baseAddress!, plan, range)
    } else {
        maxPoolInt8(input.data.baseAddress!, output.data.baseAddress!, plan, range)
    }
}

extension Reference {
    /// Int8 max pooling, the definition (`Reference.maxPool` with `Int8`), for tests and benchmarks.
    public static func maxPool(
        _ input: Tensor<Int8>, into output: MutableTensor<Int8>, indices: MutableTensor<Int32>?,
        plan: PoolPlan, activation: FusedActivation
    ) throws(KernelError) {
        try validatePoolOperands(input, output, indices, plan: plan)
        let range = activation.int8Range(input.quantization)
        Reference.maxPool(
            input.data.baseAddress!, into: output.data.baseAddress!, indices: indices?.data.baseAddress,
            plan: plan, clamp: { range.clamp($0) })
    }
}

/// Checks an int8 pooling kernel's operands against its plan: shapes, buffer sizes, quantization
/// (valid; equal on input and output unless `equalQuantization` is false).
func validatePoolOperands(
    _ input: Tensor<Int8>, _ output: MutableTensor<Int8>, _ indices: MutableTensor<Int32>?, plan: PoolPlan,
    equalQuantization: Bool = true
) throws(KernelError) {
    try input.validate(as: .input)
    guard input.shape == plan.input else { throw .shapeMismatch(.input, expected: plan.input, actual: input.shape) }
    try output.validate(as: .output, expected: plan.output)
    try indices?.validate(as: .indices, expected: plan.output)
    guard input.quantization.isValid else {
        throw .invalidQuantization(.input, scale: input.quantization.scale, zeroPoint: input.quantization.zeroPoint)
    }
    guard output.quantization.isValid else {
        throw .invalidQuantization(.output, scale: output.quantization.scale, zeroPoint: output.quantization.zeroPoint)
    }
    guard !equalQuantization || input.quantization == output.quantization else {
        throw .quantizationMismatch(input: input.quantization, output: output.quantization)
    }
}

// MARK: - SIMD helpers (kept in this file so the release build inlines them into the loops)

@inline(__always)
private func load<V: SIMD>(_ p: UnsafePointer<Int8>, as: V.Type) -> V {
    UnsafeRawPointer(p).loadUnaligned(as: V.self)
}

@inline(__always)
private func store<V: SIMD>(_ v: V, _ p: UnsafeMutablePointer<Int8>) {
    UnsafeMutableRawPointer(p).storeBytes(of: v, as: V.self)
}

/// Lane-wise max of int8 vectors, written as compare + select so it lowers to pmaxsb (SSE4.1),
/// pcmpgtb/pand/por (SSE2) or smax (NEON).
@inline(__always)
private func lanewiseMax<V: SIMD>(_ a: V, _ b: V) -> V where V.Scalar == Int8 {
    var r = a
    r.replace(with: b, where: b .> a)
    return r
}

@inline(__always)
private func lanewiseClamp<V: SIMD>(_ v: V, _ lo: V, _ hi: V) -> V where V.Scalar == Int8 {
    var r = v
    r.replace(with: lo, where: v .< lo)
    r.replace(with: hi, where: r .> hi)
    return r
}

/// Max over the window for channels c..<c+V.scalarCount, clamped, stored.
@inline(__always)
private func maxBlock<V: SIMD>(
    _ x: UnsafePointer<Int8>, _ y: UnsafeMutablePointer<Int8>, _ c: Int, _ plan: PoolPlan,
    _ cellBase: Int, _ wd: PoolWindow, _ wh: PoolWindow, _ ww: PoolWindow, _ lo: V, _ hi: V, _ as: V.Type
) where V.Scalar == Int8 {
    let C = plan.input.channels, H = plan.input.height, W = plan.input.width
    var best = V(repeating: -128)
    for d in wd.positions {
        for h in wh.positions {
            var p = x + ((cellBase + (d * H + h) * W + ww.first) * C + c)
            for _ in 0..<ww.count {
                best = lanewiseMax(best, load(p, as: V.self))
                p += ww.step * C
            }
        }
    }
    store(lanewiseClamp(best, lo, hi), y + c)
}

/// Values-only path: starting from −128 is the same as starting from the first cell (max is exact).
func maxPoolInt8(
    _ x: UnsafePointer<Int8>, _ y: UnsafeMutablePointer<Int8>, _ plan: PoolPlan, _ range: Int8Range
) {
    let o = plan.output, C = o.channels
    let lo64 = SIMD64<Int8>(repeating: range.min), hi64 = SIMD64<Int8>(repeating: range.max)
    let lo16 = SIMD16<Int8>(repeating: range.min), hi16 = SIMD16<Int8>(repeating: range.max)
    var out = y
    for n in 0..<o.batch {
        let cellBase = n * plan.input.spatialCount
        for od in 0..<o.depth {
            let wd = plan.depth.window(od)
            for oh in 0..<o.height {
                let wh = plan.height.window(oh)
                for ow in 0..<o.width {
                    let ww = plan.width.window(ow)
                    var c = 0
                    while c + 64 <= C {
                        maxBlock(x, out, c, plan, cellBase, wd, wh, ww, lo64, hi64, SIMD64<Int8>.self)
                        c += 64
                    }
                    while c + 16 <= C {
                        maxBlock(x, out, c, plan, cellBase, wd, wh, ww, lo16, hi16, SIMD16<Int8>.self)
                        c += 16
                    }
                    while c < C {
                        var best: Int8 = -128
                        for d in wd.positions {
                            for h in wh.positions {
                                for w in ww.positions {
                                    let v = x[((cellBase + (d * plan.input.height + h) * plan.input.width + w) * C + c)]
                                    if v > best { best = v }
                                }
                            }
                        }
                        out[c] = range.clamp(best)
                        c += 1
                    }
                    out += C
                }
            }
        }
    }
}

/// Indices path, 16 channels at a time: the running best starts at the first valid cell and is
/// replaced lane-wise only where a later cell is strictly greater; the lane's index follows.
func maxPoolWithIndicesInt8(
    _ x: UnsafePointer<Int8>, _ y: UnsafeMutablePointer<Int8>, _ indices: UnsafeMutablePointer<Int32>,
    _ plan: PoolPlan, _ range: Int8Range
) {
    let i = plan.input, o = plan.output, C = o.channels
    let lo = SIMD16<Int8>(repeating: range.min), hi = SIMD16<Int8>(repeating: range.max)
    var out = 0
    for n in 0..<o.batch {
        let cellBase = n * i.spatialCount
        for od in 0..<o.depth {
            let wd = plan.depth.window(od)
            for oh in 0..<o.height {
                let wh = plan.height.window(oh)
                for ow in 0..<o.width {
                    let ww = plan.width.window(ow)
                    let firstCell = (wd.first * i.height + wh.first) * i.width + ww.first
                    var c = 0
                    while c + 16 <= C {
                        var best = load(x + ((cellBase + firstCell) * C + c), as: SIMD16<Int8>.self)
                        var bestIndex = SIMD16<Int32>(repeating: Int32(firstCell))
                        for d in wd.positions {
                            for h in wh.positions {
                                for w in ww.positions {
                                    let cell = (d * i.height + h) * i.width + w
                                    let v = load(x + ((cellBase + cell) * C + c), as: SIMD16<Int8>.self)
                                    let wins = v .> best
                                    best.replace(with: v, where: wins)
                                    // Widen the 8-bit lane mask to 32-bit lanes (−1 / 0) and select.
                                    let wide = SIMD16<Int32>(truncatingIfNeeded: SIMD16<Int8>(repeating: 0).replacing(with: -1, where: wins))
                                    bestIndex = (bestIndex & ~wide) | (SIMD16<Int32>(repeating: Int32(cell)) & wide)
                                }
                            }
                        }
                        store(lanewiseClamp(best, lo, hi), y + out + c)
                        UnsafeMutableRawPointer(indices + out + c).storeBytes(of: bestIndex, as: SIMD16<Int32>.self)
                        c += 16
                    }
                    while c < C {
                        var best = x[(cellBase + firstCell) * C + c]
                        var bestIndex = Int32(firstCell)
                        for d in wd.positions {
                            for h in wh.positions {
                                for w in ww.positions {
                                    let cell = (d * i.height + h) * i.width + w
                                    let v = x[(cellBase + cell) * C + c]
                                    if v > best {
                                        best = v
                                        bestIndex = Int32(cell)
                                    }
                                }
                            }
                        }
                        y[out + c] = range.clamp(best)
                        indices[out + c] = bestIndex
                        c += 1
                    }
                    out += C
                }
            }
        }
    }
}
