import OctetTestSupport
import Testing

@testable import Octet

@Suite("Convolution")
struct ConvTests {
    @Test("Conv edge classes: prepared == reference, int8 within the requantization bound of float32", arguments: [1, 8, 16, 17])
    func sweep(channels: Int) {
        let base = ConvTester().inputChannels(channels).outputChannels(channels + 3).inputSize(Spatial(8, 7))
        let cases: [ConvTester] = [
            base.kernel(Spatial(1, 1)),
            base.kernel(Spatial(3, 3)).padding(.same),
            base.kernel(Spatial(3, 3)).stride(Spatial(2, 2)),
            base.kernel(Spatial(5, 5)).dilation(Spatial(2, 2)).padding(.same),
            base.kernel(Spatial(3, 2)).padding(.explicit(begin: Spatial(1, 0), end: Spatial(2, 1))),
            base.kernel(Spatial(3, 3)).padding(.same).activation(.relu),
            base.kernel(Spatial(3, 3)).padding(.same).activation(.relu6).outputQuantization(QuantParams(scale: 0.05, zeroPoint: -128)),
            base.kernel(Spatial(2, 2)).perChannel(false).batch(2),
            base.kernel(Spatial(3, 3)).pattern(.extremes),
            base.kernel(Spatial(8, 7)),  // full-input window
        ]
        for (k, t) in cases.enumerated() {
            let failure = t.seed(UInt64(1200 + k)).runConv()
            #expect(failure == nil, "\(failure ?? "")")
        }
    }

    @Test("Accumulator extremes: 64+ input channels with inputs and weights at −128 (and mixed ±extremes)")
    func accumulatorExtremes() {
        let wide = QuantParams(scale: 40, zeroPoint: 0)  // keeps |acc|·M inside the int8 range
        let cases: [ConvTester] = [
            ConvTester().inputChannels(64).outputChannels(16).kernel(Spatial(3, 3)).padding(.same)
                .pattern(.constant(-128)).weightPattern(.constant(-128)).outputQuantization(wide),
            ConvTester().inputChannels(72).outputChannels(9).kernel(Spatial(3, 3)).stride(Spatial(2, 2))
                .pattern(.extremes).weightPattern(.extremes).outputQuantization(wide),
            ConvTester().inputChannels(256).outputChannels(8).kernel(Spatial(1, 1))
                .pattern(.constant(-128)).weightPattern(.constant(-128)).outputQuantization(wide),
        ]
        for (k, t) in cases.enumerated() {
            let failure = t.seed(UInt64(1350 + k)).runConv()
            #expect(failure == nil, "\(failure ?? "")")
        }
    }

    @Test("Wide kernel (6 pixels × 64 channels): runs of six and single pixels, partial tiles, padded rows, 1×1 as one row")
    func wideKernel() {
        let base = ConvTester().inputChannels(24).outputChannels(70).inputSize(Spatial(13, 20)).requireWideKernel()
        let cases: [ConvTester] = [
            base.kernel(Spatial(3, 3)).padding(.same),
            base.kernel(Spatial(3, 3)).stride(Spatial(2, 2)).padding(.same).batch(2),
            base.kernel(Spatial(1, 1)).outputChannels(128),
            base.kernel(Spatial(1, 1)).stride(Spatial(2, 2)),
            base.kernel(Spatial(5, 5)).dilation(Spatial(2, 2)).padding(.same).activation(.relu),
            base.kernel(Spatial(3, 2)).padding(.explicit(begin: Spatial(2, 1), end: Spatial(1, 0))).outputChannels(16),
            base.kernel(Spatial(3, 3)).padding(.same).pattern(.extremes).weightPattern(.extremes)
                .outputQuantization(QuantParams(scale: 40, zeroPoint: 0)),
            base.inputSize(Spatial(31)).kernel(Spatial(3)).padding(.same).inputChannels(2).outputChannels(3),
        ]
        for (k, t) in cases.enumerated() {
            let failure = t.seed(UInt64(1400 + k)).runConv()
            #expect(failure == nil, "\(failure ?? "")")
        }
    }

