import Octet

extension ONNXImporter {
    /// MaxPool (with its optional Indices output, storage_order 0), AveragePool
    /// (count_include_pad), LpPool (p); 1-D to 3-D, ceil_mode, dilations, auto_pad.
    mutating func importPool(_ n: ONNXNodeContext) throws(ImportError) {
        let x = try activation(n, 0)
        guard case .channelsFirst(let rank) = x.layout else {
            throw n.mismatch("input '\(n.node.inputs[0])' has shape \(x.onnxShape); pooling takes [N, C, spatial...]")
        }
        guard let kernel = try n.ints("kernel_shape") else {
            throw .invalidAttribute(node: n.name, opType: n.node.opType, attribute: "kernel_shape", reason: "missing")
        }
        guard kernel.count == rank, kernel.allSatisfy({ $0 >= 1 }) else {
            throw n.unsupported("kernel_shape", "\(kernel) (input has \(rank) spatial axes)")
        }
        let (stride, dilation, padding) = try n.windowGeometry(rank: rank)
        var p = PoolParameters(window: spatial(kernel), stride: stride, dilation: dilation, padding: padding)
        p.ceilMode = try n.int("ceil_mode", default: 0) != 0
        let op: GraphOperator
        switch n.node.opType {
        case "MaxPool":
            let order = try n.int("storage_order", default: 0)
            guard order == 0 else { throw n.unsupported("storage_order", "\(order) (only row-major indices)") }
            op = .maxPool(p)
        case "AveragePool":
            p.countIncludePad = try n.int("count_include_pad", default: 0) != 0
            op = .averagePool(p)
        default:
            let power = try n.int("p", default: 2)
            guard power >= 1 else { throw n.unsupported("p", "\(power)") }
            op = .lpPool(p, p: power)
        }
        let outShape = try windowOutputShape(n, x, p, channels: x.onnxShape[1])
        var outputs: [Int] = []
        let yName = output(n, 0) ?? "\(n.name):0"
        outputs.append(addActivation(named: yName, onnxShape: outShape, layout: x.layout))
        if n.node.opType == "MaxPool", let indices = output(n, 1) {
            // Octet's indices are Int32, flat within each (n, c) plane; the executor converts
            // graph outputs to ONNX's int64 flat NCHW indices.
            outputs.append(addActivation(named: indices, onnxShape: outShape, layout: x.layout, type: .int32))
        }
        emit(n, op, inputs: [x.tensor], outputs: outputs)
    }

    /// GlobalAveragePool, GlobalMaxPool, GlobalLpPool (p): spatial extents become 1.
    mutating func importGlobalPool(_ n: ONNXNodeContext) throws(ImportError) {
        let x = try activation(n, 0)
        guard case .channelsFirst = x.layout else {
            throw n.mismatch("input '\(n.node.inputs[0])' has shape \(x.onnxShape); global pooling takes [N, C, spatial...]")
        }
        let op: GraphOperator
        switch n.node.opType {
        case "GlobalAveragePool": op = .globalAveragePool
        case "GlobalMaxPool": op = .globalMaxPool
        default:
            let power = try n.int("p", default: 2)
            guard power >= 1 else { throw n.unsupported("p", "\(power)") }
            op = .globalLpPool(p: power)
        }
        guard let out = output(n, 0) else { return }
        let shape = Array(x.onnxShape[0..<2]) + Array(repeating: 1, count: x.onnxShape.count - 2)
        let y = addActivation(named: out, onnxShape: shape, layout: x.layout)
        emit(n, op, inputs: [x.tensor], outputs: [y])
    }

    /// MaxUnpool fed by a MaxPool's Indices: output extent (in − 1)·stride + kernel − padBegin −
    /// padEnd per axis, or the constant `output_shape` input.
    mutating func importMaxUnpool(_ n: ONNXNodeContext) throws(ImportError) {
        let x = try activation(n, 0)
        let indices = try activation(n, 1)
        guard case .channelsFirst(let rank) = x.layout, graph.tensors[indices.tensor].type == .int32,
              indices.onnxShape == x.onnxShape
        else {
            throw n.mismatch("MaxUnpool needs the Indices output of a MaxPool with the input's shape \(x.onnxShape)")
        }
        guard let kernel = try n.ints("kernel_shape"), kernel.count == rank else {
            throw .invalidAttribute(node: n.name, opType: "MaxUnpool", attribute: "kernel_shape", reason: "missing or not \(rank) values")
        }
        let strides = try n.ints("strides") ?? Array(repeating: 1, count: rank)
        let pads = try n.ints("pads") ?? Array(repeating: 0, count: 2 * rank)
        guard strides.count == rank, pads.count == 2 * rank else {
            throw n.unsupported("strides/pads", "\(strides) / \(pads)")
        }
        var shape = Array(x.onnxShape[0..<2])
        for a in 0..<rank {
            shape.append((x.onnxShape[2 + a] - 1) * strides[a] + kernel[a] - pads[a] - pads[rank + a])
        }
        if let given = try optionalConstant(n, 2) {
            let dims = try integers(n, given).map { Int($0) }
            guard dims.count == shape.count, dims[0] == shape[0], dims[1] == shape[1] else {
                throw n.mismatch("output_shape \(dims) does not fit the input \(x.onnxShape)")
            }
            shape = dims
        }
        guard shape.allSatisfy({ $0 >= 1 }) else { throw n.mismatch("output shape \(shape) is empty") }
        guard let out = output(n, 0) else { return }
        let y = addActivation(named: out, onnxShape: shape, layout: x.layout)
        emit(n, .maxUnpool, inputs: [x.tensor, indices.tensor], outputs: [y])
    }
}
