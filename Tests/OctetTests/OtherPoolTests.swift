import OctetTestSupport
import Testing

@testable import Octet

/// Runs an int8 kernel writing `count` outputs.
func runInt8(_ count: Int, _ body: (UnsafeMutableBufferPointer<Int8>) throws(KernelError) -> Void) throws -> [Int8] {
    var y = [Int8](repeating: 99, count: count)
    try y.withUnsafeMutableBufferPointer { (p) throws(KernelError) in try body(p) }
    return y
}

/// Runs a float kernel writing `count` outputs.
func runFloat(_ count: Int, _ body: (UnsafeMutableBufferPointer<Float>) throws(KernelError) -> Void) throws -> [Float] {
    var y = [Float](repeating: 99, count: count)
    try y.withUnsafeMutableBufferPointer { (p) throws(KernelError) in try body(p) }
    return y
}

@Suite("Adaptive pool")
struct AdaptivePoolTests {
    @Test("Windows follow PyTorch: [floor(i·In/Out), ceil((i+1)·In/Out))")
    func windows() throws {
        let plan = try PoolPlan(input: .nwc(1, 7, 1), adaptiveOutput: Spatial(3))
        #expect((0..<3).map { plan.width.window($0).first } == [0, 2, 4])
        #expect((0..<3).map { plan.width.window($0).count } == [3, 3, 3])
        let up = try PoolPlan(input: .nwc(1, 3, 1), adaptiveOutput: Spatial(5))  // output larger than input
        #expect((0..<5).map { up.width.window($0).first } == [0, 0, 1, 1, 2])
        #expect((0..<5).map { up.width.window($0).count } == [1, 2, 1, 2, 1])
    }

    @Test("Int8 adaptive average and max against hand-computed windows")
    func handComputed() throws {
        // 1-D, 7 cells → 3: windows [0,3), [2,5), [4,7).
        let x: [Int8] = [1, 2, 4, 4, -8, 0, 5]
        let q = QuantParams(scale: 1, zeroPoint: 0)
        let avg = try x.withUnsafeBufferPointer { xp in
            try runInt8(3) { (y) throws(KernelError) in
                try adaptiveAveragePool(Tensor(xp, shape: .nwc(1, 7, 1), quantization: q), into: MutableTensor(y, shape: .nwc(1, 3, 1), quantization: q))
            }
        }
        #expect(avg == [2, 0, -1])  // 7/3 = 2.33 → 2; 0/3 → 0; −3/3 → −1
        var idx = [Int32](repeating: 0, count: 3)
        let max = try x.withUnsafeBufferPointer { xp in
            try runInt8(3) { (y) throws(KernelError) in
                try idx.withUnsafeMutableBufferPointer { (i) throws(KernelError) in
                    try adaptiveMaxPool(Tensor(xp, shape: .nwc(1, 7, 1), quantization: q), into: MutableTensor(y, shape: .nwc(1, 3, 1), quantization: q),
                                        indices: MutableTensor(i, shape: .nwc(1, 3, 1)))
                }
            }
        }
        #expect(max == [4, 4, 5] && idx == [2, 2, 6])  // the first 4 wins in the tied window [2, 5)
    }
}

@Suite("Lp pool")
struct LpPoolTests {
    static let x: [Int8] = [3, -4, 0, 12, -5, 1]  // zp 0, scale 1: real = q

    static func int8(p: Float, mean: Bool, out: QuantParams = QuantParams(scale: 1, zeroPoint: 0)) throws -> [Int8] {
        try x.withUnsafeBufferPointer { xp in
            try runInt8(3) { (y) throws(KernelError) in
                try lpPool(Tensor(xp, shape: .nwc(1, 6, 1), quantization: QuantParams(scale: 1, zeroPoint: 0)),
                           into: MutableTensor(y, shape: .nwc(1, 3, 1), quantization: out), p: p, mean: mean,
                           parameters: PoolParameters(window: Spatial(2), stride: Spatial(2)))
            }
        }
    }