    @Test("Wide depthwise kernel (8 pixels × 16 channels): runs over one and two rows, overlapping last run, borders, skipped rows, partial blocks, strides, dilation, multipliers ≥ 1/2")
    func wideDepthwise() {
        let base = ConvTester().inputChannels(48).inputSize(Spatial(11, 17)).kernel(Spatial(3, 3)).requireWideKernel()
        let cases: [ConvTester] = [
            base.padding(.same),
            base.padding(.same).inputChannels(144).batch(2),
            base.stride(Spatial(2, 2)).padding(.same).inputChannels(5),
            base.kernel(Spatial(5, 5)).dilation(Spatial(2, 2)).padding(.same).activation(.relu6),
            base.padding(.same).pattern(.extremes).weightPattern(.extremes).outputQuantization(QuantParams(scale: 40, zeroPoint: 0)),
            base.inputSize(Spatial(40)).kernel(Spatial(3)).padding(.valid).inputChannels(33),
            // Interior narrower than a run: every pixel one by one.
            base.inputSize(Spatial(9, 9)).padding(.same).inputChannels(17),
            // Multipliers in [0.1, 1] (shift 0 included), clamping; odd width, 31 channels.
            base.inputSize(Spatial(6, 23)).padding(.same).inputChannels(31).outputQuantization(QuantParams(scale: 0.001, zeroPoint: -7)),
            // Two window rows outside at the top and bottom, one channel, int8 extremes.
            base.inputSize(Spatial(5, 30)).kernel(Spatial(5, 5)).padding(.same).inputChannels(1)
                .pattern(.extremes).weightPattern(.extremes),
            base.inputSize(Spatial(7, 21)).padding(.explicit(begin: Spatial(2, 0), end: Spatial(0, 2))).inputChannels(16),
            base.inputSize(Spatial(4, 27)).kernel(Spatial(1, 3)).padding(.same).inputChannels(47).activation(.relu),
            // Kernel width 3, stride 1 (sliding runs): one run reading the padding column at both
            // ends, a run with no padding, two padding columns on the left, generic runs (3×5).
            base.inputSize(Spatial(3, 8)).padding(.same).inputChannels(16).pattern(.extremes),
            base.inputSize(Spatial(5, 10)).padding(.valid).inputChannels(18),
            base.inputSize(Spatial(6, 19)).padding(.explicit(begin: Spatial(0, 2), end: Spatial(1, 0))).inputChannels(20),
            base.inputSize(Spatial(6, 19)).kernel(Spatial(3, 5)).padding(.same).inputChannels(40),
            // Two output rows per run whose last run would read past the input (7 channels): one by one.
            base.inputSize(Spatial(4, 12)).padding(.valid).inputChannels(7),
        ]
        for (k, t) in cases.enumerated() {
            let failure = t.seed(UInt64(1500 + k)).runDepthwise(multiplier: 1)
            #expect(failure == nil, "\(failure ?? "")")
        }
    }

    @Test("Grouped and 1-D convolution")
    func groupedAnd1D() {
        let cases: [ConvTester] = [
            ConvTester().inputChannels(12).outputChannels(6).groups(3).kernel(Spatial(3, 3)).padding(.same),
            ConvTester().inputChannels(4).outputChannels(8).groups(4).kernel(Spatial(3, 3)).stride(Spatial(2, 1)),
            ConvTester().inputSize(Spatial(19)).inputChannels(5).outputChannels(7).kernel(Spatial(3)).padding(.same),
            ConvTester().inputSize(Spatial(19)).inputChannels(6).outputChannels(4).groups(2).kernel(Spatial(4)).stride(Spatial(3)).dilation(Spatial(2)),
        ]
        for (k, t) in cases.enumerated() {
            let failure = t.seed(UInt64(1300 + k)).runConv()
            #expect(failure == nil, "\(failure ?? "")")
        }
    }

    @Test("Depthwise: multipliers 1 and 2, strides 1 and 2, padding, activations", arguments: [1, 2])
    func depthwise(multiplier: Int) {
        let base = ConvTester().inputChannels(17).inputSize(Spatial(9, 8))
        let cases: [ConvTester] = [
            base.kernel(Spatial(3, 3)).padding(.same),
            base.kernel(Spatial(3, 3)).stride(Spatial(2, 2)),
            base.kernel(Spatial(5, 5)).dilation(Spatial(2, 1)).padding(.same).activation(.relu6),
            base.kernel(Spatial(3, 3)).padding(.same).perChannel(false).pattern(.extremes),
            ConvTester().inputSize(Spatial(15)).inputChannels(3).kernel(Spatial(5)).padding(.same),
        ]
        for (k, t) in cases.enumerated() {
            let failure = t.seed(UInt64(1400 + k)).runDepthwise(multiplier: multiplier)
            #expect(failure == nil, "\(failure ?? "")")
        }
    }

