/// Int8 global average pooling: one output per (n, c) over all D·H·W cells, output spatial
/// extents 1. Quantization comes from the two tensor views and may differ.
///
/// Same input and output quantization: acc = Σ q (Int64 when D·H·W > 2^23, else Int32);
/// out = clamp((acc ± n/2) / n) with ties away from zero — the average-pool formula over the whole
/// plane. Different quantization: acc = Σ (q − zp_in), one requantization with
/// M = s_in / (s_out · n) as `QuantizedMultiplier` (TFLite double rounding), out = clamp(zp_out +
/// M(acc)). One rounding: TFLite's MEAN rounds two or three times, so it can differ by ±1 LSB.
/// Clamp: the fused activation's int8 range in the output quantization.
public func globalAveragePool(
    _ input: Tensor<Int8>, into output: MutableTensor<Int8>, activation: FusedActivation = .none
) throws(KernelError) {
    let plan = try validateGlobalPool(input, output)
    let cells = plan.input.spatialCount
    let requantize = input.quantization == output.quantization
        ? nil
        : QuantizedMultiplier(Double(input.quantization.scale) / (Double(output.quantization.scale) * Double(cells)))
    let zpIn = Int64(input.quantization.zeroPoint), zpOut = Int64(output.quantization.zeroPoint)
    let range = activation.int8Range(output.quantization)
    let x = input.data.baseAddress!, y = output.data.baseAddress!
    let C = plan.input.channels
    /// Finishes one channel from its Σ q.
    func finish(_ sum: Int64) -> Int8 {
        guard let m = requantize else {
            return range.clamp(Int32(divideRoundingHalfAwayFromZero(sum, Int64(cells))))
        }
        let centered = sum - Int64(cells) * zpIn
        let scaled = cells <= globalInt32Cells ? Int64(m.apply(Int32(centered))) : m.apply(centered)
        return range.clamp(Int32(clamping: scaled + zpOut))
    }
    for n in 0..<plan.input.batch {
        let plane = x + n * cells * C
        var c = 0
        if cells <= globalInt32Cells {
            while c + 16 <= C {
                let sums = sumChannels16(plane + c, cells: cells, stride: C)
                for lane in 0..<16 { y[n * C + c + lane] = finish(Int64(sums[lane])) }
                c += 16
            }
        }
        while c < C {
            var sum: Int64 = 0
            for cell in 0..<cells { sum += Int64(plane[cell * C + c]) }
            y[n * C + c] = finish(sum)
            c += 1
        }
    }
}

/// Planes up to 2^23 cells keep Σ q and Σ (q − zp) inside Int32 (255 · 2^23 < 2^31).
let globalInt32Cells = 1 << 23

/// Σ over `cells` cells (`stride` bytes apart) of 16 int8 lanes, as Int32 lanes. Int16 partial
/// sums hold 256 cells (|Σ| ≤ 2^15) and are flushed to Int32 after every 256.
@inline(__always)
private func sumChannels16(_ p: UnsafePointer<Int8>, cells: Int, stride: Int) -> SIMD16<Int32> {
    var total = SIMD16<Int32>()
    var cell = 0
    var q = p
    while cell < cells {
        let block = Swift.min(256, cells - cell)
        var partial = SIMD16<Int16>()
        for _ in 0..<block {
            partial &+= SIMD16<Int16>(truncatingIfNeeded: UnsafeRawPointer(q).loadUnaligned(as: SIMD16<Int8>.self))
            q += stride
        }
        total &+= SIMD16<Int32>(truncatingIfNeeded: partial)
        cell += block
    }
    return total
}

/// Int8 global max pooling: the max over all D·H·W cells per (n, c), with optional indices (flat
/// position in the plane; first maximum wins, as `maxPool`). Different output quantization:
/// out = clamp(zp_out + M(max − zp_in)), M = s_in / s_out as `QuantizedMultiplier` — requantizing
/// after the max is exact because requantization is monotone (non-decreasing).
public func globalMaxPool(
    _ input: Tensor<Int8>, into output: MutableTensor<Int8>, indices: MutableTensor<Int32>? = nil,
    activation: FusedActivation = .none
) throws(KernelError) {
    let plan = try validateGlobalPool(input, output)
    try indices?.validate(as: .indices, expected: plan.output)
    let x = input.data.baseAddress!, y = output.data.baseAddress!
    if input.quantization == output.quantization {
        let range = activation.int8Range(output.quantization)
        if let indices {
            maxPoolWithIndicesInt8(x, y, indices.data.baseAddress!, plan, range)
        } else {
            maxPoolInt8(x, y, plan, range)
        }
        return
    }
    if let indices {
        maxPoolWithIndicesInt8(x, y, indices.data.baseAddress!, plan, .full)
    } else {
        maxPoolInt8(x, y, plan, .full)
    }
    let m = QuantizedMultiplier(Double(input.quantization.scale) / Double(output.quantization.scale))
    let range = activation.int8Range(output.quantization)
    for k in 0..<plan.output.elementCount {
        y[k] = range.clamp(m.apply(Int32(y[k]) - input.quantization.zeroPoint) &+ output.quantization.zeroPoint)
    }
}

/// Checks a global pool's operands and returns its plan (output spatial extents 1).
func validateGlobalPool(_ input: Tensor<Int8>, _ output: MutableTensor<Int8>) throws(KernelError) -> PoolPlan {
    try input.validate(as: .input)
    let plan = try PoolPlan(globalInput: input.shape)
    try output.validate(as: .output, expected: plan.output)
    try input.quantization.validate(as: .input)
    try output.quantization.validate(as: .output)
    return plan
}

extension Reference {
    /// Int8 global average pooling, the definition: Int64 sums, then the rounding of
    /// `globalAveragePool` (same quantization: divide with ties away from zero; otherwise the
    /// 64-bit `QuantizedMultiplier.apply`, equal to the 32-bit one on Int32 values).
    public static func globalAveragePool(
        _ input: Tensor<Int8>, into output: MutableTensor<Int8>, activation: FusedActivation = .none
    ) throws(KernelError) {
        let plan = try validateGlobalPool(input, output)
        let cells = plan.input.spatialCount, C = plan.input.channels
        let qi = input.quantization, qo = output.quantization
        let range = activation.int8Range(qo)
        let m = QuantizedMultiplier(Double(qi.scale) / (Double(qo.scale) * Double(cells)))
        for n in 0..<plan.input.batch {
            for c in 0..<C {
                var sum: Int64 = 0
                for cell in 0..<cells { sum += Int64(input.data[(n * cells + cell) * C + c]) }
                let value = qi == qo
                    ? divideRoundingHalfAwayFromZero(sum, Int64(cells))
                    : m.apply(sum - Int64(cells) * Int64(qi.zeroPoint)) + Int64(qo.zeroPoint)
                output.data[n * C + c] = range.clamp(Int32(clamping: value))
            }
        }
    }
}
