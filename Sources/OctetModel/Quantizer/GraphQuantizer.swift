import Octet

/// The rewrite behind `quantize`: walks the float graph in order and builds the int8 graph, with
/// each float tensor's int8 version (`int8Of`), float32 version (`floatOf`) and, for Int32
/// tensors (max pool indices), its copy (`plain`), created on demand.
struct GraphQuantizer {
    let source: Graph
    let ranges: [String: TensorRange]
    let keepFloat: Set<String>
    var graph = Graph()
    var int8Of: [Int: Int] = [:]
    var floatOf: [Int: Int] = [:]
    var plain: [Int: Int] = [:]
    /// Source graph output → the float32 (or Int32) tensor the new graph outputs.
    var outputIndex: [Int: Int] = [:]
    /// Source tensors some float32 consumer (a float node or a graph output) reads.
    var readByFloat = Set<Int>()
    /// Source tensors some int8 node reads.
    var readByInt8 = Set<Int>()

    init(source: Graph, ranges: [String: TensorRange], keepFloat: Set<String>) {
        self.source = source
        self.ranges = ranges
        self.keepFloat = keepFloat
    }

    func runsInFloat(_ node: GraphNode) -> Bool {
        node.op == .softmax || keepFloat.contains(node.name)
    }

    mutating func run() throws(QuantizeError) {
        for node in source.nodes {
            for case let t? in node.inputs where !source.tensors[t].isConstant {
                if runsInFloat(node) { readByFloat.insert(t) } else { readByInt8.insert(t) }
            }
        }
        readByFloat.formUnion(source.outputs)
        for t in source.inputs {
            floatOf[t] = graph.add(source.tensors[t])
        }
        for node in source.nodes {
            if runsInFloat(node) { try emitFloat(node) } else { try emitInt8(node) }
        }
        for t in source.outputs {
            if source.tensors[t].type == .int32 {
                outputIndex[t] = plain[t]!
            } else {
                outputIndex[t] = try float(t)
            }
        }
        graph.inputs = source.inputs.map { floatOf[$0]! }
        graph.outputs = source.outputs.map { outputIndex[$0]! }
    }

    // MARK: - Versions of a tensor

    /// The float32 version of source activation `t` (a DEQUANTIZE of its int8 version if needed).
    mutating func float(_ t: Int) throws(QuantizeError) -> Int {
        if let f = floatOf[t] { return f }
        let q = int8Of[t]!
        var tensor = source.tensors[t]
        tensor.name += "#dequantized"
        let f = graph.add(tensor)
        graph.nodes.append(GraphNode(name: tensor.name, op: .dequantize, inputs: [q], outputs: [f]))
        floatOf[t] = f
        return f
    }

    /// The int8 version of source activation `t` (a QUANTIZE of its float32 version if needed).
    mutating func int8(_ t: Int) throws(QuantizeError) -> Int {
        if let q = int8Of[t] { return q }
        let f = floatOf[t]!
        var tensor = source.tensors[t]
        tensor.type = .int8
        tensor.quantization = .perTensor(try parameters(of: t))
        // The int8 copy of a graph input or float result: the ONNX name stays on the float tensor.
        tensor.name += "#quantized"
        let q = graph.add(tensor)
        graph.nodes.append(GraphNode(name: tensor.name, op: .quantize, inputs: [f], outputs: [q]))
        int8Of[t] = q
        return q
    }

    func parameters(of t: Int) throws(QuantizeError) -> QuantParams {
        let name = source.tensors[t].name
        guard let r = ranges[name] else { throw .missingRange(tensor: name) }
        guard r.min.isFinite && r.max.isFinite && r.min <= r.max else {
            throw .invalidRange(tensor: name, min: r.min, max: r.max)
        }
        return activationQuantization(r)
    }

    mutating func addConstant(_ t: Int) -> Int {
        graph.add(source.tensors[t])
    }

    // MARK: - Nodes