    @Test("Hand-computed 1-D conv: taps in the padding are skipped, bias, per-channel requantization")
    func handComputed() throws {
        // x = [1, 2, 3] (zp 1 → 0, 1, 2), w = [1, 2, 3], kernel 3, SAME padding, scales chosen so M = 1.
        let x: [Int8] = [1, 2, 3], w: [Int8] = [1, 2, 3]
        let q = QuantParams(scale: 0.5, zeroPoint: 1), out = QuantParams(scale: 0.5, zeroPoint: 0)
        let plan = try w.withUnsafeBufferPointer { wp in
            try [Float(1)].withUnsafeBufferPointer { sp in
                try [Int32(10)].withUnsafeBufferPointer { bp in
                    try Conv2DPlan(input: .nwc(1, 3, 1), inputQuantization: q,
                                   filter: FilterShape(outputChannels: 1, height: 1, width: 3, inputChannels: 1),
                                   weights: wp, filterScales: sp, bias: bp, outputQuantization: out,
                                   parameters: Conv2DParameters(stride: Spatial(1), padding: .same))
                }
            }
        }
        var y = [Int8](repeating: 0, count: 3)
        try x.withUnsafeBufferPointer { xp in
            try y.withUnsafeMutableBufferPointer { try conv2D(Tensor(xp, shape: .nwc(1, 3, 1), quantization: q), into: MutableTensor($0, shape: .nwc(1, 3, 1), quantization: out), plan: plan) }
        }
        // out[0] = (pad)·1 + 0·2 + 1·3 + 10 = 13; out[1] = 0·1 + 1·2 + 2·3 + 10 = 18; out[2] = 1·1 + 2·2 + pad + 10 = 15.
        #expect(y == [13, 18, 15])
    }
}

@Suite("Fully connected, add, requantize, concat")
struct DenseAndElementwiseTests {
    @Test("Fully connected: double-precision requantization against an independent computation")
    func fullyConnectedMatchesDoubleRequantization() throws {
        var rng = SeededRandom(seed: 1500)
        let I = 37, O = 11, batch = 3
        let x = rng.int8s(batch * I), w = rng.int8s(O * I, in: -127...127)
        let qi = QuantParams(scale: 0.04, zeroPoint: 7), qo = QuantParams(scale: 0.3, zeroPoint: -9)
        for perChannel in [false, true] {
            let scales = (0..<(perChannel ? O : 1)).map { _ in Float.random(in: 0.001...0.01, using: &rng) }
            let bias = (0..<O).map { _ in Int32.random(in: -2000...2000, using: &rng) }
            let plan = try w.withUnsafeBufferPointer { wp in
                try scales.withUnsafeBufferPointer { sp in
                    try bias.withUnsafeBufferPointer { bp in
                        try FullyConnectedPlan(inputFeatures: I, outputFeatures: O, inputQuantization: qi, weights: wp,
                                               filterScales: sp, bias: bp, outputQuantization: qo, activation: .relu)
                    }
                }
            }
            var y = [Int8](repeating: 0, count: batch * O)
            try x.withUnsafeBufferPointer { xp in
                try y.withUnsafeMutableBufferPointer {
                    try fullyConnected(Tensor(xp, shape: plan.inputShape(batch: batch), quantization: qi),
                                       into: MutableTensor($0, shape: plan.outputShape(batch: batch), quantization: qo), plan: plan)
                }
            }
            for b in 0..<batch {
                for o in 0..<O {
                    var acc = Int(bias[o])
                    for k in 0..<I { acc += Int(w[o * I + k]) * (Int(x[b * I + k]) - 7) }
                    let m = Double(qi.scale) * Double(scales[perChannel ? o : 0]) / Double(qo.scale)
                    let expected = max(-9, min(127, Int((Double(acc) * m).rounded(.toNearestOrAwayFromZero)) - 9))
                    #expect(Int(y[b * O + o]) == expected, "perChannel \(perChannel) b \(b) o \(o)")
                }
            }
        }
    }

    @Test("Fully connected at the accumulator's extremes: optimized == reference")
    func fullyConnectedExtremes() throws {
        for (I, value) in [(64, Int8(-128)), (1024, Int8(-128)), (777, Int8(127))] {
            let x = [Int8](repeating: value, count: 2 * I), w = [Int8](repeating: -128, count: 5 * I)
            let q = QuantParams(scale: 0.5, zeroPoint: value == -128 ? 127 : -128), out = QuantParams(scale: 1000, zeroPoint: 0)
            let plan = try w.withUnsafeBufferPointer { wp in
                try [Float(0.01)].withUnsafeBufferPointer { sp in
                    try FullyConnectedPlan(inputFeatures: I, outputFeatures: 5, inputQuantization: q, weights: wp,
                                           filterScales: sp, bias: nil, outputQuantization: out)
                }
            }
            var fast = [Int8](repeating: 0, count: 10), ref = [Int8](repeating: 1, count: 10)
            try x.withUnsafeBufferPointer { xp in
                let input = Tensor(xp, shape: plan.inputShape(batch: 2), quantization: q)
                try fast.withUnsafeMutableBufferPointer { try fullyConnected(input, into: MutableTensor($0, shape: plan.outputShape(batch: 2), quantization: out), plan: plan) }
                try ref.withUnsafeMutableBufferPointer { try Reference.fullyConnected(input, into: MutableTensor($0, shape: plan.outputShape(batch: 2), quantization: out), plan: plan) }
            }
            #expect(fast == ref, "I \(I) value \(value)")
            #expect(ref.contains { $0 != 0 && $0 != 127 && $0 != -128 } || I == 1024, "I \(I): outputs saturate, the case tests nothing")
        }
    }

