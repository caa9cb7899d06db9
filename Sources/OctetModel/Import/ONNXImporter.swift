import Octet

/// Imports an ONNX model (default-domain opsets 11...21) as a float32 channels-last graph:
/// NCHW/OIHW become NHWC/OHWI once, here; BatchNormalization is folded into the preceding
/// Conv/Gemm (a standalone one becomes a per-channel affine, a 1×1 depthwise conv); Relu/Clip are
/// fused into their producer where it has no other consumer. `batch` replaces a dynamic batch
/// dimension (ONNX `dim_param` on axis 0); every other dimension must be static.
public func importONNX(_ model: ONNXModel, batch: Int = 1) throws(ImportError) -> ImportedModel {
    guard let opset = model.defaultOpset, (11...21).contains(opset) else {
        throw .unsupportedOpset(model.defaultOpset)
    }
    var importer = ONNXImporter(graph: model.graph, opset: opset, batch: batch)
    return try importer.run()
}

/// Reads and imports an ONNX file.
public func importONNX(path: String, batch: Int = 1) throws(ImportError) -> ImportedModel {
    let model: ONNXModel
    do { model = try loadONNXModel(path: path) } catch { throw .decode(error) }
    return try importONNX(model, batch: batch)
}

/// The most elements one imported activation may have (2^28).
let maximumActivationElements = 1 << 28

/// An ONNX activation as the importer tracks it: its Octet tensor, its ONNX shape and how the two
/// layouts relate.
struct ImportedValue {
    var tensor: Int
    var onnxShape: [Int]
    var layout: BoundaryLayout
}

/// The import state: the graph being built and the ONNX names resolved so far.
struct ONNXImporter {
    let source: ONNXGraph
    let opset: Int64
    let batch: Int
    var graph = Graph()
    var values: [String: ImportedValue] = [:]
    /// Graph inputs Octet cannot take (not float32, bad shape): an error if a node reads them.
    var rejectedInputs: [String: ImportError] = [:]
    var constants: [String: ONNXTensor] = [:]
    /// How many node inputs (and graph outputs) read each ONNX name.
    var uses: [String: Int] = [:]
    let graphOutputNames: Set<String>

    init(graph source: ONNXGraph, opset: Int64, batch: Int) {
        self.source = source
        self.opset = opset
        self.batch = batch
        for t in source.initializers { constants[t.name] = t }
        for node in source.nodes {
            for name in node.inputs where !name.isEmpty { uses[name, default: 0] += 1 }
        }
        for o in source.outputs { uses[o.name, default: 0] += 1 }
        graphOutputNames = Set(source.outputs.map(\.name))
    }

    mutating func run() throws(ImportError) -> ImportedModel {
        var inputs: [BoundaryTensor] = []
        for info in source.inputs where constants[info.name] == nil {
            do throws(ImportError) {
                inputs.append(try addGraphInput(info))
            } catch {
                rejectedInputs[info.name] = error
            }
        }
        if inputs.isEmpty, let error = rejectedInputs.values.first { throw error }
        guard !inputs.isEmpty else { throw .unsupportedGraphTensor(name: source.name, reason: "the graph has no input") }
        for (i, node) in source.nodes.enumerated() {
            let name = node.name.isEmpty ? "\(node.opType)_\(i)" : node.name
            guard node.domain.isEmpty || node.domain == "ai.onnx" else {
                throw .unsupportedOperator(node: name, opType: node.opType, domain: node.domain, opset: opset)
            }
            try importNode(ONNXNodeContext(node: node, name: name))
        }
        var outputs: [BoundaryTensor] = []
        for info in source.outputs {
            guard var v = values[info.name] else {
                throw .unsupportedGraphTensor(name: info.name, reason: "the graph output is not computed by any node")
            }
            if inputs.contains(where: { $0.index == v.tensor }) || outputs.contains(where: { $0.index == v.tensor }) {
                // An output that is a graph input or another output (through Identity/Dropout):
                // a copy node gives it a tensor of its own (.octet outputs are node results).
                let copy = addActivation(named: info.name, onnxShape: v.onnxShape, layout: v.layout)
                graph.nodes.append(GraphNode(name: "\(info.name)#copy", op: .reshape, inputs: [v.tensor], outputs: [copy]))
                v.tensor = copy
            }
            outputs.append(BoundaryTensor(name: info.name, index: v.tensor, onnxShape: v.onnxShape, layout: v.layout))
        }
        // A bound on the memory a run of the model may ask for (hostile static dims): no activation
        // above 2^28 elements (1 GiB as float32).
        for t in graph.tensors where !t.isConstant && t.elementCount > maximumActivationElements {
            throw .unsupportedGraphTensor(name: t.name, reason: "shape \(t.shape) has more than \(maximumActivationElements) elements")
        }
        graph.inputs = inputs.map(\.index)
        graph.outputs = outputs.map(\.index)
        var names: [String: Int] = [:]
        for (name, v) in values { names[name] = v.tensor }
        let remap = optimizeImportedGraph(&graph)
        func mapped(_ b: BoundaryTensor) -> BoundaryTensor {
            var b = b
            b.index = remap[b.index]!
            return b
        }
        var kept: [String: Int] = [:]
        for (name, t) in names { if let r = remap[t] { kept[name] = r } }
        return ImportedModel(
            graph: graph, inputs: inputs.map(mapped), outputs: outputs.map(mapped), opset: opset, tensorNames: kept)
    }