    @Test("Hand-computed p = 1, 2, 3 with and without the mean")
    func handComputed() throws {
        #expect(try Self.int8(p: 1, mean: false) == [7, 12, 6])
        #expect(try Self.int8(p: 2, mean: false) == [5, 12, 5])        // √25, √144, √26 = 5.099
        #expect(try Self.int8(p: 2, mean: true) == [4, 8, 4])          // √12.5 = 3.54, √72 = 8.49, √13 = 3.61
        #expect(try Self.int8(p: 3, mean: false) == [4, 12, 5])        // ∛91 = 4.498, ∛1728 = 12, ∛126 = 5.013
        #expect(try Self.int8(p: 1, mean: true) == [4, 6, 3])          // 3.5 → 4 (ties away), 6, 3
        // Different output scale: √144 · 1/0.25 = 48.
        #expect(try Self.int8(p: 2, mean: false, out: QuantParams(scale: 0.25, zeroPoint: -10))[1] == 38)
    }

    @Test("Int8 within 0.5·s_out of the float kernel on the dequantized input", arguments: [Float(1), 2, 3, 0.5])
    func againstFloat(p: Float) throws {
        var rng = SeededRandom(seed: 700)
        let shape = ActivationShape.nhwc(2, 6, 7, 17)
        let x = rng.int8s(shape.elementCount)
        let qi = QuantParams(scale: 0.02, zeroPoint: 4), qo = QuantParams(scale: p < 1 ? 0.5 : 0.06, zeroPoint: -100)
        let params = PoolParameters(window: Spatial(3, 2), stride: Spatial(2, 2), padding: .symmetric(Spatial(1, 1)))
        let outShape = try PoolPlan(input: shape, parameters: params).output
        for mean in [false, true] {
            let q = try x.withUnsafeBufferPointer { xp in
                try runInt8(outShape.elementCount) { (y) throws(KernelError) in
                    try lpPool(Tensor(xp, shape: shape, quantization: qi), into: MutableTensor(y, shape: outShape, quantization: qo),
                               p: p, mean: mean, parameters: params)
                }
            }
            let xf = x.map { qi.dequantize($0) }
            let f = try xf.withUnsafeBufferPointer { xp in
                try runFloat(outShape.elementCount) { (y) throws(KernelError) in
                    try lpPool(Tensor(xp, shape: shape), into: MutableTensor(y, shape: outShape), p: p, mean: mean, parameters: params)
                }
            }
            for k in 0..<q.count {
                let clipped = min(f[k], qo.dequantize(127))
                #expect(abs(qo.dequantize(q[k]) - clipped) <= 0.5 * qo.scale * 1.0001, "p \(p) mean \(mean) element \(k): \(q[k]) vs \(f[k])")
            }
        }
    }

    @Test("SIMD path (p = 1, 2) == Reference.lpPool", arguments: [1, 15, 16, 17, 67])
    func optimizedMatchesReference(channels: Int) throws {
        var rng = SeededRandom(seed: UInt64(710 + channels))
        let shape = ActivationShape.nhwc(2, 9, 8, channels)
        let qi = QuantParams(scale: 0.03, zeroPoint: -11), qo = QuantParams(scale: 0.09, zeroPoint: -128)
        for pattern in [InputPattern.random, .extremes, .constant(-128)] {
            let x = pattern.values(shape.elementCount, rng: &rng)
            for (p, mean, params) in [
                (Float(1), false, PoolParameters(window: Spatial(3, 3), stride: Spatial(2, 2), padding: .symmetric(Spatial(1, 1)))),
                (2, true, PoolParameters(window: Spatial(2, 3), dilation: Spatial(2, 1), ceilMode: true, countIncludePad: true)),
                (2, false, PoolParameters(window: Spatial(9, 8), activation: .relu6)),
            ] {
                let outShape = try PoolPlan(input: shape, parameters: params).output
                let (fast, ref) = try x.withUnsafeBufferPointer { xp in
                    let input = Tensor(xp, shape: shape, quantization: qi)
                    let fast = try runInt8(outShape.elementCount) { (y) throws(KernelError) in
                        try lpPool(input, into: MutableTensor(y, shape: outShape, quantization: qo), p: p, mean: mean, parameters: params)
                    }
                    let ref = try runInt8(outShape.elementCount) { (y) throws(KernelError) in
                        try Reference.lpPool(input, into: MutableTensor(y, shape: outShape, quantization: qo), p: p, mean: mean, parameters: params)
                    }
                    return (fast, ref)
                }
                #expect(fast == ref, "p \(p) mean \(mean) \(params) pattern \(pattern)")
            }
        }
    }

