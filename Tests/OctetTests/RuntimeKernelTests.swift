import Foundation
import Octet
import OctetTestSupport
import Testing

/// The kernels the runtime added: softmax (float32) and the int8 conv family with a float32
/// (dequantized) output, each against an independent plain loop.
@Suite struct RuntimeKernelTests {
    @Test(arguments: [1, 3, 10, 33]) func softmaxRows(channels: Int) throws {
        var rng = SeededRandom(seed: UInt64(channels))
        let shape = ActivationShape.nwc(3, 2, channels)
        var x = rng.floats(shape.elementCount, in: -20...20)
        x[0] = 80  // a large logit: max subtraction keeps it finite
        var y = [Float](repeating: 0, count: x.count)
        try x.withUnsafeBufferPointer { xb in
            try y.withUnsafeMutableBufferPointer { try softmax(Tensor(xb, shape: shape), into: MutableTensor($0, shape: shape)) }
        }
        for row in 0..<(x.count / channels) {
            let r = x[(row * channels)..<((row + 1) * channels)].map(Double.init)
            let m = r.max()!
            let e = r.map { Foundation.exp($0 - m) }
            let s = e.reduce(0, +)
            for c in 0..<channels {
                let expected = Float(e[c] / s)
                #expect(abs(y[row * channels + c] - expected) <= 2 * expected.ulp, "row \(row) c \(c)")
            }
        }
        // NaN rows stay NaN; the run is deterministic.
        x[1] = .nan
        var z = [Float](repeating: 0, count: x.count)
        try x.withUnsafeBufferPointer { xb in
            try z.withUnsafeMutableBufferPointer { try softmax(Tensor(xb, shape: shape), into: MutableTensor($0, shape: shape)) }
        }
        let nanRow = 1 / channels
        #expect(z[nanRow * channels].isNaN && !z[(nanRow + 1) * channels].isNaN)
    }

    /// Dequantized conv (grouped, padded, strided, dilated), depthwise and fully connected against
    /// an independent loop: Float(Double(acc) · (s_x · s_w[o])), clamped.
    @Test(arguments: [(1, 1, 0), (2, 2, 1), (1, 3, 2)]) func dequantizedConv(groups: Int, stride: Int, pad: Int) throws {
        var rng = SeededRandom(seed: UInt64(groups * 10 + stride))
        let xs = ActivationShape.nhwc(2, 7, 6, 4), qx = QuantParams(scale: 0.03, zeroPoint: 9)
        let f = FilterShape(outputChannels: 6, height: 3, width: 2, inputChannels: 4 / groups)
        let w = rng.int8s(f.elementCount, in: -127...127), x = rng.int8s(xs.elementCount)
        let scales = (0..<6).map { _ in Float.random(in: 0.001...0.01, using: &rng) }
        let bias = (0..<6).map { _ in Int32.random(in: -999...999, using: &rng) }
        let p = Conv2DParameters(
            stride: Spatial(stride, stride), dilation: Spatial(1, 2), padding: .explicit(begin: Spatial(pad, pad), end: Spatial(pad, 0)),
            groups: groups, activation: .clamp(min: -3, max: 2))
        let plan = try w.withUnsafeBufferPointer { wb in try scales.withUnsafeBufferPointer { sb in try bias.withUnsafeBufferPointer { bb in
            try DequantizedConv2DPlan(input: xs, inputQuantization: qx, filter: f, weights: wb, filterScales: sb, bias: bb, parameters: p)
        } } }
        let o = plan.output
        var y = [Float](repeating: 0, count: o.elementCount)
        try x.withUnsafeBufferPointer { xb in
            try y.withUnsafeMutableBufferPointer { try conv2D(Tensor(xb, shape: xs, quantization: qx), into: MutableTensor($0, shape: o), plan: plan) }
        }
        let perGroup = 6 / groups
        for n in 0..<2 {
            for oh in 0..<o.height {
                for ow in 0..<o.width {
                    for oc in 0..<6 {
                        var acc: Int32 = bias[oc]
                        for ky in 0..<3 {
                            for kx in 0..<2 {
                                let iy = oh * stride - pad + ky, ix = ow * stride - pad + kx * 2
                                guard iy >= 0 && iy < 7 && ix >= 0 && ix < 6 else { continue }
                                for i in 0..<f.inputChannels {
                                    let c = (oc / perGroup) * f.inputChannels + i
                                    acc += Int32(w[((oc * 3 + ky) * 2 + kx) * f.inputChannels + i]) * (Int32(x[((n * 7 + iy) * 6 + ix) * 4 + c]) - 9)
                                }
                            }
                        }
                        let v = Float(Double(acc) * (Double(Float(0.03)) * Double(scales[oc])))
                        #expect(y[((n * o.height + oh) * o.width + ow) * 6 + oc] == min(max(v, -3), 2))
                    }
                }
            }
        }
    }

