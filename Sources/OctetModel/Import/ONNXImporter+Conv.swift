import Octet

extension ONNXImporter {
    /// Conv (1-D and 2-D): weights OIHW [O, C/g, kh, kw] → OHWI [O, kh, kw, C/g]; group = C with
    /// one input channel per group → depthwise, weights [1, kh, kw, C·M] with w[0, ky, kx, oc] =
    /// W[oc, 0, ky, kx]; optional bias [O].
    mutating func importConv(_ n: ONNXNodeContext) throws(ImportError) {
        let x = try activation(n, 0)
        guard case .channelsFirst(let rank) = x.layout, rank == 1 || rank == 2 else {
            throw n.mismatch("input '\(n.node.inputs[0])' has shape \(x.onnxShape); Conv takes [N, C, L] or [N, C, H, W]")
        }
        let w = try constant(n, 1)
        let wValues = try floats(n, w)
        guard w.dims.count == rank + 2, w.dims.allSatisfy({ $0 >= 1 && $0 <= Int64(Int32.max) }) else {
            throw n.mismatch("weights '\(w.name)' have shape \(w.dims); expected \(rank + 2) positive dimensions")
        }
        let dims = w.dims.map { Int($0) }
        let (o, cg) = (dims[0], dims[1])
        let kernel = Array(dims[2...])
        if let k = try n.ints("kernel_shape"), k != kernel {
            throw n.unsupported("kernel_shape", "\(k) (the weights are \(kernel))")
        }
        let c = x.onnxShape[1]
        let groups = try n.int("group", default: 1)
        guard groups >= 1, c == cg * groups, o % groups == 0 else {
            throw n.mismatch("input has \(c) channels, weights '\(w.name)' are \(dims) with group \(groups): expected C = \(cg)·group and O divisible by group")
        }
        let bias = try optionalConstant(n, 2).map { t throws(ImportError) in try floats(n, t) }
        if let bias, bias.count != o {
            throw n.mismatch("bias '\(n.node.inputs[2])' has \(bias.count) values; expected \(o)")
        }
        let (stride, dilation, padding) = try n.windowGeometry(rank: rank)
        let (kh, kw) = rank == 1 ? (1, kernel[0]) : (kernel[0], kernel[1])
        let taps = kh * kw
        let depthwise = groups == c && groups > 1 && cg == 1
        var parameters = Conv2DParameters(stride: stride, dilation: dilation, padding: padding)
        let weightShape: [Int]
        var packed = [Float](repeating: 0, count: wValues.count)
        if depthwise {
            // [1, kh, kw, O]: tap t of channel oc at t·O + oc.
            weightShape = [1, kh, kw, o]
            for oc in 0..<o { for t in 0..<taps { packed[t * o + oc] = wValues[oc * taps + t] } }
        } else {
            // OHWI: (oc, t, i) at (oc·taps + t)·cg + i.
            parameters.groups = groups
            weightShape = [o, kh, kw, cg]
            for oc in 0..<o {
                for i in 0..<cg { for t in 0..<taps { packed[(oc * taps + t) * cg + i] = wValues[(oc * cg + i) * taps + t] } }
            }
        }
        let outShape = try convOutputShape(n, x, kernel: spatial(kernel), parameters: parameters, channels: o)
        let wIndex = addConstant(named: w.name, shape: weightShape, data: .float32(packed))
        let bIndex = bias.map { addConstant(named: n.node.inputs[2], shape: [o], data: .float32($0)) }
        guard let out = output(n, 0) else { return }
        let y = addActivation(named: out, onnxShape: outShape, layout: x.layout)
        let op: GraphOperator = depthwise ? .depthwiseConv(parameters, multiplier: o / c) : .conv(parameters)
        emit(n, op, inputs: [x.tensor, wIndex, bIndex], outputs: [y])
    }

    /// The ONNX output shape [N, O, spatial...] of a window op over `x`, from the pooling geometry
    /// (the kernels' own output-size rule; it also rejects padding not smaller than the window).
    func convOutputShape(
        _ n: ONNXNodeContext, _ x: ImportedValue, kernel: Spatial, parameters: Conv2DParameters, channels: Int
    ) throws(ImportError) -> [Int] {
        let pool = PoolParameters(window: kernel, stride: parameters.stride, dilation: parameters.dilation, padding: parameters.padding)
        return try windowOutputShape(n, x, pool, channels: channels)
    }

    func windowOutputShape(_ n: ONNXNodeContext, _ x: ImportedValue, _ p: PoolParameters, channels: Int) throws(ImportError) -> [Int] {
        guard let shape = graph.tensors[x.tensor].activationShape else {
            throw n.mismatch("input has shape \(x.onnxShape)")
        }
        let plan: PoolPlan
        do { plan = try PoolPlan(input: shape, parameters: p) } catch { throw .kernel(node: n.name, opType: n.node.opType, error) }
        let o = plan.output
        let spatialDims = [o.depth, o.height, o.width].suffix(shape.spatialRank)
        return [o.batch, channels] + spatialDims
    }
}