    @Test("Deterministic pow/exp/log agree with known values")
    func math() {
        #expect(abs(DeterministicMath.log(2) - 0.693_147_180_559_945_3) < 1e-15)
        #expect(abs(DeterministicMath.exp(1) - 2.718_281_828_459_045) < 1e-15)
        #expect(abs(DeterministicMath.pow(2, 10) - 1024) < 1e-11)
        #expect(abs(DeterministicMath.pow(1728, 1.0 / 3) - 12) < 1e-13)
        #expect(DeterministicMath.exp(-800) == 0 && DeterministicMath.exp(800) == .infinity)
        var rng = SeededRandom(seed: 701)
        for _ in 0..<1000 {
            let x = Double.random(in: 1e-3...1e3, using: &rng)
            #expect(abs(DeterministicMath.exp(DeterministicMath.log(x)) / x - 1) < 1e-14, "x \(x)")
        }
    }
}

@Suite("Max unpool")
struct MaxUnpoolTests {
    @Test("Unpool(maxPool(x)) puts each maximum back at its index, zero point elsewhere", arguments: [1, 16, 17])
    func roundTrip(channels: Int) throws {
        var rng = SeededRandom(seed: UInt64(800 + channels))
        let shape = ActivationShape.nhwc(2, 6, 8, channels)
        let q = QuantParams(scale: 0.1, zeroPoint: -9)
        let x = rng.int8s(shape.elementCount)
        let params = PoolParameters(window: Spatial(2, 2), stride: Spatial(2, 2))
        let pooled = try PoolPlan(input: shape, parameters: params).output
        var idx = [Int32](repeating: 0, count: pooled.elementCount)
        let y = try x.withUnsafeBufferPointer { xp in
            try runInt8(pooled.elementCount) { (y) throws(KernelError) in
                try idx.withUnsafeMutableBufferPointer { (i) throws(KernelError) in
                    try maxPool(Tensor(xp, shape: shape, quantization: q), into: MutableTensor(y, shape: pooled, quantization: q),
                                indices: MutableTensor(i, shape: pooled), parameters: params)
                }
            }
        }
        let z = try y.withUnsafeBufferPointer { yp in
            try idx.withUnsafeBufferPointer { ip in
                try runInt8(shape.elementCount) { (z) throws(KernelError) in
                    try maxUnpool(Tensor(yp, shape: pooled, quantization: q), indices: Tensor(ip, shape: pooled),
                                  into: MutableTensor(z, shape: shape, quantization: q))
                }
            }
        }
        // Plain expectation: start from zp everywhere, write each pooled value at its index.
        var expected = [Int8](repeating: -9, count: shape.elementCount)
        for n in 0..<2 {
            for cell in 0..<pooled.spatialCount {
                for c in 0..<channels {
                    let k = (n * pooled.spatialCount + cell) * channels + c
                    expected[(n * 48 + Int(idx[k])) * channels + c] = y[k]
                }
            }
        }
        #expect(z == expected)
    }

