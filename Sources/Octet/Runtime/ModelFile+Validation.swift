// Operand rules of OctetFormat.md §4–§6: topological order, single writers, operand kinds, element
// types, quantization and shapes — each output's shape compared with what the op computes from its
// input shapes and parameters through the kernels' own geometry (PoolPlan, conv geometry).

extension ModelFile {
    /// `outputsAt`: the absolute offset of GRIO's first output index.
    static func validateGraph(
        tensors: [ModelTensor], nodes: [ModelNode], inputs: [Int], outputs: [Int], outputsAt: Int
    ) throws(ModelError) {
        var written = [Bool](repeating: false, count: tensors.count)
        for t in inputs { written[t] = true }
        for n in 0..<nodes.count {
            let check = NodeCheck(node: nodes[n], index: n, tensors: tensors)
            try check.inputsWritten(written)
            try check.validate()
            for (k, t) in nodes[n].outputs.enumerated() {
                guard !tensors[t].isConstant else {
                    throw .invalidOperand(node: n, offset: nodes[n].outputOffset(k), tensor: t, fault: .kind)
                }
                guard !written[t] else {
                    throw .invalidOperand(node: n, offset: nodes[n].outputOffset(k), tensor: t, fault: .writtenTwice)
                }
                written[t] = true
            }
        }
        for (k, t) in outputs.enumerated() {
            var produced = false
            for node in nodes where node.outputs.contains(t) { produced = true }
            guard produced else { throw .invalidGraphIO(offset: outputsAt + 4 * k, tensor: t, fault: .outputNotWritten) }
        }
        for t in 0..<tensors.count where !tensors[t].isConstant && !written[t] {
            throw .unwrittenActivation(tensor: t, offset: tensors[t].recordOffset)
        }
    }
}

/// The checks of one node.
struct NodeCheck {
    let node: ModelNode
    let index: Int
    let tensors: [ModelTensor]

    func fault(input k: Int, _ f: OperandFault) -> ModelError {
        .invalidOperand(node: index, offset: node.inputOffset(k), tensor: node.inputs[k] ?? -1, fault: f)
    }

    func fault(output k: Int, _ f: OperandFault) -> ModelError {
        .invalidOperand(node: index, offset: node.outputOffset(k), tensor: node.outputs[k], fault: f)
    }

    func mismatch(output k: Int) -> ModelError {
        .shapeMismatch(node: index, offset: node.outputOffset(k), tensor: node.outputs[k])
    }

    func kernel(_ e: KernelError) -> ModelError {
        .kernelRejected(node: index, offset: node.parametersOffset, e)
    }

    /// Every activation input is a graph input or an earlier node's output.
    func inputsWritten(_ written: [Bool]) throws(ModelError) {
        for (k, t) in node.inputs.enumerated() {
            guard let t, !tensors[t].isConstant else { continue }
            guard written[t] else { throw fault(input: k, .notYetWritten) }
        }
    }

    /// Input k: an activation of one of `types`.
    func data(_ k: Int, _ types: [ElementType]) throws(ModelError) -> (ModelTensor, ActivationShape) {
        guard let t = node.inputs[k] else { throw fault(input: k, .kind) }
        let tensor = tensors[t]
        guard let shape = tensor.activationShape else { throw fault(input: k, .kind) }
        guard types.contains(tensor.elementType) else { throw fault(input: k, .elementType) }
        return (tensor, shape)
    }

    /// Output k: an activation of one of `types` (the kind is checked by the caller too).
    func output(_ k: Int, _ types: [ElementType]) throws(ModelError) -> (ModelTensor, ActivationShape) {
        let tensor = tensors[node.outputs[k]]
        guard let shape = tensor.activationShape else { throw fault(output: k, .kind) }
        guard types.contains(tensor.elementType) else { throw fault(output: k, .elementType) }
        return (tensor, shape)
    }

