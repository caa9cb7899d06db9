// The kernel behind each node: prepared once at load (`prepare`), executed by `run` (`execute`).

/// A node's prepared kernel.
enum PreparedKernel {
    case conv(Conv2DPlan)
    case depthwiseConv(DepthwiseConv2DPlan)
    case fullyConnected(FullyConnectedPlan)
    /// Int8 conv / depthwise / fully connected with a float32 output.
    case dequantized(DequantizedConv2DPlan)
    case convFloat(FilterShape, Conv2DParameters)
    case depthwiseConvFloat(FilterShape, multiplier: Int, Conv2DParameters)
    case fullyConnectedFloat(outputFeatures: Int, FusedActivation)
    case maxPool(PoolPlan, FusedActivation)
    case averagePool(PoolPlan, countIncludePad: Bool, FusedActivation)
    case lpPool(PoolParameters, p: Float)
    case globalAveragePool
    case globalMaxPool
    case maxUnpool
    case add(FusedActivation)
    case concat
    case reshape
    case quantize
    case dequantize
    case requantize
    case clamp(FusedActivation)
    case softmax
}

extension Interpreter {
    /// Builds node `n`'s kernel plan (the model is validated: operands have the op's kinds, types and
    /// shapes). Plan builders' own errors become `ModelError.kernelRejected`.
    static func prepare(_ model: ModelFile, node n: Int) throws(ModelError) -> PreparedKernel {
        let node = model.nodes[n]
        let tensors = model.tensors
        func fail(_ e: KernelError) -> ModelError { .kernelRejected(node: n, offset: node.parametersOffset, e) }
        guard let x = node.inputs[0] else { throw fail(.unsupported(.concatInputs, value: 0)) }
        let xt = tensors[x], yt = tensors[node.outputs[0]]
        let xs = xt.activationShape ?? .nwc(1, 1, 1)
        switch node.op {
        case .conv, .depthwiseConv, .fullyConnected:
            guard let w = node.inputs[1] else { throw fail(.unsupported(.concatInputs, value: 1)) }
            let wt = tensors[w]
            let bias = node.inputs.count == 3 ? node.inputs[2] : nil
            if xt.elementType == .float32 {
                switch node.parameters {
                case .conv(let p):
                    return .convFloat(FilterShape(outputChannels: wt.shape[0], height: wt.shape[1], width: wt.shape[2], inputChannels: wt.shape[3]), p)
                case .depthwiseConv(let p, let m):
                    return .depthwiseConvFloat(FilterShape(outputChannels: 1, height: wt.shape[1], width: wt.shape[2], inputChannels: wt.shape[3]), multiplier: m, p)
                case .activation(let a):
                    return .fullyConnectedFloat(outputFeatures: wt.shape[0], a)
                default:
                    throw fail(.unsupported(.concatInputs, value: 2))
                }
            }
            let result = prepareInt8(model, node: node, x: xt, xs: xs, w: w, bias: bias, floatOutput: yt.elementType == .float32)
            switch result {
            case .success(let kernel): return kernel
            case .failure(let e): throw fail(e)
            }
        case .maxPool, .averagePool, .lpPool:
            guard case .pool(let p, let norm) = node.parameters else { throw fail(.unsupported(.lpNorm, value: 0)) }
            let plan: PoolPlan
            do throws(KernelError) { plan = try PoolPlan(input: xs, parameters: p) } catch { throw fail(error) }
            switch node.op {
            case .maxPool: return .maxPool(plan, p.activation)
            case .averagePool: return .averagePool(plan, countIncludePad: p.countIncludePad, p.activation)
            default: return .lpPool(p, p: Float(norm))
            }
        case .globalAveragePool: return .globalAveragePool
        case .globalMaxPool: return .globalMaxPool
        case .globalLpPool:
            guard case .globalLp(let norm) = node.parameters else { throw fail(.unsupported(.lpNorm, value: 0)) }
            // Global Lp pooling is Lp pooling with a window covering the input.
            return .lpPool(PoolParameters(window: Spatial(spatialOf: xs)), p: Float(norm))
        case .maxUnpool: return .maxUnpool
        case .add:
            guard case .activation(let a) = node.parameters else { return .add(.none) }
            if xt.elementType == .int8, let b = node.inputs[1], let qa = xt.quantization, let qb = tensors[b].quantization,
                let qy = yt.quantization
            {
                do throws(KernelError) { _ = try AddPlan(input1: qa, input2: qb, output: qy, activation: a) } catch { throw fail(error) }
            }
            return .add(a)
        case .concat: return .concat
        case .reshape: return .reshape
        case .quantize: return .quantize
        case .dequantize: return .dequantize
        case .requantize: return .requantize
        case .clamp:
            guard case .activation(let a) = node.parameters else { return .clamp(.none) }
            return .clamp(a)
        case .softmax: return .softmax
        }
    }

