import Octet

/// A case's kernel, with its plan built (weights packed) once for all vectors.
enum PreparedKernel {
    case conv(Conv2DPlan)
    case depthwise(DepthwiseConv2DPlan)
    case fullyConnected(FullyConnectedPlan)
    case maxPool(PoolParameters)
    case avgPool(PoolParameters)
    case mean(FusedActivation)
    case globalAveragePool(FusedActivation)
    case add(FusedActivation)

    /// Builds the plan and checks the case's output shape against the one Octet computes.
    init(_ c: CheckedCase) throws(ConformanceError) {
        do throws(KernelError) {
            self = try Self.plan(c)
        } catch {
            throw .kernelRejected(file: c.file, field: error.caseField, error: error)
        }
        let computed: ActivationShape?
        switch self {
        case .conv(let plan): computed = plan.output
        case .depthwise(let plan): computed = plan.output
        case .maxPool(let p), .avgPool(let p):
            do throws(KernelError) {
                computed = try PoolPlan(input: c.input, parameters: p).output
            } catch {
                throw .kernelRejected(file: c.file, field: error.caseField, error: error)
            }
        case .fullyConnected, .mean, .globalAveragePool, .add: computed = nil  // validation fixed the output shape
        }
        if let computed, computed != c.output {
            let dims = [computed.batch, computed.height, computed.width, computed.channels]
            throw .layoutMismatch(
                file: c.file, field: "output.shape",
                reason: "is \(c.outputDims); Octet computes \(dims) for this input, filter and params")
        }
    }

    private static func plan(_ c: CheckedCase) throws(KernelError) -> PreparedKernel {
        switch c.kernel {
        case .conv(let filter, let weights, let scales, let bias, let parameters):
            return .conv(try weights.withUnsafeBufferPointer { (w) throws(KernelError) in
                try scales.withUnsafeBufferPointer { (s) throws(KernelError) in
                    try withOptionalBuffer(bias) { (b) throws(KernelError) in
                        try Conv2DPlan(
                            input: c.input, inputQuantization: c.inputQuantization, filter: filter, weights: w,
                            filterScales: s, bias: b, outputQuantization: c.outputQuantization, parameters: parameters)
                    }
                }
            })
        case .depthwise(let filter, let multiplier, let weights, let scales, let bias, let parameters):
            return .depthwise(try weights.withUnsafeBufferPointer { (w) throws(KernelError) in
                try scales.withUnsafeBufferPointer { (s) throws(KernelError) in
                    try withOptionalBuffer(bias) { (b) throws(KernelError) in
                        try DepthwiseConv2DPlan(
                            input: c.input, inputQuantization: c.inputQuantization, filter: filter,
                            depthMultiplier: multiplier, weights: w, filterScales: s, bias: b,
                            outputQuantization: c.outputQuantization, parameters: parameters)
                    }
                }
            })
        case .fullyConnected(let inputs, let outputs, let weights, let scales, let bias, let activation):
            return .fullyConnected(try weights.withUnsafeBufferPointer { (w) throws(KernelError) in
                try scales.withUnsafeBufferPointer { (s) throws(KernelError) in
                    try withOptionalBuffer(bias) { (b) throws(KernelError) in
                        try FullyConnectedPlan(
                            inputFeatures: inputs, outputFeatures: outputs, inputQuantization: c.inputQuantization,
                            weights: w, filterScales: s, bias: b, outputQuantization: c.outputQuantization,
                            activation: activation)
                    }
                }
            })
        case .maxPool(let p): return .maxPool(p)
        case .avgPool(let p): return .avgPool(p)
        case .mean(let activation): return .mean(activation)
        case .globalAveragePool(let activation): return .globalAveragePool(activation)
        case .add(let activation): return .add(activation)
        }
    }

    /// Runs one vector: Octet's output (and indices when the vector expects them).
    func run(_ c: CheckedCase, _ v: CheckedVector) throws(KernelError) -> (output: [Int8], indices: [Int32]?) {
        var y = [Int8](repeating: 0, count: c.output.elementCount)
        var indices = v.indices.map { [Int32](repeating: -1, count: $0.count) }
        try v.input.withUnsafeBufferPointer { (xp) throws(KernelError) in
            let x = Tensor(xp, shape: c.input, quantization: c.inputQuantization)
            try y.withUnsafeMutableBufferPointer { (yp) throws(KernelError) in
                let out = MutableTensor(yp, shape: c.output, quantization: c.outputQuantization)
                switch self {
                case .conv(let plan): try Octet.conv2D(x, into: out, plan: plan)
                case .depthwise(let plan): try Octet.depthwiseConv2D(x, into: out, plan: plan)
                case .fullyConnected(let plan): try Octet.fullyConnected(x, into: out, plan: plan)
                case .maxPool(let p):
                    if indices == nil {
                        try Octet.maxPool(x, into: out, parameters: p)
                    } else {
                        try indices!.withUnsafeMutableBufferPointer { (ip) throws(KernelError) in
                            try Octet.maxPool(x, into: out, indices: MutableTensor(ip, shape: c.output), parameters: p)
                        }
                    }
                case .avgPool(let p): try Octet.averagePool(x, into: out, parameters: p)
                // TFLite's MEAN arithmetic (folded 1/n multiplier); with a fused clamp, which MEAN
                // does not have, the one-rounding global average pool.
                case .mean(let activation):
                    if activation == .none {
                        try Octet.mean(x, into: out)
                    } else {
                        try Octet.globalAveragePool(x, into: out, activation: activation)
                    }
                case .globalAveragePool(let activation): try Octet.globalAveragePool(x, into: out, activation: activation)
                case .add(let activation):
                    try v.input2!.withUnsafeBufferPointer { (bp) throws(KernelError) in
                        let x2 = Tensor(bp, shape: c.input, quantization: c.input2Quantization)
                        try Octet.add(x, x2, into: out, activation: activation)
                    }
                }
            }
        }
        return (y, indices)
    }
}

/// Calls `body` with a buffer over `values`, or nil.
private func withOptionalBuffer<T, R>(
    _ values: [T]?, _ body: (UnsafeBufferPointer<T>?) throws(KernelError) -> R
) throws(KernelError) -> R {
    guard let values else { return try body(nil) }
    return try values.withUnsafeBufferPointer { (p) throws(KernelError) in try body(p) }
}
