import OctetTestSupport
import Testing

@testable import Octet

@Suite("Max pool")
struct MaxPoolTests {
    static let channelCounts = [1, 15, 16, 17, 67]

    @Test("2-D edge classes: optimized == reference, int8 == float32", arguments: channelCounts)
    func sweep2D(channels: Int) {
        let base = PoolTester().channels(channels).inputSize(Spatial(9, 8))
        let cases: [PoolTester] = [
            base.window(Spatial(1, 1)),
            base.window(Spatial(9, 8)),  // full-input window
            base.window(Spatial(2, 2)).stride(Spatial(2, 2)),
            base.window(Spatial(3, 3)).stride(Spatial(2, 2)).padding(.symmetric(Spatial(1, 1))),
            base.window(Spatial(2, 2)).stride(Spatial(3, 4)),  // stride > window
            base.window(Spatial(3, 2)).padding(.explicit(begin: Spatial(0, 1), end: Spatial(2, 0))),  // asymmetric
            base.window(Spatial(3, 3)).stride(Spatial(2, 2)).ceilMode(true),  // partial last window
            base.window(Spatial(3, 3)).stride(Spatial(2, 2)).padding(.symmetric(Spatial(1, 1))).ceilMode(true),
            base.window(Spatial(2, 3)).dilation(Spatial(2, 2)).padding(.symmetric(Spatial(1, 2))),
            base.window(Spatial(3, 3)).stride(Spatial(2, 2)).padding(.same),
            base.window(Spatial(4, 4)).stride(Spatial(3, 3)).padding(.sameLower),
            base.window(Spatial(3, 3)).pattern(.constant(7)),  // every window a tie
            base.window(Spatial(3, 3)).pattern(.constant(-128)).padding(.symmetric(Spatial(1, 1))),
            base.window(Spatial(3, 3)).pattern(.plateau),
            base.window(Spatial(2, 2)).pattern(.extremes).stride(Spatial(2, 2)),
            base.window(Spatial(3, 3)).activation(.relu6).quantization(QuantParams(scale: 0.04, zeroPoint: 10)),
            base.window(Spatial(3, 3)).activation(.relu).quantization(QuantParams(scale: 0.1, zeroPoint: 20)),
            base.window(Spatial(3, 3)).batch(3).stride(Spatial(2, 1)),
        ]
        for (k, t) in cases.enumerated() {
            let failure = t.seed(UInt64(100 + k)).runMaxPool()
            #expect(failure == nil, "\(failure ?? "")")
        }
    }

    @Test("1-D and 3-D share the machinery", arguments: channelCounts)
    func otherRanks(channels: Int) {
        let cases: [PoolTester] = [
            PoolTester().inputSize(Spatial(11)).window(Spatial(3)).stride(Spatial(2)).padding(.symmetric(Spatial(1))),
            PoolTester().inputSize(Spatial(10)).window(Spatial(4)).stride(Spatial(3)).ceilMode(true),
            PoolTester().inputSize(Spatial(9)).window(Spatial(2)).dilation(Spatial(3)).pattern(.plateau),
            PoolTester().inputSize(Spatial(4, 5, 6)).window(Spatial(2, 2, 2)).stride(Spatial(2, 2, 2)),
            PoolTester().inputSize(Spatial(5, 5, 5)).window(Spatial(3, 3, 3)).stride(Spatial(2, 2, 2))
                .padding(.symmetric(Spatial(1, 1, 1))).ceilMode(true).batch(2),
            PoolTester().inputSize(Spatial(3, 4, 4)).window(Spatial(3, 4, 4)).pattern(.constant(-128)),
        ]
        for (k, t) in cases.enumerated() {
            let failure = t.channels(channels).seed(UInt64(200 + k)).runMaxPool()
            #expect(failure == nil, "\(failure ?? "")")
        }
    }