    /// A float32 graph input: rank 2 is [N, F], ranks 3...5 are N, C and 1...3 spatial axes.
    mutating func addGraphInput(_ info: ONNXValueInfo) throws(ImportError) -> BoundaryTensor {
        guard info.elementType == 1 else {
            throw .unsupportedGraphTensor(name: info.name, reason: "element type \(info.elementType.map(String.init) ?? "unknown") (only float32 inputs are supported)")
        }
        guard let dims = info.shape, dims.count >= 2 && dims.count <= 5 else {
            throw .unsupportedGraphTensor(name: info.name, reason: "rank \(info.shape?.count ?? 0) (ranks 2...5 are supported)")
        }
        var shape: [Int] = []
        for (axis, d) in dims.enumerated() {
            switch d {
            case .value(let v) where v >= 1 && v <= Int64(Int32.max): shape.append(Int(v))
            case .parameter, .unknown, .value:
                guard axis == 0 else {
                    throw .unsupportedGraphTensor(name: info.name, reason: "dimension \(axis) is not a positive constant (only the batch may be dynamic)")
                }
                shape.append(batch)
            }
        }
        if dims.first != nil, case .value = dims[0] {} else { shape[0] = batch }
        let layout: BoundaryLayout = shape.count == 2 ? .features : .channelsFirst(spatialRank: shape.count - 2)
        let index = addActivation(named: info.name, onnxShape: shape, layout: layout)
        return BoundaryTensor(name: info.name, index: index, onnxShape: shape, layout: layout)
    }

    /// Adds a float32 activation for the ONNX name and records it.
    @discardableResult
    mutating func addActivation(named name: String, onnxShape: [Int], layout: BoundaryLayout, type: ElementType = .float32) -> Int {
        let shape = octetShape(onnx: onnxShape, layout: layout)
        let spatialRank: Int
        if case .channelsFirst(let s) = layout { spatialRank = s } else { spatialRank = 1 }
        let index = graph.add(GraphTensor(name: name, type: type, shape: shape, spatialRank: spatialRank))
        values[name] = ImportedValue(tensor: index, onnxShape: onnxShape, layout: layout)
        return index
    }

    /// Adds a float32 (or int32) constant tensor in its kernel layout.
    mutating func addConstant(named name: String, shape: [Int], data: TensorData) -> Int {
        graph.add(GraphTensor(name: name, type: data.type, shape: shape, spatialRank: 0, data: data))
    }

    mutating func emit(_ context: ONNXNodeContext, _ op: GraphOperator, inputs: [Int?], outputs: [Int]) {
        graph.nodes.append(GraphNode(name: context.name, op: op, inputs: inputs, outputs: outputs))
    }

    mutating func importNode(_ n: ONNXNodeContext) throws(ImportError) {
        switch n.node.opType {
        case "Constant": try importConstant(n)
        case "Conv": try importConv(n)
        case "Gemm": try importGemm(n)
        case "MatMul": try importMatMul(n)
        case "MaxPool", "AveragePool", "LpPool": try importPool(n)
        case "GlobalAveragePool", "GlobalMaxPool", "GlobalLpPool": try importGlobalPool(n)
        case "MaxUnpool": try importMaxUnpool(n)
        case "Relu": try importClamp(n, activation: .relu)
        case "Clip": try importClip(n)
        case "Add": try importAdd(n)
        case "Concat": try importConcat(n)
        case "Flatten": try importFlatten(n)
        case "Reshape", "Squeeze", "Unsqueeze": try importReshape(n)
        case "Identity", "Dropout": try importIdentity(n)
        case "BatchNormalization": try importBatchNormalization(n)
        case "Softmax": try importSoftmax(n)
        default:
            throw .unsupportedOperator(node: n.name, opType: n.node.opType, domain: n.node.domain, opset: opset)
        }
    }

