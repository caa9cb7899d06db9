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
//
// Only concrete 16-byte vector types: generic SIMD helpers, and vectors wider than a register,
// make the standard library's per-lane fallback loops survive into the release build.

@inline(__always)
private func load16(_ p: UnsafePointer<Int8>) -> SIMD16<Int8> {
    UnsafeRawPointer(p).loadUnaligned(as: SIMD16<Int8>.self)
}

@inline(__always)
private func store16(_ v: SIMD16<Int8>, _ p: UnsafeMutablePointer<Int8>) {
    UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD16<Int8>.self)
}

/// Lane-wise max (smax on NEON, pmaxsb on SSE4.1, pcmpgtb + select on SSE2).
@inline(__always)
private func max16(_ a: SIMD16<Int8>, _ b: SIMD16<Int8>) -> SIMD16<Int8> {
    var r = a
    r.replace(with: b, where: b .> a)
    return r
}

#if arch(x86_64)
/// x86-64's baseline (SSE2) has an unsigned byte max (pmaxub) but no signed one: the values-only
/// path keeps its running maxima biased, u = q ^ 0x80 (order-preserving: q + 128 as UInt8), and
/// unbiases once per output. Exact, so bit-identical to the signed path.
private typealias Running = SIMD16<UInt8>

@inline(__always)
private func loadRunning(_ p: UnsafePointer<Int8>) -> Running {
    unsafeBitCast(load16(p), to: Running.self) ^ Running(repeating: 0x80)
}

@inline(__always)
private func maxRunning(_ a: Running, _ b: Running) -> Running {
    var r = a
    r.replace(with: b, where: b .> a)
    return r
}

/// Clamps a biased running maximum to the biased [lo, hi] (pmaxub, pminub) and unbiases it.
@inline(__always)
private func finishRunning(_ a: Running, _ lo: Running, _ hi: Running) -> SIMD16<Int8> {
    var r = a
    r.replace(with: lo, where: lo .> r)
    r.replace(with: hi, where: hi .< r)
    return unsafeBitCast(r ^ Running(repeating: 0x80), to: SIMD16<Int8>.self)
}

/// The clamp bound `v` in the running domain.
@inline(__always)
private func runningBound(_ v: Int8) -> Running {
    Running(repeating: UInt8(bitPattern: v) ^ 0x80)
}

private let runningStart = Running(repeating: 0)
#else
private typealias Running = SIMD16<Int8>

@inline(__always)
private func loadRunning(_ p: UnsafePointer<Int8>) -> Running { load16(p) }

@inline(__always)
private func maxRunning(_ a: Running, _ b: Running) -> Running { max16(a, b) }

@inline(__always)
private func finishRunning(_ a: Running, _ lo: Running, _ hi: Running) -> SIMD16<Int8> { clamp16(a, lo, hi) }

@inline(__always)
private func runningBound(_ v: Int8) -> Running { Running(repeating: v) }

private let runningStart = Running(repeating: -128)
#endif

/// Lane-wise clamp to [lo, hi].
@inline(__always)
private func clamp16(_ v: SIMD16<Int8>, _ lo: SIMD16<Int8>, _ hi: SIMD16<Int8>) -> SIMD16<Int8> {
    var r = max16(v, lo)
    r.replace(with: hi, where: r .> hi)
    return r
}

/// Max of 4 cells for channels 0..<C rounded down to 16, clamped and stored; returns the first
/// channel not done.
@inline(__always)
private func maxOf4(
    _ p0: UnsafePointer<Int8>, _ p1: UnsafePointer<Int8>, _ p2: UnsafePointer<Int8>, _ p3: UnsafePointer<Int8>,
    _ out: UnsafeMutablePointer<Int8>, _ C: Int, _ lo: Running, _ hi: Running
) -> Int {
    var c = 0
    while c + 16 <= C {
        let m = maxRunning(maxRunning(loadRunning(p0 + c), loadRunning(p1 + c)), maxRunning(loadRunning(p2 + c), loadRunning(p3 + c)))
        store16(finishRunning(m, lo, hi), out + c)
        c += 16
    }
    return c
}