    /// The int8 conv family: a requantizing plan, or a dequantizing one for a float32 output.
    static func prepareInt8(
        _ model: ModelFile, node: ModelNode, x: ModelTensor, xs: ActivationShape, w: Int, bias: Int?, floatOutput: Bool
    ) -> Result<PreparedKernel, KernelError> {
        let wt = model.tensors[w]
        let weights = model.constant(w, as: Int8.self)
        let biasValues = bias.map { model.constant($0, as: Int32.self) }
        let qx = x.quantization ?? .identity
        let qy = model.tensors[node.outputs[0]].quantization ?? .identity
        var scale = wt.quantization?.scale ?? 0
        let perChannel = model.channelScales(w)
        return withUnsafePointer(to: &scale) { (single: UnsafePointer<Float>) -> Result<PreparedKernel, KernelError> in
            let scales = wt.channelScaleCount > 0 ? perChannel : UnsafeBufferPointer(start: single, count: 1)
            do throws(KernelError) {
                switch node.parameters {
                case .conv(let p):
                    let f = FilterShape(outputChannels: wt.shape[0], height: wt.shape[1], width: wt.shape[2], inputChannels: wt.shape[3])
                    if floatOutput {
                        return .success(.dequantized(try DequantizedConv2DPlan(
                            input: xs, inputQuantization: qx, filter: f, weights: weights, filterScales: scales,
                            bias: biasValues, parameters: p)))
                    }
                    return .success(.conv(try Conv2DPlan(
                        input: xs, inputQuantization: qx, filter: f, weights: weights, filterScales: scales,
                        bias: biasValues, outputQuantization: qy, parameters: p)))
                case .depthwiseConv(let p, let m):
                    let f = FilterShape(outputChannels: 1, height: wt.shape[1], width: wt.shape[2], inputChannels: wt.shape[3])
                    if floatOutput {
                        return .success(.dequantized(try DequantizedConv2DPlan(
                            depthwiseInput: xs, inputQuantization: qx, filter: f, depthMultiplier: m, weights: weights,
                            filterScales: scales, bias: biasValues, parameters: p)))
                    }
                    return .success(.depthwiseConv(try DepthwiseConv2DPlan(
                        input: xs, inputQuantization: qx, filter: f, depthMultiplier: m, weights: weights,
                        filterScales: scales, bias: biasValues, outputQuantization: qy, parameters: p)))
                case .activation(let a):
                    if floatOutput {
                        return .success(.dequantized(try DequantizedConv2DPlan(
                            fullyConnectedInput: xs, inputQuantization: qx, outputFeatures: wt.shape[0], weights: weights,
                            filterScales: scales, bias: biasValues, activation: a)))
                    }
                    return .success(.fullyConnected(try FullyConnectedPlan(
                        inputFeatures: xs.channels, outputFeatures: wt.shape[0], inputQuantization: qx, weights: weights,
                        filterScales: scales, bias: biasValues, outputQuantization: qy, activation: a)))
                default:
                    return .failure(.unsupported(.concatInputs, value: 0))
                }
            } catch {
                return .failure(error)
            }
        }
    }

