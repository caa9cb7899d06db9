import Octet

extension ONNXImporter {
    /// A standalone clamp (fused into its producer later when possible).
    mutating func importClamp(_ n: ONNXNodeContext, activation clamp: FusedActivation) throws(ImportError) {
        let x = try activation(n, 0)
        guard let out = output(n, 0) else { return }
        let y = addActivation(named: out, onnxShape: x.onnxShape, layout: x.layout)
        emit(n, .clamp(clamp), inputs: [x.tensor], outputs: [y])
    }

    /// Clip: bounds from the optional constant inputs min/max (opset ≥ 11) or the min/max
    /// attributes; [0, +∞) is relu, [0, 6] relu6, anything else a general clamp.
    mutating func importClip(_ n: ONNXNodeContext) throws(ImportError) {
        var lo = try n.float("min", default: -.infinity), hi = try n.float("max", default: .infinity)
        for (k, isMin) in [(1, true), (2, false)] {
            guard let t = try optionalConstant(n, k) else { continue }
            let v = try floats(n, t)
            guard v.count == 1 else { throw n.mismatch("\(isMin ? "min" : "max") '\(t.name)' must be a scalar, has \(v.count) values") }
            if isMin { lo = v[0] } else { hi = v[0] }
        }
        guard !lo.isNaN && !hi.isNaN && lo <= hi else { throw n.unsupported("min/max", "[\(lo), \(hi)]") }
        let activation: FusedActivation
        switch (lo, hi) {
        case (0, .infinity): activation = .relu
        case (0, 6): activation = .relu6
        default: activation = .clamp(min: lo, max: hi)
        }
        try importClamp(n, activation: activation)
    }

    /// Add of two activations of one shape, or of an activation and a constant folded into the
    /// producing Conv/Gemm/MatMul's bias. Broadcasting is not supported.
    mutating func importAdd(_ n: ONNXNodeContext) throws(ImportError) {
        guard n.node.inputs.count == 2 else { throw n.mismatch("Add takes 2 inputs") }
        if let c = constants[n.node.inputs[1]] ?? constants[n.node.inputs[0]] {
            let other = constants[n.node.inputs[1]] != nil ? 0 : 1
            let x = try activation(n, other)
            guard try foldBiasAdd(n, value: x, constant: c) else {
                throw n.unsupported("input '\(c.name)'", "a constant of shape \(c.dims) (a constant is only supported as the bias of a Conv, Gemm or MatMul whose output nothing else reads)")
            }
            return
        }
        let a = try activation(n, 0), b = try activation(n, 1)
        guard a.onnxShape == b.onnxShape, a.layout == b.layout else {
            throw n.mismatch("inputs have shapes \(a.onnxShape) and \(b.onnxShape); broadcasting is not supported")
        }
        guard let out = output(n, 0) else { return }
        let y = addActivation(named: out, onnxShape: a.onnxShape, layout: a.layout)
        emit(n, .add(.none), inputs: [a.tensor, b.tensor], outputs: [y])
    }

    /// Concat along the channel axis (1, or −1 for [N, F]).
    mutating func importConcat(_ n: ONNXNodeContext) throws(ImportError) {
        var parts: [ImportedValue] = []
        for k in n.node.inputs.indices { parts.append(try activation(n, k)) }
        guard let first = parts.first else { throw n.mismatch("Concat has no input") }
        let rank = first.onnxShape.count
        var axis = try n.int("axis", default: 1)
        if axis < 0 { axis += rank }
        guard axis == 1 else { throw n.unsupported("axis", "\(axis) (only the channel axis 1)") }
        var channels = 0
        for p in parts {
            guard p.layout == first.layout, p.onnxShape.count == rank,
                  p.onnxShape[0] == first.onnxShape[0], p.onnxShape[2...] == first.onnxShape[2...]
            else {
                throw n.mismatch("inputs have shapes \(parts.map(\.onnxShape)); they must agree on every axis but 1")
            }
            if case .flattenedChannelsFirst = p.layout { throw n.unsupported("input", "a flattened channels-first tensor") }
            channels += p.onnxShape[1]
        }
        guard let out = output(n, 0) else { return }
        var shape = first.onnxShape
        shape[1] = channels
        let y = addActivation(named: out, onnxShape: shape, layout: first.layout)
        emit(n, .concat, inputs: parts.map(\.tensor), outputs: [y])
    }