    @Test("Later duplicates win; out-of-range indices throw before anything is written")
    func duplicatesAndErrors() throws {
        let values: [Float] = [1, 2, 3]
        var z = [Float](repeating: 7, count: 4)
        try values.withUnsafeBufferPointer { vp in
            try [Int32(1), 1, 3].withUnsafeBufferPointer { ip in
                try z.withUnsafeMutableBufferPointer { zp in
                    try maxUnpool(Tensor(vp, shape: .nwc(1, 3, 1)), indices: Tensor(ip, shape: .nwc(1, 3, 1)), into: MutableTensor(zp, shape: .nwc(1, 4, 1)))
                }
            }
        }
        #expect(z == [0, 2, 0, 3])
        var untouched = [Float](repeating: 7, count: 4)
        #expect(throws: KernelError.indexOutOfRange(position: 2, index: 4, planeSize: 4)) {
            try values.withUnsafeBufferPointer { vp in
                try [Int32(0), 1, 4].withUnsafeBufferPointer { ip in
                    try untouched.withUnsafeMutableBufferPointer { zp in
                        try maxUnpool(Tensor(vp, shape: .nwc(1, 3, 1)), indices: Tensor(ip, shape: .nwc(1, 3, 1)), into: MutableTensor(zp, shape: .nwc(1, 4, 1)))
                    }
                }
            }
        }
        #expect(untouched == [7, 7, 7, 7])
        #expect(throws: KernelError.indexOutOfRange(position: 0, index: -1, planeSize: 4)) {
            try values.withUnsafeBufferPointer { vp in
                try [Int32(-1), 1, 2].withUnsafeBufferPointer { ip in
                    try untouched.withUnsafeMutableBufferPointer { zp in
                        try maxUnpool(Tensor(vp, shape: .nwc(1, 3, 1)), indices: Tensor(ip, shape: .nwc(1, 3, 1)), into: MutableTensor(zp, shape: .nwc(1, 4, 1)))
                    }
                }
            }
        }
    }
}

@Suite("Spatial pyramid pool")
struct PyramidPoolTests {
    @Test("Levels [1, 2, 4] equal the concatenated adaptive pools", arguments: [PyramidPooling.max, .average])
    func concatenation(pooling: PyramidPooling) throws {
        var rng = SeededRandom(seed: 900)
        let shape = ActivationShape.nhwc(2, 9, 7, 5)
        let q = QuantParams(scale: 0.2, zeroPoint: 1)
        let x = rng.int8s(shape.elementCount)
        let levels = [1, 2, 4]
        let outShape = try spatialPyramidPoolShape(input: shape, levels: levels)
        #expect(outShape == .nwc(2, 21, 5))
        let spp = try x.withUnsafeBufferPointer { xp in
            try runInt8(outShape.elementCount) { (y) throws(KernelError) in
                try spatialPyramidPool(Tensor(xp, shape: shape, quantization: q), levels: levels, pooling: pooling,
                                       into: MutableTensor(y, shape: outShape, quantization: q))
            }
        }
        var expected: [[Int8]] = [[], []]
        for level in levels {
            let levelShape = ActivationShape.nhwc(2, level, level, 5)
            let y = try x.withUnsafeBufferPointer { xp in
                try runInt8(levelShape.elementCount) { (y) throws(KernelError) in
                    let input = Tensor(xp, shape: shape, quantization: q), output = MutableTensor(y, shape: levelShape, quantization: q)
                    pooling == .max ? try adaptiveMaxPool(input, into: output) : try adaptiveAveragePool(input, into: output)
                }
            }
            let per = levelShape.elementCount / 2
            expected[0] += y[0..<per]
            expected[1] += y[per...]
        }
        #expect(spp == expected[0] + expected[1])
    }
}

@Suite("Blur pool")
struct BlurPoolTests {
    @Test("Hand-computed 1-D blur with each padding mode; ties away from zero")
    func handComputed() throws {
        let x: [Int8] = [4, 8, -2, 6, 1]
        let q = QuantParams(scale: 1, zeroPoint: 2)
        func run(_ padding: BlurPadding) throws -> [Int8] {
            try x.withUnsafeBufferPointer { xp in
                try runInt8(3) { (y) throws(KernelError) in
                    try blurPool(Tensor(xp, shape: .nwc(1, 5, 1), quantization: q), into: MutableTensor(y, shape: .nwc(1, 3, 1), quantization: q),
                                 parameters: BlurPoolParameters(stride: 2, padding: padding))
                }
            }
        }
        // Outputs at 0, 2, 4 with taps [1, 2, 1]/4.
        // reflect: (8 + 8 + 8)/4 = 6; (8 − 4 + 6)/4 = 2.5 → 3; (6 + 2 + 6)/4 = 3.5 → 4.
        #expect(try run(.reflect) == [6, 3, 4])
        // replicate: (4 + 8 + 8)/4 = 5; 3; (6 + 2 + 1)/4 = 2.25 → 2.
        #expect(try run(.replicate) == [5, 3, 2])
        // zero (zp 2): (2 + 8 + 8)/4 = 4.5 → 5; 3; (6 + 2 + 2)/4 = 2.5 → 3.
        #expect(try run(.zero) == [5, 3, 3])
    }

