import OctetTestSupport
import Testing

@testable import Octet

@Suite("Average pool")
struct AveragePoolTests {
    @Test("Edge classes: optimized == reference, int8 within 0.5·scale of float32", arguments: [1, 15, 16, 17, 67])
    func sweep(channels: Int) {
        let base = PoolTester().channels(channels).inputSize(Spatial(9, 8))
        let cases: [PoolTester] = [
            base.window(Spatial(1, 1)),
            base.window(Spatial(9, 8)),
            base.window(Spatial(2, 2)).stride(Spatial(2, 2)),
            base.window(Spatial(3, 3)).padding(.symmetric(Spatial(1, 1))),
            base.window(Spatial(3, 3)).padding(.symmetric(Spatial(1, 1))).countIncludePad(true),
            base.window(Spatial(2, 2)).stride(Spatial(3, 4)),
            base.window(Spatial(3, 2)).padding(.explicit(begin: Spatial(0, 1), end: Spatial(2, 0))).countIncludePad(true),
            base.window(Spatial(3, 3)).stride(Spatial(2, 2)).ceilMode(true),
            base.window(Spatial(3, 3)).stride(Spatial(2, 2)).padding(.symmetric(Spatial(1, 1))).ceilMode(true).countIncludePad(true),
            base.window(Spatial(2, 3)).dilation(Spatial(2, 2)).padding(.symmetric(Spatial(1, 1))),
            base.window(Spatial(3, 3)).pattern(.constant(-128)).padding(.symmetric(Spatial(1, 1))).countIncludePad(true),
            base.window(Spatial(3, 3)).pattern(.constant(127)),
            base.window(Spatial(4, 4)).pattern(.extremes),
            base.window(Spatial(2, 2)).pattern(.plateau).quantization(QuantParams(scale: 1, zeroPoint: 0)),
            base.window(Spatial(3, 3)).activation(.relu6).quantization(QuantParams(scale: 0.03, zeroPoint: 5)),
            base.window(Spatial(3, 3)).batch(2).stride(Spatial(1, 2)).padding(.same),
            // Different output quantization: one requantization per window (ONNX QLinearAveragePool).
            base.window(Spatial(3, 3)).padding(.symmetric(Spatial(1, 1))).outputQuantization(QuantParams(scale: 0.03, zeroPoint: 9)),
            base.window(Spatial(2, 2)).countIncludePad(true).padding(.symmetric(Spatial(1, 1))).ceilMode(true)
                .outputQuantization(QuantParams(scale: 0.2, zeroPoint: -50)).activation(.relu),
        ]
        for (k, t) in cases.enumerated() {
            let failure = t.seed(UInt64(300 + k)).runAveragePool()
            #expect(failure == nil, "\(failure ?? "")")
        }
    }

    @Test("1-D and 3-D")
    func otherRanks() {
        let cases: [PoolTester] = [
            PoolTester().inputSize(Spatial(11)).window(Spatial(3)).stride(Spatial(2)).padding(.symmetric(Spatial(1))).countIncludePad(true),
            PoolTester().inputSize(Spatial(4, 5, 6)).window(Spatial(2, 3, 2)).stride(Spatial(2, 2, 2)).channels(17),
            PoolTester().inputSize(Spatial(5, 5, 5)).window(Spatial(3, 3, 3)).padding(.symmetric(Spatial(1, 1, 1))).ceilMode(true).channels(33),
        ]
        for (k, t) in cases.enumerated() {
            let failure = t.seed(UInt64(400 + k)).runAveragePool()
            #expect(failure == nil, "\(failure ?? "")")
        }
    }

    @Test("Windows over 256 cells flush the Int16 partial sums correctly")
    func largeWindow() {
        let t = PoolTester().inputSize(Spatial(20, 20)).window(Spatial(20, 20)).channels(32).pattern(.constant(-128))
        #expect(t.runAveragePool() == nil)
        #expect(t.pattern(.extremes).runAveragePool() == nil)
    }

    @Test("Hand-computed: ties away from zero, count_include_pad adds the zero point")
    func handComputed() throws {
        // 1-D, one channel, zero point 1: x = [1, 2, −3, −4, 6]; window 2, stride 1, padding 1 each side.
        let x: [Int8] = [1, 2, -3, -4, 6]
        func run(_ includePad: Bool) throws -> [Int8] {
            var y = [Int8](repeating: 0, count: 6)
            let q = QuantParams(scale: 0.5, zeroPoint: 1)
            try x.withUnsafeBufferPointer { xp in
                try y.withUnsafeMutableBufferPointer { yp in
                    try averagePool(Tensor(xp, shape: .nwc(1, 5, 1), quantization: q),
                                    into: MutableTensor(yp, shape: .nwc(1, 6, 1), quantization: q),
                                    parameters: PoolParameters(window: Spatial(2), padding: .symmetric(Spatial(1)), countIncludePad: includePad))
                }
            }
            return y
        }
        // Valid only: [1]/1, (1+2)/2 = 1.5 → 2, (2−3)/2 = −0.5 → −1, (−3−4)/2 = −3.5 → −4, (−4+6)/2 = 1, 6/1.
        #expect(try run(false) == [1, 2, -1, -4, 1, 6])
        // Include pad (padding = zp 1): (1+1)/2 = 1, …, (6+1)/2 = 3.5 → 4.
        #expect(try run(true) == [1, 2, -1, -4, 1, 4])
    }
}