    // MARK: - Inputs

    /// Input `k` as an activation.
    func activation(_ n: ONNXNodeContext, _ k: Int) throws(ImportError) -> ImportedValue {
        guard k < n.node.inputs.count, !n.node.inputs[k].isEmpty else {
            throw .shapeMismatch(node: n.name, opType: n.node.opType, reason: "input \(k) is missing")
        }
        let name = n.node.inputs[k]
        if let v = values[name] { return v }
        if let error = rejectedInputs[name] { throw error }
        if constants[name] != nil {
            throw .unsupportedAttribute(node: n.name, opType: n.node.opType, attribute: "input \(k) '\(name)'", value: "a constant (only computed activations are supported here)")
        }
        throw .missingInput(node: n.name, opType: n.node.opType, input: name)
    }

    /// Input `k` as a constant, or nil when the optional input is absent.
    func optionalConstant(_ n: ONNXNodeContext, _ k: Int) throws(ImportError) -> ONNXTensor? {
        guard k < n.node.inputs.count, !n.node.inputs[k].isEmpty else { return nil }
        let name = n.node.inputs[k]
        if let t = constants[name] { return t }
        if values[name] != nil || rejectedInputs[name] != nil { throw .notConstant(node: n.name, opType: n.node.opType, input: name) }
        throw .missingInput(node: n.name, opType: n.node.opType, input: name)
    }

    func constant(_ n: ONNXNodeContext, _ k: Int) throws(ImportError) -> ONNXTensor {
        guard let t = try optionalConstant(n, k) else {
            throw .shapeMismatch(node: n.name, opType: n.node.opType, reason: "input \(k) is missing")
        }
        return t
    }

    /// A constant's values as Float.
    func floats(_ n: ONNXNodeContext, _ t: ONNXTensor) throws(ImportError) -> [Float] {
        guard let v = t.floatValues() else {
            throw .invalidAttribute(node: n.name, opType: n.node.opType, attribute: "input '\(t.name)'", reason: "data type \(t.dataType) is not float")
        }
        return v
    }

    /// A constant's values as Int64.
    func integers(_ n: ONNXNodeContext, _ t: ONNXTensor) throws(ImportError) -> [Int64] {
        guard let v = t.int64Values() else {
            throw .invalidAttribute(node: n.name, opType: n.node.opType, attribute: "input '\(t.name)'", reason: "data type \(t.dataType) is not an integer type")
        }
        return v
    }

    /// The output name `k` of the node, or nil when absent.
    func output(_ n: ONNXNodeContext, _ k: Int) -> String? {
        k < n.node.outputs.count && !n.node.outputs[k].isEmpty ? n.node.outputs[k] : nil
    }

    mutating func importConstant(_ n: ONNXNodeContext) throws(ImportError) {
        guard let out = output(n, 0) else { return }
        guard let attr = n.node.attribute("value"), case .tensor(var t) = attr.value else {
            throw .unsupportedAttribute(node: n.name, opType: "Constant", attribute: n.node.attributes.first?.name ?? "value", value: "(only a tensor `value` is supported)")
        }
        t.name = out
        constants[out] = t
    }

    /// Identity and Dropout (inference): the output is the input.
    mutating func importIdentity(_ n: ONNXNodeContext) throws(ImportError) {
        if let mask = output(n, 1), uses[mask, default: 0] > 0 {
            throw .unsupportedAttribute(node: n.name, opType: n.node.opType, attribute: "output 'mask'", value: "used (inference Dropout has no mask)")
        }
        guard let out = output(n, 0) else { return }
        if let c = constants[n.node.inputs.first ?? ""] {
            var t = c
            t.name = out
            constants[out] = t
            return
        }
        values[out] = try activation(n, 0)
    }
}

/// A node with its (possibly generated) name.
struct ONNXNodeContext {
    let node: ONNXNode
    let name: String
}