    /// Input k: a constant of `type` and `rank`.
    func constant(_ k: Int, _ type: ElementType, rank: Int) throws(ModelError) -> ModelTensor {
        guard let t = node.inputs[k] else { throw fault(input: k, .kind) }
        let tensor = tensors[t]
        guard tensor.isConstant else { throw fault(input: k, .kind) }
        guard tensor.elementType == type else { throw fault(input: k, .elementType) }
        guard tensor.shape.count == rank else { throw fault(input: k, .shape) }
        return tensor
    }

    /// Output k has the shape `expected`.
    func expectShape(output k: Int, _ actual: ActivationShape, _ expected: ActivationShape) throws(ModelError) {
        guard actual == expected else { throw mismatch(output: k) }
    }

    /// Output 0 has input 0's quantization (int8).
    func sameQuantization(_ x: ModelTensor, _ y: ModelTensor) throws(ModelError) {
        guard x.quantization == y.quantization else { throw fault(output: 0, .quantization) }
    }

    func validate() throws(ModelError) {
        switch node.op {
        case .conv, .depthwiseConv, .fullyConnected: try validateConv()
        case .maxPool, .averagePool, .lpPool: try validatePool()
        case .globalAveragePool, .globalMaxPool, .globalLpPool:
            let (x, xs) = try data(0, [.int8, .float32])
            let (y, ys) = try output(0, [x.elementType])
            var expected = xs
            expected.depth = 1; expected.height = 1; expected.width = 1
            try expectShape(output: 0, ys, expected)
            if node.op == .globalMaxPool && x.elementType == .int8 { try sameQuantization(x, y) }
        case .maxUnpool:
            let (x, xs) = try data(0, [.int8, .float32])
            let (_, indices) = try data(1, [.int32])
            guard indices == xs else { throw fault(input: 1, .shape) }
            let (y, ys) = try output(0, [x.elementType])
            guard ys.batch == xs.batch && ys.channels == xs.channels && ys.spatialRank == xs.spatialRank else {
                throw mismatch(output: 0)
            }
            if x.elementType == .int8 { try sameQuantization(x, y) }
        case .add:
            let (a, shape) = try data(0, [.int8, .float32])
            let (_, bs) = try data(1, [a.elementType])
            guard bs == shape else { throw fault(input: 1, .shape) }
            let (_, ys) = try output(0, [a.elementType])
            try expectShape(output: 0, ys, shape)
        case .concat:
            let (first, fs) = try data(0, [.int8, .float32])
            var expected = fs
            for k in 1..<node.inputs.count {
                let (_, s) = try data(k, [first.elementType])
                var other = s
                other.channels = fs.channels
                guard other == fs else { throw fault(input: k, .shape) }
                let (sum, overflow) = expected.channels.addingReportingOverflow(s.channels)
                guard !overflow else { throw fault(input: k, .shape) }
                expected.channels = sum
            }
            let (_, ys) = try output(0, [first.elementType])
            try expectShape(output: 0, ys, expected)
        case .reshape:
            let (x, _) = try data(0, [.int8, .float32, .int32])
            let (y, _) = try output(0, [x.elementType])
            guard y.elementCount == x.elementCount else { throw mismatch(output: 0) }
            if x.elementType == .int8 { try sameQuantization(x, y) }
        case .quantize, .dequantize, .requantize, .clamp, .softmax:
            let types: ([ElementType], [ElementType])
            switch node.op {
            case .quantize: types = ([.float32], [.int8])
            case .dequantize: types = ([.int8], [.float32])
            case .requantize: types = ([.int8], [.int8])
            case .softmax: types = ([.float32], [.float32])
            default: types = ([.int8, .float32], [])
            }
            let (x, xs) = try data(0, types.0)
            let (y, ys) = try output(0, types.1.isEmpty ? [x.elementType] : types.1)
            try expectShape(output: 0, ys, xs)
            if node.op == .clamp && x.elementType == .int8 { try sameQuantization(x, y) }
        }
    }