    @Test func dequantizedDepthwiseAndFullyConnected() throws {
        var rng = SeededRandom(seed: 99)
        let xs = ActivationShape.nhwc(1, 4, 4, 3), qx = QuantParams(scale: 0.1, zeroPoint: -7)
        let f = FilterShape(outputChannels: 1, height: 2, width: 2, inputChannels: 6)
        let w = rng.int8s(24, in: -127...127), x = rng.int8s(48)
        let scales: [Float] = [0.02]
        let plan = try w.withUnsafeBufferPointer { wb in try scales.withUnsafeBufferPointer { sb in
            try DequantizedConv2DPlan(
                depthwiseInput: xs, inputQuantization: qx, filter: f, depthMultiplier: 2, weights: wb, filterScales: sb, bias: nil,
                parameters: Conv2DParameters(stride: Spatial(1, 1)))
        } }
        #expect(plan.output == .nhwc(1, 3, 3, 6))
        var y = [Float](repeating: 0, count: 54)
        try x.withUnsafeBufferPointer { xb in
            try y.withUnsafeMutableBufferPointer { try conv2D(Tensor(xb, shape: xs, quantization: qx), into: MutableTensor($0, shape: plan.output), plan: plan) }
        }
        for oh in 0..<3 {
            for ow in 0..<3 {
                for oc in 0..<6 {
                    var acc: Int32 = 0
                    for ky in 0..<2 {
                        for kx in 0..<2 {
                            acc += Int32(w[(ky * 2 + kx) * 6 + oc]) * (Int32(x[((oh + ky) * 4 + ow + kx) * 3 + oc / 2]) + 7)
                        }
                    }
                    #expect(y[(oh * 3 + ow) * 6 + oc] == Float(Double(acc) * (Double(Float(0.1)) * Double(Float(0.02)))))
                }
            }
        }
        // Fully connected: 2 rows of 5 → 3.
        let fw = rng.int8s(15, in: -127...127), fx = rng.int8s(10)
        let fs: [Float] = [0.01, 0.02, 0.03]
        let fb: [Int32] = [5, -5, 100]
        let fc = try fw.withUnsafeBufferPointer { wb in try fs.withUnsafeBufferPointer { sb in try fb.withUnsafeBufferPointer { bb in
            try DequantizedConv2DPlan(
                fullyConnectedInput: .nwc(2, 1, 5), inputQuantization: qx, outputFeatures: 3, weights: wb, filterScales: sb, bias: bb,
                activation: .relu)
        } } }
        var fy = [Float](repeating: 0, count: 6)
        try fx.withUnsafeBufferPointer { xb in
            try fy.withUnsafeMutableBufferPointer { try conv2D(Tensor(xb, shape: .nwc(2, 1, 5), quantization: qx), into: MutableTensor($0, shape: .nwc(2, 1, 3)), plan: fc) }
        }
        for b in 0..<2 {
            for o in 0..<3 {
                var acc = fb[o]
                for i in 0..<5 { acc += Int32(fw[o * 5 + i]) * (Int32(fx[b * 5 + i]) + 7) }
                #expect(fy[b * 3 + o] == max(Float(Double(acc) * (Double(Float(0.1)) * Double(fs[o]))), 0))
            }
        }
    }
}