@Suite("Global pool")
struct GlobalPoolTests {
    static func run(
        _ x: [Int8], shape: ActivationShape, input qi: QuantParams, output qo: QuantParams, activation: FusedActivation = .none
    ) throws -> (fast: [Int8], reference: [Int8]) {
        let outShape = ActivationShape(batch: shape.batch, depth: 1, height: 1, width: 1, channels: shape.channels, spatialRank: shape.spatialRank)
        var fast = [Int8](repeating: 0, count: outShape.elementCount), ref = fast
        try x.withUnsafeBufferPointer { xp in
            let input = Tensor(xp, shape: shape, quantization: qi)
            try fast.withUnsafeMutableBufferPointer { yp in
                try globalAveragePool(input, into: MutableTensor(yp, shape: outShape, quantization: qo), activation: activation)
            }
            try ref.withUnsafeMutableBufferPointer { yp in
                try Reference.globalAveragePool(input, into: MutableTensor(yp, shape: outShape, quantization: qo), activation: activation)
            }
        }
        return (fast, ref)
    }

    @Test("Average: optimized == reference; within 0.5·s_out (+ multiplier error) of the float mean", arguments: [1, 15, 16, 17, 67])
    func average(channels: Int) throws {
        var rng = SeededRandom(seed: UInt64(500 + channels))
        let qi = QuantParams(scale: 0.07, zeroPoint: -5)
        for (shape, qo) in [
            (ActivationShape.nhwc(2, 7, 7, channels), qi),
            (.nhwc(1, 17, 19, channels), QuantParams(scale: 0.02, zeroPoint: 12)),
            (.nwc(1, 300, channels), QuantParams(scale: 0.05, zeroPoint: -100)),
            (.ndhwc(1, 3, 4, 5, channels), QuantParams(scale: 0.1, zeroPoint: 0)),
        ] {
            for pattern in [InputPattern.random, .extremes, .constant(-128), .constant(127)] {
                let x = pattern.values(shape.elementCount, rng: &rng)
                let (fast, ref) = try Self.run(x, shape: shape, input: qi, output: qo)
                #expect(fast == ref, "shape \(shape) out \(qo) pattern \(pattern)")
                let cells = shape.spatialCount
                // Bound: one rounding (0.5·s_out); TFLite's double rounding adds at most 2^−(rightShift+1)
                // LSB (SRDHM rounds to 1/2^rightShift of an output step before RDBPOT rounds again);
                // the Q31 multiplier is within 2^−31 relative; float32 dequantization 2^−23 relative.
                let m = QuantizedMultiplier(Double(qi.scale) / (Double(qo.scale) * Double(cells)))
                let doubleRounding = qi == qo ? 0 : Double(sign: .plus, exponent: Int(m.shift) - 1, significand: 1)
                for n in 0..<shape.batch {
                    for c in 0..<channels {
                        var sum = 0.0
                        for k in 0..<cells { sum += Double(qi.dequantize(x[(n * cells + k) * channels + c])) }
                        let mean = sum / Double(cells)
                        let got = Double(qo.dequantize(ref[n * channels + c]))
                        let clipped = min(max(mean, Double(qo.dequantize(-128))), Double(qo.dequantize(127)))
                        let bound = Double(qo.scale) * (0.5 + doubleRounding) + (abs(mean) + abs(got)) * 0x1p-22
                        #expect(abs(got - clipped) <= bound, "shape \(shape) n \(n) c \(c): \(got) vs mean \(mean)")
                    }
                }
            }
        }
    }

    @Test("Max: values, indices and requantization against a plain loop")
    func maxPooling() throws {
        var rng = SeededRandom(seed: 600)
        let shape = ActivationShape.nhwc(2, 5, 6, 19)
        let x = InputPattern.plateau.values(shape.elementCount, rng: &rng)
        let outShape = ActivationShape.nhwc(2, 1, 1, 19)
        let qi = QuantParams(scale: 0.1, zeroPoint: 3)
        for qo in [qi, QuantParams(scale: 0.03, zeroPoint: -7)] {
            var y = [Int8](repeating: 0, count: 38), idx = [Int32](repeating: 0, count: 38)
            try x.withUnsafeBufferPointer { xp in
                try y.withUnsafeMutableBufferPointer { yp in
                    try idx.withUnsafeMutableBufferPointer { ip in
                        try globalMaxPool(Tensor(xp, shape: shape, quantization: qi), into: MutableTensor(yp, shape: outShape, quantization: qo),
                                          indices: MutableTensor(ip, shape: outShape))
                    }
                }
            }
            let m = QuantizedMultiplier(Double(qi.scale) / Double(qo.scale))
            for n in 0..<2 {
                for c in 0..<19 {
                    var best: Int8 = -128, at: Int32 = -1
                    for k in 0..<30 where at < 0 || x[(n * 30 + k) * 19 + c] > best { best = x[(n * 30 + k) * 19 + c]; at = Int32(k) }
                    let expected = qi == qo ? best : Int8Range.full.clamp(m.apply(Int32(best) - 3) + qo.zeroPoint)
                    #expect(y[n * 19 + c] == expected && idx[n * 19 + c] == at, "n \(n) c \(c) out \(qo)")
                }
            }
        }
    }