    /// CONV, DEPTHWISE_CONV, FULLY_CONNECTED.
    func validateConv() throws(ModelError) {
        let (x, xs) = try data(0, [.int8, .float32])
        let isInt8 = x.elementType == .int8
        let w = try constant(1, isInt8 ? .int8 : .float32, rank: node.op == .fullyConnected ? 2 : 4)
        let (_, ys) = try output(0, isInt8 ? [.int8, .float32] : [.float32])
        let outputChannels: Int
        var expected: ActivationShape
        switch node.parameters {
        case .conv(let p), .depthwiseConv(let p, _):
            guard xs.spatialRank == p.stride.rank else { throw fault(input: 0, .shape) }
            let isDepthwise = node.op == .depthwiseConv
            if isDepthwise { guard w.shape[0] == 1 else { throw fault(input: 1, .shape) } }
            let filter = FilterShape(outputChannels: w.shape[0], height: w.shape[1], width: w.shape[2], inputChannels: w.shape[3])
            if xs.spatialRank == 1 { guard filter.height == 1 else { throw fault(input: 1, .shape) } }
            let window = xs.spatialRank == 2 ? Spatial(filter.height, filter.width) : Spatial(filter.width)
            guard CStructs.geometryFits(p.poolParameters(kernel: window), input: xs) else {
                throw kernel(.malformedShape(.input, xs))
            }
            do throws(KernelError) {
                if case .depthwiseConv(_, let m) = node.parameters {
                    let (geometry, channels) = try depthwiseGeometry(xs, filter, depthMultiplier: m, parameters: p)
                    expected = geometry.output
                    outputChannels = channels
                } else {
                    expected = try convGeometry(xs, filter, groups: p.groups, parameters: p).output
                    outputChannels = filter.outputChannels
                }
            } catch {
                throw self.kernel(error)
            }
            expected.channels = outputChannels
            let taps = filter.height * filter.width * (isDepthwise ? 1 : filter.inputChannels)
            if isInt8 && taps > maximumAccumulatorTaps {
                throw self.kernel(.accumulatorOverflow(taps: taps, limit: maximumAccumulatorTaps))
            }
        default:
            guard xs == .nwc(xs.batch, 1, xs.channels) else { throw fault(input: 0, .shape) }
            guard w.shape[1] == xs.channels else { throw fault(input: 1, .shape) }
            outputChannels = w.shape[0]
            expected = .nwc(xs.batch, 1, outputChannels)
            if isInt8 && xs.channels > maximumAccumulatorTaps {
                throw kernel(.accumulatorOverflow(taps: xs.channels, limit: maximumAccumulatorTaps))
            }
        }
        if isInt8 && w.channelScaleCount != 0 && w.channelScaleCount != outputChannels {
            throw fault(input: 1, .quantization)
        }
        if node.inputs.count == 3 && node.inputs[2] != nil {
            let bias = try constant(2, isInt8 ? .int32 : .float32, rank: 1)
            guard bias.shape[0] == outputChannels else { throw fault(input: 2, .shape) }
        }
        try expectShape(output: 0, ys, expected)
    }

    /// MAX_POOL, AVERAGE_POOL, LP_POOL.
    func validatePool() throws(ModelError) {
        let (x, xs) = try data(0, [.int8, .float32])
        let (y, ys) = try output(0, [x.elementType])
        guard case .pool(let p, _) = node.parameters else { return }
        guard p.window.rank == xs.spatialRank else { throw fault(input: 0, .shape) }
        guard CStructs.geometryFits(p, input: xs) else { throw kernel(.malformedShape(.input, xs)) }
        let plan: PoolPlan
        do throws(KernelError) {
            plan = try PoolPlan(input: xs, parameters: p)
        } catch {
            throw kernel(error)
        }
        try expectShape(output: 0, ys, plan.output)
        if node.op == .maxPool && x.elementType == .int8 { try sameQuantization(x, y) }
        if node.op == .averagePool && x.elementType == .int8 && plan.maximumWindowCells > 65536 {
            throw kernel(.unsupported(.windowCells, value: plan.maximumWindowCells))
        }
        if node.outputs.count == 2 {
            let (_, indices) = try output(1, [.int32])
            try expectShape(output: 1, indices, plan.output)
        }
    }
}