    @Test("Hand-computed 4×4: values, tie rule (first maximum), padding never wins")
    func handComputed() throws {
        // One channel, 4×4, window 2×2 stride 2 with padding 1 on every side → 3×3 output.
        let x: [Int8] = [
            -128, -128, 5, 5,
            -128, -128, 5, 2,
            3, 9, -1, 0,
            9, 9, 0, -1,
        ]
        var y = [Int8](repeating: 0, count: 9), idx = [Int32](repeating: 0, count: 9)
        let p = PoolParameters(window: Spatial(2, 2), stride: Spatial(2, 2), padding: .symmetric(Spatial(1, 1)))
        try x.withUnsafeBufferPointer { xp in
            try y.withUnsafeMutableBufferPointer { yp in
                try idx.withUnsafeMutableBufferPointer { ip in
                    try maxPool(Tensor(xp, shape: .nhwc(1, 4, 4, 1)), into: MutableTensor(yp, shape: .nhwc(1, 3, 3, 1)),
                                indices: MutableTensor(ip, shape: .nhwc(1, 3, 3, 1)), parameters: p)
                }
            }
        }
        // Windows (rows × cols): [−1,0]×[−1,0] → only (0,0) = −128, its first valid cell.
        // [−1,0]×[1,2] → −128, 5 → 5 at (0,2) = 2. [−1,0]×[3,4] → 5 at (0,3) = 3.
        // [1,2]×[−1,0] → −128, 3 → 3 at (2,0) = 8. [1,2]×[1,2] → −128,5,9,−1 → 9 at (2,1) = 9.
        // [1,2]×[3,4] → 2, 0 → 2 at (1,3) = 7. [3,4]×[−1,0] → 9 at 12. [3,4]×[1,2] → 9,0 → 9 at 13 (first).
        // [3,4]×[3,4] → −1 at 15.
        #expect(y == [-128, 5, 5, 3, 9, 2, 9, 9, -1])
        #expect(idx == [0, 2, 3, 8, 9, 7, 12, 13, 15])
    }

    @Test("Float NaN wins and the first NaN stays; −∞ windows return their first cell")
    func floatNaN() throws {
        let nan = Float.nan
        let x: [Float] = [1, nan, 3, nan, -.infinity, -.infinity]
        var y = [Float](repeating: 0, count: 3), idx = [Int32](repeating: 0, count: 3)
        try x.withUnsafeBufferPointer { xp in
            try y.withUnsafeMutableBufferPointer { yp in
                try idx.withUnsafeMutableBufferPointer { ip in
                    try maxPool(Tensor(xp, shape: .nwc(1, 6, 1)), into: MutableTensor(yp, shape: .nwc(1, 3, 1)),
                                indices: MutableTensor(ip, shape: .nwc(1, 3, 1)),
                                parameters: PoolParameters(window: Spatial(2), stride: Spatial(2)))
                }
            }
        }
        #expect(y[0].isNaN && idx[0] == 1)
        #expect(y[1].isNaN && idx[1] == 3)
        #expect(y[2] == -.infinity && idx[2] == 4)
        var z = [Float](repeating: 0, count: 1), zi = [Int32](repeating: 0, count: 1)
        try x.withUnsafeBufferPointer { xp in
            try z.withUnsafeMutableBufferPointer { yp in
                try zi.withUnsafeMutableBufferPointer { ip in
                    try globalMaxPool(Tensor(xp, shape: .nwc(1, 6, 1)), into: MutableTensor(yp, shape: .nwc(1, 1, 1)),
                                      indices: MutableTensor(ip, shape: .nwc(1, 1, 1)))
                }
            }
        }
        #expect(z[0].isNaN && zi[0] == 1)
    }

    @Test("Output extents: floor, ceil, the dropped ceil-mode window, SAME")
    func outputExtents() throws {
        func extent(_ input: Int, _ k: Int, _ s: Int, _ pad: Padding, ceil: Bool = false, d: Int = 1) throws -> Int {
            try PoolPlan(input: .nwc(1, input, 1), parameters: PoolParameters(
                window: Spatial(k), stride: Spatial(s), dilation: Spatial(d), padding: pad, ceilMode: ceil)).output.width
        }
        #expect(try extent(7, 2, 2, .valid) == 3)
        #expect(try extent(7, 2, 2, .valid, ceil: true) == 4)
        // PyTorch: in 5, k 2, s 2, pad 1, ceil → ceil((5+2−2)/2)+1 = 4, but window 3 starts at 6−1 = 5 ≥ 5: dropped → 3.
        #expect(try extent(5, 2, 2, .symmetric(Spatial(1)), ceil: true) == 3)
        #expect(try extent(6, 3, 2, .symmetric(Spatial(1)), ceil: true) == 4)
        #expect(try extent(7, 3, 2, .same) == 4)
        #expect(try extent(10, 3, 1, .valid, d: 3) == 4)
        let p = try PoolPlan(input: .nwc(1, 7, 1), parameters: PoolParameters(window: Spatial(4), stride: Spatial(2), padding: .same))
        #expect(p.width.padBegin == 1 && p.width.padEnd == 2)  // total 3: begin 1, end 2 (TFLite)
        let q = try PoolPlan(input: .nwc(1, 7, 1), parameters: PoolParameters(window: Spatial(4), stride: Spatial(2), padding: .sameLower))
        #expect(q.width.padBegin == 2 && q.width.padEnd == 1)
    }
}