    @Test("Int64 accumulation path (more than 2^23 cells) agrees with the Int32 arithmetic it extends")
    func hugePlane() throws {
        // 1 × 2^23+7 cells × 1 channel, all 127: Σ(q − zp) exceeds what the Int32 path may hold.
        let cells = (1 << 23) + 7
        let x = [Int8](repeating: 127, count: cells)
        let qi = QuantParams(scale: 0.5, zeroPoint: -128), qo = QuantParams(scale: 0.7, zeroPoint: -20)
        let (fast, ref) = try Self.run(x, shape: .nwc(1, cells, 1), input: qi, output: qo)
        // mean = 0.5·255 = 127.5 real → 127.5/0.7 = 182.1 → −20 + 182 = 162 → clamps to 127.
        #expect(fast == [127] && ref == [127])
        let same = try Self.run(x, shape: .nwc(1, cells, 1), input: qi, output: qi)
        #expect(same.fast == [127] && same.reference == [127])
    }
}

@Suite("TFLite MEAN")
struct MeanTests {
    @Test("Planes over 2^23 cells (where TFLite's Int32 sum could overflow) are refused before writing")
    func tooLarge() throws {
        let cells = (1 << 23) + 1
        let x = [Int8](repeating: 1, count: cells)
        var y: [Int8] = [55]
        #expect(throws: KernelError.unsupported(.windowCells, value: cells)) {
            try x.withUnsafeBufferPointer { xp in
                try y.withUnsafeMutableBufferPointer {
                    try mean(Tensor(xp, shape: .nwc(1, cells, 1), quantization: .identity), into: MutableTensor($0, shape: .nwc(1, 1, 1), quantization: .identity))
                }
            }
        }
        #expect(y == [55])
    }

    @Test("mean follows TFLite 2.21's folded multiplier (oracle) and stays within 1 LSB of globalAveragePool")
    func againstOracle() throws {
        var rng = SeededRandom(seed: 1600)
        for (shape, qi, qo) in [
            (ActivationShape.nhwc(2, 7, 7, 19), QuantParams(scale: 0.05, zeroPoint: -4), QuantParams(scale: 0.05, zeroPoint: -4)),
            (.nhwc(1, 4, 4, 8), QuantParams(scale: 0.125, zeroPoint: 0), QuantParams(scale: 0.25, zeroPoint: 3)),
            (.nhwc(1, 5, 3, 33), QuantParams(scale: 0.02, zeroPoint: 100), QuantParams(scale: 0.013, zeroPoint: -50)),
        ] {
            let x = rng.int8s(shape.elementCount)
            let outShape = ActivationShape.nhwc(shape.batch, 1, 1, shape.channels)
            let (m0, s0) = Oracle.quantizeMultiplier(Double(qi.scale) / Double(qo.scale))
            let cellCount = shape.spatialCount
            var log2n = 0
            while (2 << log2n) <= cellCount { log2n += 1 }
            let k = min(log2n, 32, 31 + Int(s0))
            let m = Int32((Int64(m0) << Int64(k)) / Int64(cellCount)), s = s0 - Int32(k)
            let (got, single) = try x.withUnsafeBufferPointer { xp in
                let input = Tensor(xp, shape: shape, quantization: qi)
                var a = [Int8](repeating: 0, count: outShape.elementCount), b = a
                try a.withUnsafeMutableBufferPointer { try mean(input, into: MutableTensor($0, shape: outShape, quantization: qo)) }
                try b.withUnsafeMutableBufferPointer { try globalAveragePool(input, into: MutableTensor($0, shape: outShape, quantization: qo)) }
                return (a, b)
            }
            let cells = shape.spatialCount
            for n in 0..<shape.batch {
                for c in 0..<shape.channels {
                    var acc = 0
                    for k in 0..<cells { acc += Int(x[(n * cells + k) * shape.channels + c]) - Int(qi.zeroPoint) }
                    let expected = Int8(clamping: Int(Oracle.multiply(Int32(acc), m, s)) + Int(qo.zeroPoint))
                    #expect(got[n * shape.channels + c] == expected, "\(shape) n \(n) c \(c)")
                    #expect(abs(Int(got[n * shape.channels + c]) - Int(single[n * shape.channels + c])) <= 1)
                }
            }
        }
    }
}