    /// BatchNormalization (inference) as a per-channel affine y = a·x + b, a = scale/√(var + ε),
    /// b = B − mean·a (Double, one rounding each): a 1×1 depthwise conv, folded into the preceding
    /// Conv/Gemm by `optimizeImportedGraph` when nothing else reads that node's output.
    mutating func importBatchNormalization(_ n: ONNXNodeContext) throws(ImportError) {
        if try n.int("training_mode", default: 0) != 0 { throw n.unsupported("training_mode", "1") }
        let x = try activation(n, 0)
        let channels = x.onnxShape[1]
        var params: [[Float]] = []
        for k in 1...4 {
            let t = try constant(n, k)
            let v = try floats(n, t)
            guard v.count == channels else { throw n.mismatch("'\(t.name)' has \(v.count) values; the input has \(channels) channels") }
            params.append(v)
        }
        let epsilon = Double(try n.float("epsilon", default: 1e-5))
        var a = [Float](repeating: 0, count: channels), b = a
        for c in 0..<channels {
            let s = Double(params[0][c]) / (Double(params[3][c]) + epsilon).squareRoot()
            a[c] = Float(s)
            b[c] = Float(Double(params[1][c]) - Double(params[2][c]) * s)
        }
        if case .flattenedChannelsFirst = x.layout { throw n.unsupported("input", "a flattened channels-first tensor") }
        let rank: Int
        if case .channelsFirst(let s) = x.layout { rank = s } else { rank = 1 }
        guard rank <= 2 else { throw n.unsupported("input", "shape \(x.onnxShape) (3-D BatchNormalization)") }
        let wIndex = addConstant(named: n.node.inputs[1], shape: rank == 1 ? [1, 1, 1, channels] : [1, 1, 1, channels], data: .float32(a))
        let bIndex = addConstant(named: n.node.inputs[2], shape: [channels], data: .float32(b))
        guard let out = output(n, 0) else { return }
        let y = addActivation(named: out, onnxShape: x.onnxShape, layout: x.layout)
        let p = Conv2DParameters(stride: .uniform(1, rank: rank))
        emit(n, .depthwiseConv(p, multiplier: 1), inputs: [x.tensor, wIndex, bIndex], outputs: [y])
    }

    /// Softmax over the channel axis: [N, F] with axis 1/−1, or [N, C, spatial...] with axis 1
    /// (opset ≥ 13; earlier opsets coerce to 2-D, the same when the spatial extents are 1).
    mutating func importSoftmax(_ n: ONNXNodeContext) throws(ImportError) {
        let x = try activation(n, 0)
        let rank = x.onnxShape.count
        var axis = try n.int("axis", default: opset >= 13 ? -1 : 1)
        if axis < 0 { axis += rank }
        let spatialCount = x.onnxShape.dropFirst(2).reduce(1, *)
        let channelAxis = axis == 1 && (opset >= 13 || spatialCount == 1)
        let lastOfFeatures = rank == 2 && axis == 1
        guard channelAxis || lastOfFeatures else { throw n.unsupported("axis", "\(axis) on shape \(x.onnxShape) (only the channel axis)") }
        if case .flattenedChannelsFirst = x.layout {
            // Softmax over all features: the permutation does not change it.
        }
        guard let out = output(n, 0) else { return }
        let y = addActivation(named: out, onnxShape: x.onnxShape, layout: x.layout)
        emit(n, .softmax, inputs: [x.tensor], outputs: [y])
    }
}