/// Max of 9 cells for channels 0..<C rounded down to 16, clamped and stored; returns the first
/// channel not done.
@inline(__always)
private func maxOf9(
    _ p: (UnsafePointer<Int8>, UnsafePointer<Int8>, UnsafePointer<Int8>, UnsafePointer<Int8>, UnsafePointer<Int8>,
          UnsafePointer<Int8>, UnsafePointer<Int8>, UnsafePointer<Int8>, UnsafePointer<Int8>),
    _ out: UnsafeMutablePointer<Int8>, _ C: Int, _ lo: Running, _ hi: Running
) -> Int {
    var c = 0
    while c + 16 <= C {
        let a = maxRunning(maxRunning(loadRunning(p.0 + c), loadRunning(p.1 + c)), maxRunning(loadRunning(p.2 + c), loadRunning(p.3 + c)))
        let b = maxRunning(maxRunning(loadRunning(p.4 + c), loadRunning(p.5 + c)), maxRunning(loadRunning(p.6 + c), loadRunning(p.7 + c)))
        store16(finishRunning(maxRunning(maxRunning(a, b), loadRunning(p.8 + c)), lo, hi), out + c)
        c += 16
    }
    return c
}

/// Values-only path: starting from −128 is the same as starting from the first cell (max is
/// exact). 64 channels at a time in four registers, then 16, then a scalar tail.
func maxPoolInt8(
    _ x: UnsafePointer<Int8>, _ y: UnsafeMutablePointer<Int8>, _ plan: PoolPlan, _ range: Int8Range
) {
    let i = plan.input, o = plan.output, C = o.channels
    let lo = runningBound(range.min), hi = runningBound(range.max)
    var out = y
    for n in 0..<o.batch {
        let cellBase = n * i.spatialCount
        for od in 0..<o.depth {
            let wd = plan.depth.window(od)
            for oh in 0..<o.height {
                let wh = plan.height.window(oh)
                for ow in 0..<o.width {
                    let ww = plan.width.window(ow)
                    // Window walk by pointer steps: first valid cell, then dilation strides per axis.
                    // Wrapping arithmetic: every offset is inside the validated input.
                    let first = x + ((cellBase &+ (wd.first &* i.height &+ wh.first) &* i.width &+ ww.first) &* C)
                    let dStep = wd.step &* i.height &* i.width &* C, hStep = wh.step &* i.width &* C, wStep = ww.step &* C
                    var c = 0
                    if wd.count == 1 && wh.count <= 3 && ww.count <= 3 && C >= 16 {
                        // Windows of up to 3×3 cells (every common pooling layer): straight-line
                        // code over a fixed 2×2 or 3×3 grid of cell pointers, no window loops.
                        // Grid slot (a, b) reads cell (min(a, rows − 1), min(b, columns − 1)):
                        // repeated cells leave a maximum unchanged.
                        func cell(_ a: Int, _ b: Int) -> UnsafePointer<Int8> {
                            first + Swift.min(a, wh.count &- 1) &* hStep + Swift.min(b, ww.count &- 1) &* wStep
                        }
                        if wh.count <= 2 && ww.count <= 2 {
                            c = maxOf4(cell(0, 0), cell(0, 1), cell(1, 0), cell(1, 1), out, C, lo, hi)
                        } else {
                            c = maxOf9(
                                (cell(0, 0), cell(0, 1), cell(0, 2), cell(1, 0), cell(1, 1), cell(1, 2),
                                 cell(2, 0), cell(2, 1), cell(2, 2)), out, C, lo, hi)
                        }
                    }
                    while c + 64 <= C {
                        var b0 = runningStart, b1 = b0, b2 = b0, b3 = b0
                        var pd = first + c
                        for _ in 0..<wd.count {
                            var ph = pd
                            for _ in 0..<wh.count {
                                var p = ph
                                for _ in 0..<ww.count {
                                    b0 = maxRunning(b0, loadRunning(p))
                                    b1 = maxRunning(b1, loadRunning(p + 16))
                                    b2 = maxRunning(b2, loadRunning(p + 32))
                                    b3 = maxRunning(b3, loadRunning(p + 48))
                                    p += wStep
                                }
                                ph += hStep
                            }
                            pd += dStep
                        }
                        store16(finishRunning(b0, lo, hi), out + c)
                        store16(finishRunning(b1, lo, hi), out + c + 16)
                        store16(finishRunning(b2, lo, hi), out + c + 32)
                        store16(finishRunning(b3, lo, hi), out + c + 48)
                        c += 64
                    }
                    while c + 16 <= C {
                        var b = runningStart
                        var pd = first + c
                        for _ in 0..<wd.count {
                            var ph = pd
                            for _ in 0..<wh.count {
                                var p = ph
                                for _ in 0..<ww.count {
                                    b = maxRunning(b, loadRunning(p))
                                    p += wStep
                                }
                                ph += hStep
                            }
                            pd += dStep
                        }
                        store16(finishRunning(b, lo, hi), out + c)
                        c += 16
                    }
                    // Channel tails (and small channel counts): 8 lanes, then one channel, by the
                    // same pointer walk.
                    while c < C {
                        let lanes = C - c >= 8 ? 8 : 1
                        var best = SIMD8<Int8>(repeating: -128)
                        var pd = first + c
                        for _ in 0..<wd.count {
                            var ph = pd
                            for _ in 0..<wh.count {
                                var p = ph
                                for _ in 0..<ww.count {
                                    let v = lanes == 8
                                        ? UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Int8>.self) : SIMD8<Int8>(repeating: p.pointee)
                                    best = best.replacing(with: v, where: v .> best)
                                    p += wStep
                                }
                                ph += hStep
                            }
                            pd += dStep
                        }
                        best = best.clamped(lowerBound: SIMD8(repeating: range.min), upperBound: SIMD8(repeating: range.max))
                        if lanes == 8 {
                            UnsafeMutableRawPointer(out + c).storeBytes(of: best, as: SIMD8<Int8>.self)
                        } else {
                            out[c] = best[0]
                        }
                        c += lanes
                    }
                    out += C
                }
            }
        }
    }
}

