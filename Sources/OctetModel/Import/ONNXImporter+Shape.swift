import Octet

extension ONNXImporter {
    /// Flatten(axis): [d0…d(a−1), da…] → [Π d0…d(a−1), Π da…].
    mutating func importFlatten(_ n: ONNXNodeContext) throws(ImportError) {
        let x = try activation(n, 0)
        let rank = x.onnxShape.count
        var axis = try n.int("axis", default: 1)
        if axis < 0 { axis += rank }
        guard axis >= 0 && axis <= rank else { throw n.unsupported("axis", "\(axis)") }
        let target = [x.onnxShape[0..<axis].reduce(1, *), x.onnxShape[axis...].reduce(1, *)]
        try reshape(n, x, to: target)
    }

    /// Reshape (constant shape; 0 copies the input's extent unless allowzero, −1 is inferred),
    /// Squeeze and Unsqueeze (axes as attribute or constant input).
    mutating func importReshape(_ n: ONNXNodeContext) throws(ImportError) {
        let x = try activation(n, 0)
        let rank = x.onnxShape.count
        var target: [Int]
        switch n.node.opType {
        case "Reshape":
            guard let t = try optionalConstant(n, 1) else { throw .notConstant(node: n.name, opType: "Reshape", input: n.node.inputs.count > 1 ? n.node.inputs[1] : "shape") }
            let spec = try integers(n, t).map { Int(clamping: $0) }
            let allowZero = try n.int("allowzero", default: 0) != 0
            target = []
            for (i, d) in spec.enumerated() {
                if d == 0 && !allowZero {
                    guard i < rank else { throw n.mismatch("shape \(spec): 0 at axis \(i) has no input extent to copy") }
                    target.append(x.onnxShape[i])
                } else {
                    target.append(d)
                }
            }
            let total = x.onnxShape.reduce(1, *)
            let inferred = target.indices.filter { target[$0] == -1 }
            guard inferred.count <= 1, target.allSatisfy({ $0 >= 1 || $0 == -1 }) else {
                throw n.unsupported("shape", "\(spec)")
            }
            if let i = inferred.first {
                let known = target.filter { $0 != -1 }.reduce(1, *)
                guard known > 0 && total % known == 0 else { throw n.mismatch("cannot reshape \(x.onnxShape) to \(spec)") }
                target[i] = total / known
            }
            guard target.reduce(1, *) == total else { throw n.mismatch("cannot reshape \(x.onnxShape) to \(spec)") }
        case "Squeeze":
            var axes = try n.ints("axes")
            if axes == nil, let t = try optionalConstant(n, 1) { axes = try integers(n, t).map { Int(clamping: $0) } }
            let normalized = Set((axes ?? x.onnxShape.indices.filter { x.onnxShape[$0] == 1 }).map { $0 < 0 ? $0 + rank : $0 })
            guard normalized.allSatisfy({ $0 >= 0 && $0 < rank && x.onnxShape[$0] == 1 }) else {
                throw n.unsupported("axes", "\(axes ?? []) on shape \(x.onnxShape)")
            }
            target = x.onnxShape.indices.filter { !normalized.contains($0) }.map { x.onnxShape[$0] }
        default:
            var axes = try n.ints("axes")
            if axes == nil, let t = try optionalConstant(n, 1) { axes = try integers(n, t).map { Int(clamping: $0) } }
            guard let axes else { throw .invalidAttribute(node: n.name, opType: "Unsqueeze", attribute: "axes", reason: "missing") }
            let outRank = rank + axes.count
            let normalized = Set(axes.map { $0 < 0 ? $0 + outRank : $0 })
            guard normalized.count == axes.count, normalized.allSatisfy({ $0 >= 0 && $0 < outRank }) else {
                throw n.unsupported("axes", "\(axes)")
            }
            var rest = x.onnxShape.makeIterator()
            target = (0..<outRank).map { normalized.contains($0) ? 1 : rest.next()! }
        }
        try reshape(n, x, to: target)
    }

    /// Gives `x` the ONNX shape `target` where Octet's element order allows it without moving data:
    /// [N, C, spatial...] → [N, C·S] (a Flatten: `.flattenedChannelsFirst` unless S = 1), [N, F] →
    /// [N, F, 1, ...], or the same shape. Anything else would need a transpose: unsupported.
    mutating func reshape(_ n: ONNXNodeContext, _ x: ImportedValue, to target: [Int]) throws(ImportError) {
        guard let out = output(n, 0) else { return }
        if target == x.onnxShape {
            values[out] = x
            return
        }
        let batch = x.onnxShape[0]
        let spatialCount = x.onnxShape.dropFirst(2).reduce(1, *)
        let layout: BoundaryLayout
        switch (target.count, x.layout) {
        case (2, .channelsFirst) where target[0] == batch:
            layout = spatialCount == 1 ? .features : .flattenedChannelsFirst(channels: x.onnxShape[1], spatialCount: spatialCount)
        case (3...5, _) where target[0] == batch && target.dropFirst(2).allSatisfy({ $0 == 1 }):
            // One cell per plane: channels-last and channels-first orders coincide.
            if case .flattenedChannelsFirst(_, let s) = x.layout, s > 1 { fallthrough }
            if case .channelsFirst = x.layout, spatialCount > 1 { fallthrough }
            layout = .channelsFirst(spatialRank: target.count - 2)
        default:
            throw n.unsupported("shape", "\(target) from \(x.onnxShape) (it would reorder channels-last data)")
        }
        let y = addActivation(named: out, onnxShape: target, layout: layout)
        emit(n, .reshape, inputs: [x.tensor], outputs: [y])
    }
}