    mutating func emitFloat(_ node: GraphNode) throws(QuantizeError) {
        var inputs: [Int?] = []
        for input in node.inputs {
            guard let t = input else { inputs.append(nil); continue }
            if source.tensors[t].isConstant { inputs.append(addConstant(t)) }
            else if source.tensors[t].type == .int32 { inputs.append(plain[t]!) }
            else { inputs.append(try float(t)) }
        }
        var outputs: [Int] = []
        for t in node.outputs {
            let f = graph.add(source.tensors[t])
            if source.tensors[t].type == .int32 { plain[t] = f } else { floatOf[t] = f }
            outputs.append(f)
        }
        graph.nodes.append(GraphNode(name: node.name, op: node.op, inputs: inputs, outputs: outputs))
    }

    mutating func emitInt8(_ node: GraphNode) throws(QuantizeError) {
        var inputs: [Int?] = []
        var inputParams: QuantParams?
        for (k, input) in node.inputs.enumerated() {
            guard let t = input else { inputs.append(nil); continue }
            if source.tensors[t].isConstant { inputs.append(nil); continue }  // weights: below
            if source.tensors[t].type == .int32 { inputs.append(plain[t]!); continue }
            let q = try int8(t)
            if k == 0, case .perTensor(let p)? = graph.tensors[q].quantization { inputParams = p }
            inputs.append(q)
        }
        let x = inputParams ?? QuantParams.identity
        switch node.op {
        case .conv, .depthwiseConv, .fullyConnected:
            try quantizeParameters(node, inputScale: x.scale, into: &inputs)
        default: break
        }
        var outputs: [Int] = []
        for (k, t) in node.outputs.enumerated() {
            var tensor = source.tensors[t]
            if tensor.type == .int32 {
                let i = graph.add(tensor)
                plain[t] = i
                outputs.append(i)
                continue
            }
            if k == 0, node.writesAccumulator, readByFloat.contains(t), !readByInt8.contains(t) {
                // Only float consumers: the dequantized accumulator, no int8 rounding.
                let f = graph.add(tensor)
                floatOf[t] = f
                outputs.append(f)
                continue
            }
            tensor.type = .int8
            tensor.quantization = .perTensor(node.op.keepsInputQuantization ? x : try parameters(of: t))
            let q = graph.add(tensor)
            int8Of[t] = q
            outputs.append(q)
        }
        graph.nodes.append(GraphNode(name: node.name, op: node.op, inputs: inputs, outputs: outputs))
    }

    /// Per-channel int8 weights and Int32 bias for a conv, depthwise or fully-connected node.
    mutating func quantizeParameters(_ node: GraphNode, inputScale: Float, into inputs: inout [Int?]) throws(QuantizeError) {
        let wSource = source.tensors[node.inputs[1]!]
        guard case .float32(let w)? = wSource.data else { preconditionFailure("importer: float weights") }
        let depthwise: Bool
        if case .depthwiseConv = node.op { depthwise = true } else { depthwise = false }
        let channels = depthwise ? wSource.shape.last! : wSource.shape[0]
        let (values, scales) = quantizeWeights(w, channels: channels, outer: !depthwise)
        var wTensor = wSource
        wTensor.type = .int8
        wTensor.data = .int8(values)
        wTensor.quantization = .perChannel(scales)
        inputs[1] = graph.add(wTensor)
        guard let b = node.inputs[2] else { return }
        guard case .float32(let bias)? = source.tensors[b].data else { preconditionFailure("importer: float bias") }
        var q = [Int32](repeating: 0, count: bias.count)
        for c in 0..<bias.count {
            let r = roundHalfAwayFromZero(Double(bias[c]) / (Double(inputScale) * Double(scales[c])))
            guard r.isFinite && abs(r) <= Double(Int32.max) else { throw .biasOverflow(node: node.name, channel: c, value: bias[c]) }
            q[c] = Int32(r)
        }
        var bTensor = source.tensors[b]
        bTensor.type = .int32
        bTensor.data = .int32(q)
        inputs[2] = graph.add(bTensor)
    }
}

extension GraphNode {
    /// Conv, depthwise and fully connected: an Int32 accumulator that can be written as float32.
    var writesAccumulator: Bool {
        switch op {
        case .conv, .depthwiseConv, .fullyConnected: return true
        default: return false
        }
    }
}

extension GraphOperator {
    /// Ops whose int8 output has the input's quantization (DESIGN.md §3, TFLite's rules).
    var keepsInputQuantization: Bool {
        switch self {
        case .maxPool, .globalMaxPool, .averagePool, .reshape, .maxUnpool, .clamp: return true
        default: return false
        }
    }
}