    @Test("2-D/3-D blur and max-blur: int8 within 0.5·scale of float32; max-blur = blur(maxPool 2 s1)", arguments: [2, 3])
    func againstFloat(rank: Int) throws {
        var rng = SeededRandom(seed: UInt64(1000 + rank))
        let shape = rank == 2 ? ActivationShape.nhwc(2, 7, 8, 17) : .ndhwc(1, 4, 5, 6, 35)
        let q = QuantParams(scale: 0.05, zeroPoint: -7)
        let x = rng.int8s(shape.elementCount)
        let xf = x.map { q.dequantize($0) }
        for padding in [BlurPadding.reflect, .replicate, .zero] {
            #expect(shape.channels > 16, "the SIMD path needs a 16-channel block")
            let params = BlurPoolParameters(stride: 2, padding: padding)
            let outShape = try params.outputShape(source: shape)
            let qb = try x.withUnsafeBufferPointer { xp in
                try runInt8(outShape.elementCount) { (y) throws(KernelError) in
                    try blurPool(Tensor(xp, shape: shape, quantization: q), into: MutableTensor(y, shape: outShape, quantization: q), parameters: params)
                }
            }
            let fb = try xf.withUnsafeBufferPointer { xp in
                try runFloat(outShape.elementCount) { (y) throws(KernelError) in
                    try blurPool(Tensor(xp, shape: shape), into: MutableTensor(y, shape: outShape), parameters: params)
                }
            }
            for k in 0..<qb.count {
                #expect(abs(q.dequantize(qb[k]) - fb[k]) <= 0.5 * q.scale * 1.0001, "\(padding) element \(k)")
            }
            // Max-blur against the composition of the two kernels.
            let pooledShape = try PoolPlan(input: shape, parameters: PoolParameters(window: .uniform(2, rank: rank))).output
            let pooled = try x.withUnsafeBufferPointer { xp in
                try runInt8(pooledShape.elementCount) { (y) throws(KernelError) in
                    try maxPool(Tensor(xp, shape: shape, quantization: q), into: MutableTensor(y, shape: pooledShape, quantization: q),
                                parameters: PoolParameters(window: .uniform(2, rank: rank)))
                }
            }
            let blurShape = try params.outputShape(source: pooledShape)
            let composed = try pooled.withUnsafeBufferPointer { pp in
                try runInt8(blurShape.elementCount) { (y) throws(KernelError) in
                    try blurPool(Tensor(pp, shape: pooledShape, quantization: q), into: MutableTensor(y, shape: blurShape, quantization: q), parameters: params)
                }
            }
            let fused = try x.withUnsafeBufferPointer { xp in
                try runInt8(blurShape.elementCount) { (y) throws(KernelError) in
                    try maxBlurPool(Tensor(xp, shape: shape, quantization: q), into: MutableTensor(y, shape: blurShape, quantization: q), parameters: params)
                }
            }
            #expect(fused == composed, "\(padding)")
            // SIMD paths == the scalar reference loops.
            let referenceBlur = try x.withUnsafeBufferPointer { xp in
                try runInt8(outShape.elementCount) { (y) throws(KernelError) in
                    try Reference.blurPool(Tensor(xp, shape: shape, quantization: q), into: MutableTensor(y, shape: outShape, quantization: q), parameters: params)
                }
            }
            #expect(qb == referenceBlur, "\(padding)")
            let referenceMaxBlur = try x.withUnsafeBufferPointer { xp in
                try runInt8(blurShape.elementCount) { (y) throws(KernelError) in
                    try Reference.maxBlurPool(Tensor(xp, shape: shape, quantization: q), into: MutableTensor(y, shape: blurShape, quantization: q), parameters: params)
                }
            }
            #expect(fused == referenceMaxBlur, "\(padding)")
        }
    }
}
