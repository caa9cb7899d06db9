import Octet

/// The import-time rewrites of a float32 graph, in order:
/// 1. a per-channel affine (a 1×1 depthwise conv, multiplier 1, stride 1, no padding, no clamp —
///    what BatchNormalization imports as) whose input comes from a Conv, depthwise conv or fully
///    connected node that nothing else reads is folded into it: w'[oc, …] = a[oc]·w[oc, …],
///    b'[oc] = a[oc]·b[oc] + c[oc] (Float products, one rounding each);
/// 2. a clamp (Relu, Clip) whose input comes from a conv, fully connected, add, max or average
///    pool with no clamp of its own, that nothing else reads, becomes that node's fused activation;
/// 3. tensors no node or graph IO uses any more are dropped.
/// Returns old tensor index → new index for the tensors kept.
func optimizeImportedGraph(_ graph: inout Graph) -> [Int: Int] {
    foldAffines(&graph)
    fuseClamps(&graph)
    return dropUnusedTensors(&graph)
}

/// Node inputs plus graph outputs reading each tensor.
private func readerCounts(_ graph: Graph) -> [Int] {
    var counts = [Int](repeating: 0, count: graph.tensors.count)
    for node in graph.nodes { for case let t? in node.inputs { counts[t] += 1 } }
    for t in graph.outputs { counts[t] += 1 }
    return counts
}

/// The node writing `tensor` as its first output, if it is only read by one reader.
private func soleProducer(of tensor: Int, in graph: Graph, counts: [Int]) -> Int? {
    guard counts[tensor] == 1, !graph.outputs.contains(tensor) else { return nil }
    return graph.nodes.firstIndex { $0.outputs.first == tensor }
}

private func foldAffines(_ graph: inout Graph) {
    var i = 0
    while i < graph.nodes.count {
        let node = graph.nodes[i]
        guard case .depthwiseConv(let p, 1) = node.op, p.activation == .none, isUnitWindow(p),
              let x = node.inputs[0], let wi = node.inputs[1],
              case .float32(let a)? = graph.tensors[wi].data, graph.tensors[wi].shape.prefix(3).allSatisfy({ $0 == 1 }),
              let producer = soleProducer(of: x, in: graph, counts: readerCounts(graph)),
              foldScale(a, bias: node.inputs[2].flatMap { graph.tensors[$0].data }, into: producer, graph: &graph)
        else {
            i += 1
            continue
        }
        graph.nodes[producer].outputs[0] = node.outputs[0]
        graph.nodes.remove(at: i)
    }
}

private func isUnitWindow(_ p: Conv2DParameters) -> Bool {
    let unitStride = p.stride == .uniform(1, rank: p.stride.rank)
    switch p.padding {
    case .valid: return unitStride
    case .explicit(let b, let e): return unitStride && b == .uniform(0, rank: b.rank) && e == .uniform(0, rank: e.rank)
    case .same, .sameLower: return unitStride
    }
}

/// Scales the producer's output channels by `a` and adds `c` to its bias; false when the
/// producer is not a float32 conv / depthwise / fully connected without a clamp.
private func foldScale(_ a: [Float], bias c: TensorData?, into producer: Int, graph: inout Graph) -> Bool {
    var node = graph.nodes[producer]
    let outerChannels: Bool
    switch node.op {
    case .conv(let p) where p.activation == .none: outerChannels = true
    case .fullyConnected(.none): outerChannels = true
    case .depthwiseConv(let p, _) where p.activation == .none: outerChannels = false
    default: return false
    }
    guard let wi = node.inputs[1], case .float32(var w)? = graph.tensors[wi].data else { return false }
    let channels = a.count
    guard w.count % channels == 0 else { return false }
    let inner = w.count / channels
    for oc in 0..<channels {
        for k in 0..<inner {
            // Outer: [O, …] rows; depthwise: [1, kh, kw, O], channel fastest.
            let idx = outerChannels ? oc * inner + k : k * channels + oc
            w[idx] *= a[oc]
        }
    }
    var b = [Float](repeating: 0, count: channels)
    if let bi = node.inputs[2], case .float32(let old)? = graph.tensors[bi].data { b = old }
    var shift = [Float](repeating: 0, count: channels)
    if case .float32(let v)? = c { shift = v }
    for oc in 0..<channels { b[oc] = a[oc] * b[oc] + shift[oc] }
    graph.tensors[wi].data = .float32(w)
    if let bi = node.inputs[2] {
        graph.tensors[bi].data = .float32(b)
    } else {
        node.inputs[2] = graph.add(GraphTensor(name: "\(node.name).bias", type: .float32, shape: [channels], spatialRank: 0, data: .float32(b)))
    }
    graph.nodes[producer] = node
    return true
}

private func fuseClamps(_ graph: inout Graph) {
    var i = 0
    while i < graph.nodes.count {
        let node = graph.nodes[i]
        guard case .clamp(let activation) = node.op, let x = node.inputs[0],
              let producer = soleProducer(of: x, in: graph, counts: readerCounts(graph)),
              let fused = graph.nodes[producer].op.withActivation(activation)
        else {
            i += 1
            continue
        }
        graph.nodes[producer].op = fused
        graph.nodes[producer].outputs[0] = node.outputs[0]
        graph.nodes.remove(at: i)
    }
}

extension GraphOperator {
    /// The op with `activation` fused, when it takes one and has none yet.
    func withActivation(_ activation: FusedActivation) -> GraphOperator? {
        switch self {
        case .conv(var p) where p.activation == .none:
            p.activation = activation
            return .conv(p)
        case .depthwiseConv(var p, let m) where p.activation == .none:
            p.activation = activation
            return .depthwiseConv(p, multiplier: m)
        case .fullyConnected(.none): return .fullyConnected(activation)
        case .add(.none): return .add(activation)
        case .maxPool(var p) where p.activation == .none:
            p.activation = activation
            return .maxPool(p)
        case .averagePool(var p) where p.activation == .none:
            p.activation = activation
            return .averagePool(p)
        default: return nil
        }
    }
}

private func dropUnusedTensors(_ graph: inout Graph) -> [Int: Int] {
    var used = [Bool](repeating: false, count: graph.tensors.count)
    for node in graph.nodes {
        for case let t? in node.inputs { used[t] = true }
        for t in node.outputs { used[t] = true }
    }
    for t in graph.inputs + graph.outputs { used[t] = true }
    var remap: [Int: Int] = [:]
    var kept: [GraphTensor] = []
    for (i, t) in graph.tensors.enumerated() where used[i] {
        remap[i] = kept.count
        kept.append(t)
    }
    graph.tensors = kept
    for k in graph.nodes.indices {
        graph.nodes[k].inputs = graph.nodes[k].inputs.map { $0.map { remap[$0]! } }
        graph.nodes[k].outputs = graph.nodes[k].outputs.map { remap[$0]! }
    }
    graph.inputs = graph.inputs.map { remap[$0]! }
    graph.outputs = graph.outputs.map { remap[$0]! }
    return remap
}