/// Indices path. Windows of at most 255 valid cells (every strided window in practice): 16
/// channels at a time, the running best starts at the first valid cell and is replaced lane-wise
/// only where a later cell is strictly greater, recording the cell's ordinal k (scan order) in a
/// UInt8 lane; the ordinal becomes the plane index (d·H + h)·W + w once per lane at the end.
/// Larger windows (global pooling) and the channel tail run one channel at a time.
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
                    let cells = wd.count * wh.count * ww.count
                    /// The plane index of the window's k-th valid cell in scan order.
                    func cellIndex(_ k: Int) -> Int32 {
                        let w = ww.first + (k % ww.count) * ww.step
                        let h = wh.first + ((k / ww.count) % wh.count) * wh.step
                        let d = wd.first + (k / (ww.count * wh.count)) * wd.step
                        return Int32((d * i.height + h) * i.width + w)
                    }
                    var c = 0
                    while cells <= 255 && c + 16 <= C {
                        var best = load16(x + ((cellBase + Int(cellIndex(0))) * C + c))
                        var ordinal = SIMD16<UInt8>()
                        var k: UInt8 = 0
                        for d in wd.positions {
                            for h in wh.positions {
                                var p = x + ((cellBase + (d * i.height + h) * i.width + ww.first) * C + c)
                                for _ in 0..<ww.count {
                                    let v = load16(p)
                                    let wins = v .> best
                                    best.replace(with: v, where: wins)
                                    ordinal.replace(with: SIMD16<UInt8>(repeating: k), where: wins)
                                    k &+= 1
                                    p += ww.step * C
                                }
                            }
                        }
                        store16(clamp16(best, lo, hi), y + out + c)
                        for lane in 0..<16 { indices[out + c + lane] = cellIndex(Int(ordinal[lane])) }
                        c += 16
                    }
                    while c < C {
                        let first = Int(cellIndex(0))
                        var best = x[(cellBase + first) * C + c]
                        var bestIndex = Int32(first)
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