    /// Activation tensor `t`'s view in the arena at `base`.
    @inline(__always)
    func view<T>(_ t: Int, _ base: UnsafeMutableRawPointer, as: T.Type) -> Tensor<T> {
        let tensor = model.tensors[t]
        let p = (base + (model.memoryPlan.offsets[t] ?? 0)).assumingMemoryBound(to: T.self)
        return Tensor(
            UnsafeBufferPointer(start: p, count: tensor.elementCount), shape: tensor.activationShape ?? .nwc(1, 1, 1),
            quantization: tensor.quantization ?? .identity)
    }

    @inline(__always)
    func mutableView<T>(_ t: Int, _ base: UnsafeMutableRawPointer, as: T.Type) -> MutableTensor<T> {
        let tensor = model.tensors[t]
        let p = (base + (model.memoryPlan.offsets[t] ?? 0)).assumingMemoryBound(to: T.self)
        return MutableTensor(
            UnsafeMutableBufferPointer(start: p, count: tensor.elementCount), shape: tensor.activationShape ?? .nwc(1, 1, 1),
            quantization: tensor.quantization ?? .identity)
    }

    /// Runs node `n`'s kernel on the arena at `base`.
    func execute(_ n: Int, _ base: UnsafeMutableRawPointer) throws(KernelError) {
        let node = model.nodes[n]
        let x = node.inputs[0] ?? 0, y = node.outputs[0]
        let isFloat = model.tensors[x].elementType == .float32
        switch kernels[n] {
        case .conv(let plan):
            try conv2D(view(x, base, as: Int8.self), into: mutableView(y, base, as: Int8.self), plan: plan)
        case .depthwiseConv(let plan):
            try depthwiseConv2D(view(x, base, as: Int8.self), into: mutableView(y, base, as: Int8.self), plan: plan)
        case .fullyConnected(let plan):
            try fullyConnected(view(x, base, as: Int8.self), into: mutableView(y, base, as: Int8.self), plan: plan)
        case .dequantized(let plan):
            try conv2D(view(x, base, as: Int8.self), into: mutableView(y, base, as: Float.self), plan: plan)
        case .convFloat(let filter, let p):
            try conv2D(
                view(x, base, as: Float.self), filter: filter, weights: model.constant(node.inputs[1] ?? 0, as: Float.self),
                bias: floatBias(node), into: mutableView(y, base, as: Float.self), parameters: p)
        case .depthwiseConvFloat(let filter, let m, let p):
            try depthwiseConv2D(
                view(x, base, as: Float.self), filter: filter, depthMultiplier: m,
                weights: model.constant(node.inputs[1] ?? 0, as: Float.self), bias: floatBias(node),
                into: mutableView(y, base, as: Float.self), parameters: p)
        case .fullyConnectedFloat(let outputs, let a):
            try fullyConnected(
                view(x, base, as: Float.self), weights: model.constant(node.inputs[1] ?? 0, as: Float.self),
                outputFeatures: outputs, bias: floatBias(node), into: mutableView(y, base, as: Float.self), activation: a)
        case .maxPool(let plan, let a):
            let indices = node.outputs.count == 2 ? mutableView(node.outputs[1], base, as: Int32.self) : nil
            if isFloat {
                try maxPool(view(x, base, as: Float.self), into: mutableView(y, base, as: Float.self), indices: indices, plan: plan, activation: a)
            } else {
                try maxPool(view(x, base, as: Int8.self), into: mutableView(y, base, as: Int8.self), indices: indices, plan: plan, activation: a)
            }
        case .averagePool(let plan, let includePad, let a):
            if isFloat {
                try averagePool(view(x, base, as: Float.self), into: mutableView(y, base, as: Float.self), plan: plan, countIncludePad: includePad, activation: a)
            } else {
                try averagePool(view(x, base, as: Int8.self), into: mutableView(y, base, as: Int8.self), plan: plan, countIncludePad: includePad, activation: a)
            }
        case .lpPool(let p, let norm):
            if isFloat {
                try lpPool(view(x, base, as: Float.self), into: mutableView(y, base, as: Float.self), p: norm, parameters: p)
            } else {
                try lpPool(view(x, base, as: Int8.self), into: mutableView(y, base, as: Int8.self), p: norm, parameters: p)
            }
        case .globalAveragePool:
            if isFloat {
                try globalAveragePool(view(x, base, as: Float.self), into: mutableView(y, base, as: Float.self))
            } else {
                try globalAveragePool(view(x, base, as: Int8.self), into: mutableView(y, base, as: Int8.self))
            }
        case .globalMaxPool:
            if isFloat {
                try globalMaxPool(view(x, base, as: Float.self), into: mutableView(y, base, as: Float.self))
            } else {
                try globalMaxPool(view(x, base, as: Int8.self), into: mutableView(y, base, as: Int8.self))
            }
        case .maxUnpool:
            let indices = view(node.inputs[1] ?? 0, base, as: Int32.self)
            if isFloat {
                try maxUnpool(view(x, base, as: Float.self), indices: indices, into: mutableView(y, base, as: Float.self))
            } else {
                try maxUnpool(view(x, base, as: Int8.self), indices: indices, into: mutableView(y, base, as: Int8.self))
            }
        case .add(let a):
            let b = node.inputs[1] ?? 0
            if isFloat {
                try add(view(x, base, as: Float.self), view(b, base, as: Float.self), into: mutableView(y, base, as: Float.self), activation: a)
            } else {
                try add(view(x, base, as: Int8.self), view(b, base, as: Int8.self), into: mutableView(y, base, as: Int8.self), activation: a)
            }
        case .concat:
            let count = node.inputs.count
            if isFloat {
                for k in 0..<count { floatViews[k] = view(node.inputs[k] ?? 0, base, as: Float.self) }
                try concatenateChannels(
                    UnsafeBufferPointer(rebasing: floatViews[0..<count]), into: mutableView(y, base, as: Float.self))
            } else {
                for k in 0..<count { int8Views[k] = view(node.inputs[k] ?? 0, base, as: Int8.self) }
                try concatenateChannels(
                    UnsafeBufferPointer(rebasing: int8Views[0..<count]), into: mutableView(y, base, as: Int8.self))
            }
        case .reshape:
            let bytes = model.tensors[x].byteCount
            (base + (model.memoryPlan.offsets[y] ?? 0)).copyMemory(from: base + (model.memoryPlan.offsets[x] ?? 0), byteCount: bytes)
        case .quantize:
            try quantize(view(x, base, as: Float.self), into: mutableView(y, base, as: Int8.self))
        case .dequantize:
            try dequantize(view(x, base, as: Int8.self), into: mutableView(y, base, as: Float.self))
        case .requantize:
            try requantize(view(x, base, as: Int8.self), into: mutableView(y, base, as: Int8.self))
        case .clamp(let a):
            if isFloat {
                try clamp(view(x, base, as: Float.self), into: mutableView(y, base, as: Float.self), activation: a)
            } else {
                try clamp(view(x, base, as: Int8.self), into: mutableView(y, base, as: Int8.self), activation: a)
            }
        case .softmax:
            try softmax(view(x, base, as: Float.self), into: mutableView(y, base, as: Float.self))
        }
    }

    /// A float32 conv family node's bias in place, if it has one.
    func floatBias(_ node: ModelNode) -> UnsafeBufferPointer<Float>? {
        guard node.inputs.count == 3, let b = node.inputs[2] else { return nil }
        return model.constant(b, as: Float.self)
    }
}
