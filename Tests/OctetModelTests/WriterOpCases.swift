import Octet
import OctetModel
import OctetTestSupport

/// One single-node graph per op variant and the same computation by calling the kernel directly.
struct OpCase: CustomStringConvertible, @unchecked Sendable {
    let name: String
    let graph: Graph
    /// Graph input bytes → graph output bytes, through the kernels.
    let direct: ([[UInt8]]) throws -> [[UInt8]]
    var description: String { name }
}

let qx = QuantParams(scale: 0.05, zeroPoint: -3)
let qy = QuantParams(scale: 0.11, zeroPoint: 7)
let qz = QuantParams(scale: 0.07, zeroPoint: -20)

func opCases(seed: UInt64 = 2024) -> [OpCase] {
    var rng = SeededRandom(seed: seed)
    var cases: [OpCase] = []

    // CONV / DEPTHWISE_CONV / FULLY_CONNECTED: int8 → int8, int8 → float32 (dequantized), float32.
    for variant in ["int8", "dequantized", "float"] {
        let isFloat = variant == "float", floatOut = variant != "int8"
        // Conv 2-D, SAME, stride 2, grouped when int8.
        do {
            var b = GraphBuilder()
            let xs = ActivationShape.nhwc(2, 7, 6, 4)
            let groups = variant == "int8" ? 2 : 1
            let f = FilterShape(outputChannels: 6, height: 3, width: 3, inputChannels: 4 / groups)
            let x = b.activation("x", isFloat ? .float32 : .int8, [2, 7, 6, 4], isFloat ? nil : qx)
            let wf = rng.floats(f.elementCount, in: -1...1), w8 = rng.int8s(f.elementCount, in: -127...127)
            let scales = (0..<6).map { _ in Float.random(in: 0.002...0.02, using: &rng) }
            let bf = rng.floats(6), b32 = (0..<6).map { _ in Int32.random(in: -2000...2000, using: &rng) }
            let w = isFloat ? b.constant("w", .float32(wf), [6, 3, 3, 4 / groups])
                : b.constant("w", .int8(w8), [6, 3, 3, 4 / groups], .perChannel(scales))
            let bias = isFloat ? b.constant("b", .float32(bf), [6]) : b.constant("b", .int32(b32), [6])
            let p = Conv2DParameters(stride: Spatial(2, 2), padding: .same, groups: groups, activation: .relu6)
            let plan = try! PoolPlan(input: xs, parameters: PoolParameters(window: Spatial(3, 3), stride: Spatial(2, 2), padding: .same))
            var ys = plan.output
            ys.channels = 6
            let y = b.activation("y", floatOut ? .float32 : .int8, [2, ys.height, ys.width, 6], floatOut ? nil : qy)
            b.node("conv", .conv(p), [x, w, bias], [y])
            b.graph.inputs = [x]
            b.graph.outputs = [y]
            cases.append(OpCase(name: "conv \(variant)", graph: b.graph) { inputs in
                if isFloat {
                    let xv = typedArray(inputs[0], as: Float.self)
                    return [byteArray(try output(ys.elementCount) { (o: UnsafeMutableBufferPointer<Float>) in
                        try xv.withUnsafeBufferPointer { xb in try wf.withUnsafeBufferPointer { wb in try bf.withUnsafeBufferPointer { bb in
                            try conv2D(Tensor(xb, shape: xs), filter: f, weights: wb, bias: bb, into: MutableTensor(o, shape: ys), parameters: p)
                        } } }
                    })]
                }
                let xv = typedArray(inputs[0], as: Int8.self)
                if floatOut {
                    let plan = try w8.withUnsafeBufferPointer { wb in try scales.withUnsafeBufferPointer { sb in try b32.withUnsafeBufferPointer { bb in
                        try DequantizedConv2DPlan(input: xs, inputQuantization: qx, filter: f, weights: wb, filterScales: sb, bias: bb, parameters: p)
                    } } }
                    return [byteArray(try output(ys.elementCount) { (o: UnsafeMutableBufferPointer<Float>) in
                        try xv.withUnsafeBufferPointer { try conv2D(Tensor($0, shape: xs, quantization: qx), into: MutableTensor(o, shape: ys), plan: plan) }
                    })]
                }
                let plan = try w8.withUnsafeBufferPointer { wb in try scales.withUnsafeBufferPointer { sb in try b32.withUnsafeBufferPointer { bb in
                    try Conv2DPlan(input: xs, inputQuantization: qx, filter: f, weights: wb, filterScales: sb, bias: bb, outputQuantization: qy, parameters: p)
                } } }
                return [byteArray(try output(ys.elementCount) { (o: UnsafeMutableBufferPointer<Int8>) in
                    try xv.withUnsafeBufferPointer { try conv2D(Tensor($0, shape: xs, quantization: qx), into: MutableTensor(o, shape: ys, quantization: qy), plan: plan) }
                })]
            })
        }
        // Depthwise 2-D, multiplier 2, explicit asymmetric padding, per-tensor weights (int8).
        do {
            var b = GraphBuilder()
            let xs = ActivationShape.nhwc(1, 6, 5, 3)
            let f = FilterShape(outputChannels: 1, height: 3, width: 2, inputChannels: 6)
            let x = b.activation("x", isFloat ? .float32 : .int8, [1, 6, 5, 3], isFloat ? nil : qx)
            let wf = rng.floats(f.elementCount), w8 = rng.int8s(f.elementCount, in: -127...127)
            let scale: Float = 0.01
            let w = isFloat ? b.constant("w", .float32(wf), [1, 3, 2, 6]) : b.constant("w", .int8(w8), [1, 3, 2, 6], .perTensor(QuantParams(scale: scale, zeroPoint: 0)))
            let p = Conv2DParameters(stride: Spatial(1, 2), dilation: Spatial(2, 1), padding: .explicit(begin: Spatial(1, 0), end: Spatial(2, 1)), activation: .none)
            let plan = try! PoolPlan(input: xs, parameters: PoolParameters(window: Spatial(3, 2), stride: p.stride, dilation: p.dilation, padding: p.padding))
            var ys = plan.output
            ys.channels = 6
            let y = b.activation("y", floatOut ? .float32 : .int8, [1, ys.height, ys.width, 6], floatOut ? nil : qy)
            b.node("dw", .depthwiseConv(p, multiplier: 2), [x, w, nil], [y])
            b.graph.inputs = [x]
            b.graph.outputs = [y]
            cases.append(OpCase(name: "depthwise \(variant)", graph: b.graph) { inputs in
                if isFloat {
                    let xv = typedArray(inputs[0], as: Float.self)
                    return [byteArray(try output(ys.elementCount) { (o: UnsafeMutableBufferPointer<Float>) in
                        try xv.withUnsafeBufferPointer { xb in try wf.withUnsafeBufferPointer { wb in
                            try depthwiseConv2D(Tensor(xb, shape: xs), filter: f, depthMultiplier: 2, weights: wb, bias: nil, into: MutableTensor(o, shape: ys), parameters: p)
                        } }
                    })]
                }
                let xv = typedArray(inputs[0], as: Int8.self)
                let scales = [scale]
                if floatOut {
                    let plan = try w8.withUnsafeBufferPointer { wb in try scales.withUnsafeBufferPointer { sb in
                        try DequantizedConv2DPlan(depthwiseInput: xs, inputQuantization: qx, filter: f, depthMultiplier: 2, weights: wb, filterScales: sb, bias: nil, parameters: p)
                    } }
                    return [byteArray(try output(ys.elementCount) { (o: UnsafeMutableBufferPointer<Float>) in
                        try xv.withUnsafeBufferPointer { try conv2D(Tensor($0, shape: xs, quantization: qx), into: MutableTensor(o, shape: ys), plan: plan) }
                    })]
                }
                let plan = try w8.withUnsafeBufferPointer { wb in try scales.withUnsafeBufferPointer { sb in
                    try DepthwiseConv2DPlan(input: xs, inputQuantization: qx, filter: f, depthMultiplier: 2, weights: wb, filterScales: sb, bias: nil, outputQuantization: qy, parameters: p)
                } }
                return [byteArray(try output(ys.elementCount) { (o: UnsafeMutableBufferPointer<Int8>) in
                    try xv.withUnsafeBufferPointer { try depthwiseConv2D(Tensor($0, shape: xs, quantization: qx), into: MutableTensor(o, shape: ys, quantization: qy), plan: plan) }
                })]
            })
        }
        // Fully connected, batch 3, 20 → 5, clamp activation.
        do {
            var b = GraphBuilder()
            let xs = ActivationShape.nwc(3, 1, 20), ys = ActivationShape.nwc(3, 1, 5)
            let x = b.activation("x", isFloat ? .float32 : .int8, [3, 1, 20], isFloat ? nil : qx)
            let wf = rng.floats(100), w8 = rng.int8s(100, in: -127...127)
            let scales = (0..<5).map { _ in Float.random(in: 0.002...0.02, using: &rng) }
            let bf = rng.floats(5), b32 = (0..<5).map { _ in Int32.random(in: -500...500, using: &rng) }
            let w = isFloat ? b.constant("w", .float32(wf), [5, 20]) : b.constant("w", .int8(w8), [5, 20], .perChannel(scales))
            let bias = isFloat ? b.constant("b", .float32(bf), [5]) : b.constant("b", .int32(b32), [5])
            let act = FusedActivation.clamp(min: -1.5, max: 2.5)
            let y = b.activation("y", floatOut ? .float32 : .int8, [3, 1, 5], floatOut ? nil : qy)
            b.node("fc", .fullyConnected(act), [x, w, bias], [y])
            b.graph.inputs = [x]
            b.graph.outputs = [y]
            cases.append(OpCase(name: "fully connected \(variant)", graph: b.graph) { inputs in
                if isFloat {
                    let xv = typedArray(inputs[0], as: Float.self)
                    return [byteArray(try output(15) { (o: UnsafeMutableBufferPointer<Float>) in
                        try xv.withUnsafeBufferPointer { xb in try wf.withUnsafeBufferPointer { wb in try bf.withUnsafeBufferPointer { bb in
                            try fullyConnected(Tensor(xb, shape: xs), weights: wb, outputFeatures: 5, bias: bb, into: MutableTensor(o, shape: ys), activation: act)
                        } } }
                    })]
                }
                let xv = typedArray(inputs[0], as: Int8.self)
                if floatOut {
                    let plan = try w8.withUnsafeBufferPointer { wb in try scales.withUnsafeBufferPointer { sb in try b32.withUnsafeBufferPointer { bb in
                        try DequantizedConv2DPlan(fullyConnectedInput: xs, inputQuantization: qx, outputFeatures: 5, weights: wb, filterScales: sb, bias: bb, activation: act)
                    } } }
                    return [byteArray(try output(15) { (o: UnsafeMutableBufferPointer<Float>) in
                        try xv.withUnsafeBufferPointer { try conv2D(Tensor($0, shape: xs, quantization: qx), into: MutableTensor(o, shape: ys), plan: plan) }
                    })]
                }
                let plan = try w8.withUnsafeBufferPointer { wb in try scales.withUnsafeBufferPointer { sb in try b32.withUnsafeBufferPointer { bb in
                    try FullyConnectedPlan(inputFeatures: 20, outputFeatures: 5, inputQuantization: qx, weights: wb, filterScales: sb, bias: bb, outputQuantization: qy, activation: act)
                } } }
                return [byteArray(try output(15) { (o: UnsafeMutableBufferPointer<Int8>) in
                    try xv.withUnsafeBufferPointer { try fullyConnected(Tensor($0, shape: xs, quantization: qx), into: MutableTensor(o, shape: ys, quantization: qy), plan: plan) }
                })]
            })
        }
    }
    // 1-D conv, int8.
    do {
        var b = GraphBuilder()
        let xs = ActivationShape.nwc(2, 9, 3)
        let f = FilterShape(outputChannels: 4, height: 1, width: 3, inputChannels: 3)
        let w8 = rng.int8s(36, in: -127...127)
        let x = b.activation("x", .int8, [2, 9, 3], qx)
        let w = b.constant("w", .int8(w8), [4, 1, 3, 3], .perTensor(QuantParams(scale: 0.01, zeroPoint: 0)))
        let p = Conv2DParameters(stride: Spatial(2), padding: .explicit(begin: Spatial(1), end: Spatial(1)))
        let ys = ActivationShape.nwc(2, 5, 4)
        let y = b.activation("y", .int8, [2, 5, 4], qy)
        b.node("conv1d", .conv(p), [x, w], [y])
        b.graph.inputs = [x]
        b.graph.outputs = [y]
        cases.append(OpCase(name: "conv 1-D int8", graph: b.graph) { inputs in
            let xv = typedArray(inputs[0], as: Int8.self)
            let scales: [Float] = [0.01]
            let plan = try w8.withUnsafeBufferPointer { wb in try scales.withUnsafeBufferPointer { sb in
                try Conv2DPlan(input: xs, inputQuantization: qx, filter: f, weights: wb, filterScales: sb, bias: nil, outputQuantization: qy, parameters: p)
            } }
            return [byteArray(try output(ys.elementCount) { (o: UnsafeMutableBufferPointer<Int8>) in
                try xv.withUnsafeBufferPointer { try conv2D(Tensor($0, shape: xs, quantization: qx), into: MutableTensor(o, shape: ys, quantization: qy), plan: plan) }
            })]
        })
    }
    // Pools and the rest, int8 and float32.
    for isFloat in [false, true] {
        let type: ElementType = isFloat ? .float32 : .int8
        let tag = isFloat ? "float" : "int8"
        func q(_ p: QuantParams) -> QuantParams? { isFloat ? nil : p }
        func unary(_ name: String, _ op: GraphOperator, _ xShape: [Int], _ yShape: [Int], yType: ElementType? = nil, xType: ElementType? = nil,
                   qIn: QuantParams = qx, qOut: QuantParams = qx,
                   _ run: @escaping ([UInt8], ActivationShape, ActivationShape) throws -> [UInt8]) {
            var b = GraphBuilder()
            let xt = xType ?? type, yt = yType ?? type
            let x = b.activation("x", xt, xShape, xt == .int8 ? qIn : nil)
            let y = b.activation("y", yt, yShape, yt == .int8 ? qOut : nil)
            b.node(name, op, [x], [y])
            b.graph.inputs = [x]
            b.graph.outputs = [y]
            let xs = b.graph.tensors[x].activationShape!, ys = b.graph.tensors[y].activationShape!
            cases.append(OpCase(name: "\(name) \(tag)", graph: b.graph) { inputs in [try run(inputs[0], xs, ys)] })
        }
        // Runs an int8 or float kernel from raw bytes.
        func k8(_ bytes: [UInt8], _ xs: ActivationShape, _ ys: ActivationShape, _ qi: QuantParams, _ qo: QuantParams,
                _ body: (Tensor<Int8>, MutableTensor<Int8>) throws -> Void) throws -> [UInt8] {
            let xv = typedArray(bytes, as: Int8.self)
            return byteArray(try output(ys.elementCount) { (o: UnsafeMutableBufferPointer<Int8>) in
                try xv.withUnsafeBufferPointer { try body(Tensor($0, shape: xs, quantization: qi), MutableTensor(o, shape: ys, quantization: qo)) }
            })
        }
        func kf(_ bytes: [UInt8], _ xs: ActivationShape, _ ys: ActivationShape, _ body: (Tensor<Float>, MutableTensor<Float>) throws -> Void) throws -> [UInt8] {
            let xv = typedArray(bytes, as: Float.self)
            return byteArray(try output(ys.elementCount) { (o: UnsafeMutableBufferPointer<Float>) in
                try xv.withUnsafeBufferPointer { try body(Tensor($0, shape: xs), MutableTensor(o, shape: ys)) }
            })
        }
        let avg = PoolParameters(window: Spatial(3, 3), stride: Spatial(2, 2), padding: .same, countIncludePad: true, activation: .relu)
        unary("average_pool", .averagePool(avg), [2, 7, 7, 5], [2, 4, 4, 5], qOut: qy) { x, xs, ys in
            let plan = try PoolPlan(input: xs, parameters: avg)
            return isFloat ? try kf(x, xs, ys) { try averagePool($0, into: $1, plan: plan, countIncludePad: true, activation: .relu) }
                : try k8(x, xs, ys, qx, qy) { try averagePool($0, into: $1, plan: plan, countIncludePad: true, activation: .relu) }
        }
        let lp = PoolParameters(window: Spatial(2, 3), stride: Spatial(1, 2), padding: .explicit(begin: Spatial(1, 1), end: Spatial(0, 1)))
        unary("lp_pool", .lpPool(lp, p: isFloat ? 3 : 2), [1, 5, 6, 4], [1, 5, 3, 4], qOut: qz) { x, xs, ys in
            isFloat ? try kf(x, xs, ys) { try lpPool($0, into: $1, p: 3, parameters: lp) }
                : try k8(x, xs, ys, qx, qz) { try lpPool($0, into: $1, p: 2, parameters: lp) }
        }
        let max3 = PoolParameters(window: Spatial(2, 2, 2), stride: Spatial(2, 2, 2), ceilMode: true)
        unary("max_pool_3d", .maxPool(max3), [1, 3, 4, 5, 3], [1, 2, 2, 3, 3]) { x, xs, ys in
            let plan = try PoolPlan(input: xs, parameters: max3)
            return isFloat ? try kf(x, xs, ys) { try maxPool($0, into: $1, indices: nil, plan: plan, activation: .none) }
                : try k8(x, xs, ys, qx, qx) { try maxPool($0, into: $1, indices: nil, plan: plan, activation: .none) }
        }
        unary("global_average_pool", .globalAveragePool, [2, 4, 5, 6], [2, 1, 1, 6], qOut: qy) { x, xs, ys in
            isFloat ? try kf(x, xs, ys) { try globalAveragePool($0, into: $1) } : try k8(x, xs, ys, qx, qy) { try globalAveragePool($0, into: $1) }
        }
        unary("global_max_pool", .globalMaxPool, [1, 9, 3], [1, 1, 3]) { x, xs, ys in
            isFloat ? try kf(x, xs, ys) { try globalMaxPool($0, into: $1) } : try k8(x, xs, ys, qx, qx) { try globalMaxPool($0, into: $1) }
        }
        unary("global_lp_pool", .globalLpPool(p: 2), [1, 3, 4, 5], [1, 1, 1, 5], qOut: qz) { x, xs, ys in
            let p = PoolParameters(window: Spatial(3, 4))
            return isFloat ? try kf(x, xs, ys) { try lpPool($0, into: $1, p: 2, parameters: p) }
                : try k8(x, xs, ys, qx, qz) { try lpPool($0, into: $1, p: 2, parameters: p) }
        }
        unary("reshape", .reshape, [2, 3, 4, 5], [2, 1, 60]) { x, _, _ in x }
        unary("clamp", .clamp(.clamp(min: -0.5, max: 1.25)), [1, 4, 4, 7], [1, 4, 4, 7]) { x, xs, ys in
            isFloat ? try kf(x, xs, ys) { try clamp($0, into: $1, activation: .clamp(min: -0.5, max: 1.25)) }
                : try k8(x, xs, ys, qx, qx) { try clamp($0, into: $1, activation: .clamp(min: -0.5, max: 1.25)) }
        }
        if isFloat {
            unary("softmax", .softmax, [2, 1, 10], [2, 1, 10]) { x, xs, ys in try kf(x, xs, ys) { try softmax($0, into: $1) } }
            unary("quantize", .quantize, [1, 3, 3, 4], [1, 3, 3, 4], yType: .int8, qOut: qy) { x, xs, ys in
                let xv = typedArray(x, as: Float.self)
                return byteArray(try output(ys.elementCount) { (o: UnsafeMutableBufferPointer<Int8>) in
                    try xv.withUnsafeBufferPointer { try quantize(Tensor($0, shape: xs), into: MutableTensor(o, shape: ys, quantization: qy)) }
                })
            }
        } else {
            unary("requantize", .requantize, [1, 3, 3, 4], [1, 3, 3, 4], qOut: qz) { x, xs, ys in
                try k8(x, xs, ys, qx, qz) { try requantize($0, into: $1) }
            }
            unary("dequantize", .dequantize, [1, 3, 3, 4], [1, 3, 3, 4], yType: .float32) { x, xs, ys in
                let xv = typedArray(x, as: Int8.self)
                return byteArray(try output(ys.elementCount) { (o: UnsafeMutableBufferPointer<Float>) in
                    try xv.withUnsafeBufferPointer { try dequantize(Tensor($0, shape: xs, quantization: qx), into: MutableTensor(o, shape: ys)) }
                })
            }
        }
        // MAX_POOL with indices (two outputs).
        do {
            var b = GraphBuilder()
            let mp = PoolParameters(window: Spatial(3, 3), stride: Spatial(2, 2), padding: .explicit(begin: Spatial(1, 1), end: Spatial(1, 1)), activation: .relu6)
            let xs = ActivationShape.nhwc(1, 6, 6, 5), ys = ActivationShape.nhwc(1, 3, 3, 5)
            let x = b.activation("x", type, [1, 6, 6, 5], q(qx))
            let y = b.activation("y", type, [1, 3, 3, 5], q(qx))
            let i = b.activation("i", .int32, [1, 3, 3, 5])
            b.node("max_pool", .maxPool(mp), [x], [y, i])
            b.graph.inputs = [x]
            b.graph.outputs = [y, i]
            cases.append(OpCase(name: "max_pool indices \(tag)", graph: b.graph) { inputs in
                let plan = try PoolPlan(input: xs, parameters: mp)
                var indices = [Int32](repeating: 0, count: ys.elementCount)
                let values = try indices.withUnsafeMutableBufferPointer { ib in
                    isFloat ? try kf(inputs[0], xs, ys) { try maxPool($0, into: $1, indices: MutableTensor(ib, shape: ys), plan: plan, activation: .relu6) }
                        : try k8(inputs[0], xs, ys, qx, qx) { try maxPool($0, into: $1, indices: MutableTensor(ib, shape: ys), plan: plan, activation: .relu6) }
                }
                return [values, byteArray(indices)]
            })
        }
        // MAX_UNPOOL (indices in 0...3 from the random input generator).
        do {
            var b = GraphBuilder()
            let xs = ActivationShape.nhwc(1, 2, 2, 3), ys = ActivationShape.nhwc(1, 3, 4, 3)
            let x = b.activation("x", type, [1, 2, 2, 3], q(qx))
            let i = b.activation("i", .int32, [1, 2, 2, 3])
            let y = b.activation("y", type, [1, 3, 4, 3], q(qx))
            b.node("unpool", .maxUnpool, [x, i], [y])
            b.graph.inputs = [x, i]
            b.graph.outputs = [y]
            cases.append(OpCase(name: "max_unpool \(tag)", graph: b.graph) { inputs in
                let iv = typedArray(inputs[1], as: Int32.self)
                return [try iv.withUnsafeBufferPointer { ib in
                    isFloat ? try kf(inputs[0], xs, ys) { try maxUnpool($0, indices: Tensor(ib, shape: xs), into: $1) }
                        : try k8(inputs[0], xs, ys, qx, qx) { try maxUnpool($0, indices: Tensor(ib, shape: xs), into: $1) }
                }]
            })
        }
        // ADD.
        do {
            var b = GraphBuilder()
            let s = ActivationShape.nhwc(2, 3, 3, 4)
            let a = b.activation("a", type, [2, 3, 3, 4], q(qx))
            let c = b.activation("c", type, [2, 3, 3, 4], q(qz))
            let y = b.activation("y", type, [2, 3, 3, 4], q(qy))
            b.node("add", .add(.relu), [a, c], [y])
            b.graph.inputs = [a, c]
            b.graph.outputs = [y]
            cases.append(OpCase(name: "add \(tag)", graph: b.graph) { inputs in
                if isFloat {
                    let av = typedArray(inputs[0], as: Float.self), cv = typedArray(inputs[1], as: Float.self)
                    return [byteArray(try output(s.elementCount) { (o: UnsafeMutableBufferPointer<Float>) in
                        try av.withUnsafeBufferPointer { ab in try cv.withUnsafeBufferPointer { cb in
                            try add(Tensor(ab, shape: s), Tensor(cb, shape: s), into: MutableTensor(o, shape: s), activation: .relu) } }
                    })]
                }
                let av = typedArray(inputs[0], as: Int8.self), cv = typedArray(inputs[1], as: Int8.self)
                return [byteArray(try output(s.elementCount) { (o: UnsafeMutableBufferPointer<Int8>) in
                    try av.withUnsafeBufferPointer { ab in try cv.withUnsafeBufferPointer { cb in
                        try add(Tensor(ab, shape: s, quantization: qx), Tensor(cb, shape: s, quantization: qz), into: MutableTensor(o, shape: s, quantization: qy), activation: .relu) } }
                })]
            })
        }
        // CONCAT of three inputs with different quantizations.
        do {
            var b = GraphBuilder()
            let shapes = [ActivationShape.nhwc(1, 2, 3, 2), .nhwc(1, 2, 3, 5), .nhwc(1, 2, 3, 1)]
            let quants = [qx, qy, qz]
            let ins = (0..<3).map { k in b.activation("x\(k)", type, [1, 2, 3, shapes[k].channels], q(quants[k])) }
            let ys = ActivationShape.nhwc(1, 2, 3, 8)
            let y = b.activation("y", type, [1, 2, 3, 8], q(qy))
            b.node("concat", .concat, ins, [y])
            b.graph.inputs = ins
            b.graph.outputs = [y]
            cases.append(OpCase(name: "concat \(tag)", graph: b.graph) { inputs in
                if isFloat {
                    let vs = inputs.map { typedArray($0, as: Float.self) }
                    return [byteArray(try output(ys.elementCount) { (o: UnsafeMutableBufferPointer<Float>) in
                        try vs[0].withUnsafeBufferPointer { p0 in try vs[1].withUnsafeBufferPointer { p1 in try vs[2].withUnsafeBufferPointer { p2 in
                            let views = [Tensor(p0, shape: shapes[0]), Tensor(p1, shape: shapes[1]), Tensor(p2, shape: shapes[2])]
                            try views.withUnsafeBufferPointer { try concatenateChannels($0, into: MutableTensor(o, shape: ys)) }
                        } } }
                    })]
                }
                let vs = inputs.map { typedArray($0, as: Int8.self) }
                return [byteArray(try output(ys.elementCount) { (o: UnsafeMutableBufferPointer<Int8>) in
                    try vs[0].withUnsafeBufferPointer { p0 in try vs[1].withUnsafeBufferPointer { p1 in try vs[2].withUnsafeBufferPointer { p2 in
                        let views = [Tensor(p0, shape: shapes[0], quantization: qx), Tensor(p1, shape: shapes[1], quantization: qy), Tensor(p2, shape: shapes[2], quantization: qz)]
                        try views.withUnsafeBufferPointer { try concatenateChannels($0, into: MutableTensor(o, shape: ys, quantization: qy)) }
                    } } }
                })]
            })
        }
    }
    return cases
}