    @Test("Add: every int8 pair for several scale pairs against an independent TFLite-arithmetic oracle, and within 1 LSB of float",
          arguments: [(Float(0.05), Float(0.05), Float(0.1)), (0.02, 0.09, 0.07), (0.5, 0.001, 0.25), (0.0078125, 0.015625, 0.03125)])
    func addExhaustive(scales: (Float, Float, Float)) throws {
        let q1 = QuantParams(scale: scales.0, zeroPoint: -5), q2 = QuantParams(scale: scales.1, zeroPoint: 17)
        let qo = QuantParams(scale: scales.2, zeroPoint: 3)
        let plan = try AddPlan(input1: q1, input2: q2, output: qo)
        let twiceMax = 2 * Double(max(scales.0, scales.1))
        let (m1, s1) = Oracle.quantizeMultiplier(Double(scales.0) / twiceMax)
        let (m2, s2) = Oracle.quantizeMultiplier(Double(scales.1) / twiceMax)
        let (mo, so) = Oracle.quantizeMultiplier(twiceMax / (1_048_576 * Double(scales.2)))
        var mismatches = 0, overOneLSB = 0
        for a in -128...127 {
            for b in -128...127 {
                let got = plan(Int8(a), Int8(b))
                let a1 = Oracle.multiply(Int32((a + 5) << 20), m1, s1), b1 = Oracle.multiply(Int32((b - 17) << 20), m2, s2)
                let expected = Int8(clamping: Int(Oracle.multiply(a1 + b1, mo, so)) + 3)
                if got != expected { mismatches += 1 }
                let real = Double(q1.dequantize(Int8(a))) + Double(q2.dequantize(Int8(b)))
                let clipped = min(max(real, Double(qo.dequantize(-128))), Double(qo.dequantize(127)))
                if abs(Double(qo.dequantize(got)) - clipped) > Double(qo.scale) * 1.0001 { overOneLSB += 1 }
            }
        }
        #expect(mismatches == 0 && overOneLSB == 0, "scales \(scales): \(mismatches) oracle mismatches, \(overOneLSB) beyond 1 LSB of float")
    }

    @Test("Requantize, relu, quantize/dequantize round trip, concat with requantization")
    func requantizeAndConcat() throws {
        let qi = QuantParams(scale: 0.1, zeroPoint: -10), qo = QuantParams(scale: 0.25, zeroPoint: 4)
        let r = try Requantization(from: qi, to: qo, activation: .relu)
        let m = QuantizedMultiplier(0.4)
        for q in -128...127 {
            let expected = Int8Range(min: 4, max: 127).clamp(m.apply(Int32(q) + 10) + 4)
            #expect(r(Int8(q)) == expected, "q \(q)")
        }
        // quantize(dequantize(q)) == q for every q.
        let all = (-128...127).map { Int8($0) }
        var floats = [Float](repeating: 0, count: 256), back = [Int8](repeating: 0, count: 256)
        try all.withUnsafeBufferPointer { xp in
            try floats.withUnsafeMutableBufferPointer { try dequantize(Tensor(xp, shape: .nwc(1, 256, 1), quantization: qi), into: MutableTensor($0, shape: .nwc(1, 256, 1))) }
        }
        try floats.withUnsafeBufferPointer { fp in
            try back.withUnsafeMutableBufferPointer { try quantize(Tensor(fp, shape: .nwc(1, 256, 1)), into: MutableTensor($0, shape: .nwc(1, 256, 1), quantization: qi)) }
        }
        #expect(back == all)
        // Concat [1, 2, 2] channels: the second input is requantized.
        let a: [Int8] = [1, 2, 3, 4], b: [Int8] = [10, 20, 30, 40, 50, 60, 70, 80]
        var y = [Int8](repeating: 0, count: 12)
        let qa = qo, qb = qi
        try a.withUnsafeBufferPointer { ap in
            try b.withUnsafeBufferPointer { bp in
                let views = [Tensor(ap, shape: .nhwc(1, 2, 2, 1), quantization: qa), Tensor(bp, shape: .nhwc(1, 2, 2, 2), quantization: qb)]
                try views.withUnsafeBufferPointer { vp in
                    try y.withUnsafeMutableBufferPointer { try concatenateChannels(vp, into: MutableTensor($0, shape: .nhwc(1, 2, 2, 3), quantization: qo)) }
                }
            }
        }
        let rb = try Requantization(from: qb, to: qo)
        #expect(y == [1, rb(10), rb(20), 2, rb(30), rb(40), 3, rb(50), rb(60), 4, rb(70), rb(80)])
    }
}
