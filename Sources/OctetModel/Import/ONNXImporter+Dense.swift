import Octet

extension ONNXImporter {
    /// Gemm (transA 0, transB 0 or 1, alpha, beta, optional bias C of M values) → fully connected
    /// with weights [M, K] = alpha·B (transposed unless transB) and bias beta·C.
    mutating func importGemm(_ n: ONNXNodeContext) throws(ImportError) {
        let a = try activation(n, 0)
        guard try n.int("transA", default: 0) == 0 else { throw n.unsupported("transA", "1") }
        let transB = try n.int("transB", default: 0) != 0
        let alpha = try n.float("alpha", default: 1), beta = try n.float("beta", default: 1)
        let b = try constant(n, 1)
        let bValues = try floats(n, b)
        guard b.dims.count == 2 else { throw n.mismatch("B '\(b.name)' has shape \(b.dims); expected 2 dimensions") }
        let (k, m) = transB ? (Int(b.dims[1]), Int(b.dims[0])) : (Int(b.dims[0]), Int(b.dims[1]))
        var weights = [Float](repeating: 0, count: m * k)
        for o in 0..<m {
            for i in 0..<k { weights[o * k + i] = alpha * (transB ? bValues[o * k + i] : bValues[i * m + o]) }
        }
        var bias: [Float]?
        if let c = try optionalConstant(n, 2) {
            let v = try floats(n, c)
            guard v.count == m || v.count == 1 else {
                throw n.mismatch("C '\(c.name)' has shape \(c.dims); expected [\(m)], [1, \(m)] or a scalar")
            }
            bias = (0..<m).map { beta * v[v.count == 1 ? 0 : $0] }
        }
        try emitFullyConnected(n, a, weights: weights, inputFeatures: k, outputFeatures: m, bias: bias)
    }

    /// MatMul of a [N, K] activation by a constant [K, M] → fully connected without bias (a
    /// following Add of a constant [M] becomes its bias).
    mutating func importMatMul(_ n: ONNXNodeContext) throws(ImportError) {
        let a = try activation(n, 0)
        let b = try constant(n, 1)
        let bValues = try floats(n, b)
        guard b.dims.count == 2 else { throw n.mismatch("B '\(b.name)' has shape \(b.dims); expected [K, M]") }
        let (k, m) = (Int(b.dims[0]), Int(b.dims[1]))
        var weights = [Float](repeating: 0, count: m * k)
        for o in 0..<m { for i in 0..<k { weights[o * k + i] = bValues[i * m + o] } }
        try emitFullyConnected(n, a, weights: weights, inputFeatures: k, outputFeatures: m, bias: nil)
    }

    /// Emits a fully-connected node. `weights` are [O, I] in ONNX feature order; a Flatten of a
    /// channels-first tensor feeds Octet features in (s, c) order, so column c·S + s moves to s·C + c.
    mutating func emitFullyConnected(
        _ n: ONNXNodeContext, _ a: ImportedValue, weights: [Float], inputFeatures k: Int, outputFeatures m: Int, bias: [Float]?
    ) throws(ImportError) {
        guard a.onnxShape.count == 2 else {
            throw n.mismatch("input '\(n.node.inputs[0])' has shape \(a.onnxShape); expected [N, \(k)] (Flatten first)")
        }
        guard a.onnxShape[1] == k else {
            throw n.mismatch("input has \(a.onnxShape[1]) features; the weights expect \(k)")
        }
        var w = weights
        if case .flattenedChannelsFirst(let c, let s) = a.layout {
            for o in 0..<m {
                for ch in 0..<c { for sp in 0..<s { w[o * k + sp * c + ch] = weights[o * k + ch * s + sp] } }
            }
        }
        let wIndex = addConstant(named: n.node.inputs[1], shape: [m, k], data: .float32(w))
        let bIndex = bias.map { addConstant(named: n.node.inputs.count > 2 ? n.node.inputs[2] : "\(n.name).bias", shape: [m], data: .float32($0)) }
        guard let out = output(n, 0) else { return }
        let y = addActivation(named: out, onnxShape: [a.onnxShape[0], m], layout: .features)
        emit(n, .fullyConnected(.none), inputs: [a.tensor, wIndex, bIndex], outputs: [y])
    }

    /// A constant added to the output of a Conv/Gemm/MatMul that nothing else reads: folded into
    /// that node's bias (one value per output channel, or a scalar).
    mutating func foldBiasAdd(_ n: ONNXNodeContext, value x: ImportedValue, constant c: ONNXTensor) throws(ImportError) -> Bool {
        let name = n.node.inputs.first { values[$0]?.tensor == x.tensor } ?? ""
        guard uses[name, default: 0] == 1, !graphOutputNames.contains(name),
              let p = graph.nodes.lastIndex(where: { $0.outputs.first == x.tensor }),
              [.fullyConnected(.none)].contains(graph.nodes[p].op) || graph.nodes[p].isConvolution
        else { return false }
        let channels = x.onnxShape[1]
        let v = try floats(n, c)
        // A scalar, or C values on the channel axis: [C] / [1, C] (features), [C, 1, 1] /
        // [1, C, 1, 1] (channels-first: every axis after the channel axis has extent 1).
        let trailing: Int
        if case .channelsFirst(let s) = x.layout { trailing = s } else { trailing = 0 }
        let dims = c.dims.map { Int($0) }
        let perChannel = v.count == channels && dims.count >= trailing + 1
            && dims[dims.count - trailing - 1] == channels && dims.suffix(trailing).allSatisfy { $0 == 1 }
        guard v.count == 1 || perChannel else { return false }
        var node = graph.nodes[p]
        var bias = [Float](repeating: 0, count: channels)
        if let b = node.inputs[2], case .float32(let old) = graph.tensors[b].data { bias = old }
        for i in 0..<channels { bias[i] += v[v.count == 1 ? 0 : i] }
        if let b = node.inputs[2] {
            graph.tensors[b].data = .float32(bias)
        } else {
            node.inputs[2] = addConstant(named: c.name, shape: [channels], data: .float32(bias))
        }
        graph.nodes[p] = node
        guard let out = output(n, 0) else { return true }
        values[name] = nil
        values[out] = x
        graph.tensors[x.tensor].name = out
        return true
    }
}

extension GraphNode {
    /// Conv or depthwise conv.
    var isConvolution: Bool {
        switch op {
        case .conv, .depthwiseConv: return true
        default: return false
        }
    }
}
