import Octet

// Validation of a decoded case: every field against its op and the shapes, before anything runs.
// Which fields each op takes (anything else present is `.unusedField`):
//   conv2d            params{stride, padding, [dilation], [activation], [filter = filter's kh, kw]},
//                     filter [O, kh, kw, C] (C = the input's channels), [bias]
//   depthwise_conv2d  as conv2d plus [params.depth_multiplier]; filter [1, kh, kw, C·M]
//   fully_connected   [params{activation}], filter [O, I], [bias]; input [batch, I], output [batch, O]
//   max_pool2d        params{filter, stride, padding, [dilation], [activation]}; [vectors[i].indices];
//                     output quantization = input quantization
//   avg_pool2d        as max_pool2d plus [params.count_include_pad], without indices
//   mean              [params{axes = [1, 2], keep_dims = true, activation}]; output [n, 1, 1, c]
//   add               input2, [params{activation}]; input, input2, output of one shape (rank 1…5)

extension ConformanceCase {
    /// Checks every field and converts the case to Octet's types. `file` names the case in errors.
    public func validated(file: String) throws(ConformanceError) -> CheckedCase {
        try CaseValidator(file: file, raw: self).check()
    }
}

private struct CaseValidator {
    let file: String
    let raw: ConformanceCase

    static let activationNames = ["none", "relu", "relu6"]
    static let paddingNames = ["same", "valid"]

    func check() throws(ConformanceError) -> CheckedCase {
        guard raw.format == ConformanceCase.currentFormat else {
            throw .unsupportedFormat(file: file, found: raw.format)
        }
        guard let op = ConformanceOp(rawValue: raw.op) else {
            throw .unknownName(file: file, field: "op", value: raw.op, allowed: ConformanceOp.allCases.map(\.rawValue))
        }
        guard !raw.source.allSatisfy(\.isWhitespace) else {
            throw .invalidValue(file: file, field: "source", reason: "is empty; name the runtime and version")
        }
        try checkPresence(op)
        let qIn = try quantization(raw.input, "input")
        let qOut = try quantization(raw.output, "output")
        let q2 = try raw.input2.map { (a) throws(ConformanceError) in try quantization(a, "input2") } ?? .identity
        let input: ActivationShape, output: ActivationShape, kernel: CheckedKernel
        switch op {
        case .conv2d, .depthwiseConv2d:
            input = try nhwc(raw.input.shape, "input")
            output = try nhwc(raw.output.shape, "output")
            kernel = try convKernel(op, input: input, output: output)
        case .fullyConnected:
            (input, output, kernel) = try fullyConnectedKernel()
        case .maxPool2d, .avgPool2d:
            input = try nhwc(raw.input.shape, "input")
            output = try nhwc(raw.output.shape, "output")
            let parameters = try poolParameters(op)
            if op == .maxPool2d && qIn != qOut {
                throw .invalidValue(
                    file: file, field: "output",
                    reason: "max_pool2d keeps the input's quantization (scale \(qIn.scale), zero point \(qIn.zeroPoint)); "
                        + "the output has scale \(qOut.scale), zero point \(qOut.zeroPoint)")
            }
            kernel = op == .maxPool2d ? .maxPool(parameters) : .avgPool(parameters)
        case .mean, .globalAvgPool2d:
            input = try nhwc(raw.input.shape, "input")
            output = try nhwc(raw.output.shape, "output")
            kernel = try meanKernel(input: input, output: output)
        case .add:
            input = try anyRank(raw.input.shape, "input")
            _ = try anyRank(raw.input2!.shape, "input2")
            output = try anyRank(raw.output.shape, "output")
            for (tensor, dims) in [("input2", raw.input2!.shape), ("output", raw.output.shape)] where dims != raw.input.shape {
                throw .layoutMismatch(
                    file: file, field: "\(tensor).shape",
                    reason: "is \(dims); add needs the shape of input.shape \(raw.input.shape) (no broadcasting)")
            }
            kernel = .add(try activation(raw.params?.activation))
        }
        let vectors = try checkVectors(op, input: input, output: output)
        return CheckedCase(
            file: file, op: op, source: raw.source, input: input, inputQuantization: qIn, input2Quantization: q2,
            output: output, outputQuantization: qOut, outputDims: raw.output.shape, kernel: kernel, vectors: vectors)
    }

    // MARK: Which fields are present

    func checkPresence(_ op: ConformanceOp) throws(ConformanceError) {
        func unused(_ field: String) -> ConformanceError { .unusedField(file: file, field: field, op: op) }
        if op == .add {
            guard raw.input2 != nil else { throw .missingField(file: file, field: "input2") }
        } else if raw.input2 != nil {
            throw unused("input2")
        }
        if op.hasFilter {
            guard raw.filter != nil else { throw .missingField(file: file, field: "filter") }
        } else {
            if raw.filter != nil { throw unused("filter") }
            if raw.bias != nil { throw unused("bias") }
        }
        guard let p = raw.params else {
            if op.needsParams { throw .missingField(file: file, field: "params") }
            return
        }
        let geometry = op == .conv2d || op == .depthwiseConv2d || op.isPool
        let present: [(String, Bool, Bool)] = [  // (key, present, taken by op)
            ("filter", p.filter != nil, geometry),
            ("stride", p.stride != nil, geometry),
            ("dilation", p.dilation != nil, geometry),
            ("padding", p.padding != nil, geometry),
            ("depth_multiplier", p.depthMultiplier != nil, op == .depthwiseConv2d),
            ("count_include_pad", p.countIncludePad != nil, op == .avgPool2d),
            ("axes", p.axes != nil, op == .mean || op == .globalAvgPool2d),
            ("keep_dims", p.keepDims != nil, op == .mean || op == .globalAvgPool2d),
        ]
        for (key, isPresent, taken) in present where isPresent && !taken { throw unused("params.\(key)") }
    }

    // MARK: Quantization and shapes

    func quantization(_ a: ConformanceCase.Activation, _ tensor: String) throws(ConformanceError) -> QuantParams {
        let scale = Float(a.scale)
        guard a.scale.isFinite, a.scale > 0, scale.isFinite, scale > 0 else {
            throw .invalidValue(file: file, field: "\(tensor).scale", reason: "\(a.scale) is not a finite positive float32")
        }
        guard (-128...127).contains(a.zeroPoint) else {
            throw .outOfRange(file: file, field: "\(tensor).zero_point", value: a.zeroPoint, range: -128...127)
        }
        return QuantParams(scale: scale, zeroPoint: Int32(a.zeroPoint))
    }

    /// Checks that `dims` has `rank` extents, each at least 1.
    func extents(_ dims: [Int], rank: Int, _ field: String, layout: String) throws(ConformanceError) {
        guard dims.count == rank else {
            throw .invalidValue(file: file, field: field, reason: "is \(dims); expected \(layout)")
        }
        for (k, d) in dims.enumerated() where d < 1 {
            throw .invalidValue(file: file, field: "\(field)[\(k)]", reason: "extent \(d); must be at least 1")
        }
    }

    /// The product of `dims` (each at least 1), if it fits Int32 indexing.
    func elementCount(_ dims: [Int], _ field: String) throws(ConformanceError) -> Int {
        var count = 1
        for d in dims {
            let (product, overflow) = count.multipliedReportingOverflow(by: d)
            guard !overflow, product <= Int(Int32.max) else {
                throw .invalidValue(file: file, field: field, reason: "\(dims) has too many elements")
            }
            count = product
        }
        return count
    }

    func wellFormed(_ shape: ActivationShape, _ dims: [Int], _ field: String) throws(ConformanceError) -> ActivationShape {
        guard shape.isWellFormed else {
            throw .invalidValue(file: file, field: field, reason: "\(dims) has too many elements")
        }
        return shape
    }

    /// [n, h, w, c].
    func nhwc(_ dims: [Int], _ tensor: String) throws(ConformanceError) -> ActivationShape {
        try extents(dims, rank: 4, "\(tensor).shape", layout: "[n, h, w, c] (NHWC)")
        return try wellFormed(.nhwc(dims[0], dims[1], dims[2], dims[3]), dims, "\(tensor).shape")
    }

    /// Add's operands: rank 1…5, read as [c], [n, c], [n, w, c], [n, h, w, c], [n, d, h, w, c].
    func anyRank(_ dims: [Int], _ tensor: String) throws(ConformanceError) -> ActivationShape {
        try extents(dims, rank: (1...5).contains(dims.count) ? dims.count : 4, "\(tensor).shape", layout: "1 to 5 extents")
        let shape: ActivationShape
        switch dims.count {
        case 1: shape = .nwc(1, 1, dims[0])
        case 2: shape = .nwc(dims[0], 1, dims[1])
        case 3: shape = .nwc(dims[0], dims[1], dims[2])
        case 4: shape = .nhwc(dims[0], dims[1], dims[2], dims[3])
        default: shape = .ndhwc(dims[0], dims[1], dims[2], dims[3], dims[4])
        }
        return try wellFormed(shape, dims, "\(tensor).shape")
    }

    // MARK: Parameters

    /// [h, w] with each value at least 1 (`defaultValue` when absent).
    func pair(_ values: [Int]?, _ field: String, default defaultValue: Spatial? = nil) throws(ConformanceError) -> Spatial {
        guard let values else {
            if let defaultValue { return defaultValue }
            throw .missingField(file: file, field: field)
        }
        guard values.count == 2 else { throw .wrongLength(file: file, field: field, expected: 2, actual: values.count) }
        for (k, v) in values.enumerated() where v < 1 {
            throw .invalidValue(file: file, field: "\(field)[\(k)]", reason: "\(v); must be at least 1")
        }
        return Spatial(values[0], values[1])
    }

    func padding(_ spec: ConformanceCase.PaddingSpec?) throws(ConformanceError) -> Padding {
        switch spec {
        case nil:
            throw .missingField(file: file, field: "params.padding")
        case .named(let name):
            switch name {
            case "same": return .same
            case "valid": return .valid
            default: throw .unknownName(file: file, field: "params.padding", value: name, allowed: Self.paddingNames)
            }
        case .explicit(let amounts):
            guard amounts.count == 4 else {
                throw .wrongLength(file: file, field: "params.padding", expected: 4, actual: amounts.count)
            }
            for (k, v) in amounts.enumerated() where v < 0 {
                throw .invalidValue(file: file, field: "params.padding[\(k)]", reason: "\(v); must not be negative")
            }
            return .explicit(begin: Spatial(amounts[0], amounts[1]), end: Spatial(amounts[2], amounts[3]))
        }
    }

    func activation(_ name: String?) throws(ConformanceError) -> FusedActivation {
        switch name ?? "none" {
        case "none": return .none
        case "relu": return .relu
        case "relu6": return .relu6
        case let other:
            throw .unknownName(file: file, field: "params.activation", value: other, allowed: Self.activationNames)
        }
    }

    /// Stride, dilation, padding and activation of a conv or depthwise case (params is present).
    func convParameters() throws(ConformanceError) -> Conv2DParameters {
        let p = raw.params!
        return Conv2DParameters(
            stride: try pair(p.stride, "params.stride"),
            dilation: try pair(p.dilation, "params.dilation", default: Spatial(1, 1)),
            padding: try padding(p.padding), activation: try activation(p.activation))
    }

    func poolParameters(_ op: ConformanceOp) throws(ConformanceError) -> PoolParameters {
        let p = raw.params!
        return PoolParameters(
            window: try pair(p.filter, "params.filter"), stride: try pair(p.stride, "params.stride"),
            dilation: try pair(p.dilation, "params.dilation", default: Spatial(1, 1)), padding: try padding(p.padding),
            countIncludePad: p.countIncludePad ?? false, activation: try activation(p.activation))
    }

    // MARK: Filter and bias

    func convKernel(_ op: ConformanceOp, input: ActivationShape, output: ActivationShape) throws(ConformanceError) -> CheckedKernel {
        let f = raw.filter!
        let dims = f.shape
        let depthwise = op == .depthwiseConv2d
        try extents(dims, rank: 4, "filter.shape", layout: depthwise ? "[1, kh, kw, C·M]" : "[out, kh, kw, in] (OHWI)")
        if let window = raw.params?.filter, window != [dims[1], dims[2]] {
            throw .layoutMismatch(
                file: file, field: "params.filter", reason: "is \(window); filter.shape \(dims) has kh, kw = [\(dims[1]), \(dims[2])]")
        }
        let parameters = try convParameters()
        let outputChannels: Int
        if depthwise {
            guard dims[0] == 1 else {
                throw .layoutMismatch(file: file, field: "filter.shape[0]", reason: "is \(dims[0]); a depthwise filter is [1, kh, kw, C·M]")
            }
            guard dims[3] % input.channels == 0 else {
                throw .layoutMismatch(
                    file: file, field: "filter.shape[3]",
                    reason: "\(dims[3]) is not a multiple of the input's \(input.channels) channels (filter [1, kh, kw, C·M])")
            }
            let multiplier = dims[3] / input.channels
            if let m = raw.params?.depthMultiplier, m != multiplier {
                throw .layoutMismatch(
                    file: file, field: "params.depth_multiplier",
                    reason: "is \(m); filter.shape[3] \(dims[3]) / input channels \(input.channels) = \(multiplier)")
            }
            outputChannels = dims[3]
        } else {
            guard dims[3] == input.channels else {
                throw .layoutMismatch(
                    file: file, field: "filter.shape[3]",
                    reason: "\(dims[3]) input channels (OHWI), but input.shape[3] is \(input.channels)")
            }
            outputChannels = dims[0]
        }
        guard output.channels == outputChannels else {
            throw .layoutMismatch(
                file: file, field: "output.shape[3]", reason: "is \(output.channels); the filter has \(outputChannels) output channels")
        }
        let shape = FilterShape(outputChannels: dims[0], height: dims[1], width: dims[2], inputChannels: dims[3])
        let weights = try int8s(f.data, count: try elementCount(dims, "filter.shape"), "filter.data")
        let scales = try filterScales(f.scales, outputChannels: outputChannels)
        let bias = try biasValues(outputChannels: outputChannels)
        return depthwise
            ? .depthwise(filter: shape, multiplier: dims[3] / input.channels, weights: weights, scales: scales, bias: bias, parameters: parameters)
            : .conv(filter: shape, weights: weights, scales: scales, bias: bias, parameters: parameters)
    }

    func fullyConnectedKernel() throws(ConformanceError) -> (ActivationShape, ActivationShape, CheckedKernel) {
        let inDims = raw.input.shape, outDims = raw.output.shape, dims = raw.filter!.shape
        try extents(inDims, rank: 2, "input.shape", layout: "[batch, in]")
        try extents(outDims, rank: 2, "output.shape", layout: "[batch, out]")
        try extents(dims, rank: 2, "filter.shape", layout: "[out, in] (OI)")
        guard dims[1] == inDims[1] else {
            throw .layoutMismatch(file: file, field: "filter.shape[1]", reason: "\(dims[1]) inputs (OI), but input.shape[1] is \(inDims[1])")
        }
        guard outDims[0] == inDims[0] else {
            throw .layoutMismatch(file: file, field: "output.shape[0]", reason: "batch \(outDims[0]), but input.shape[0] is \(inDims[0])")
        }
        guard outDims[1] == dims[0] else {
            throw .layoutMismatch(file: file, field: "output.shape[1]", reason: "is \(outDims[1]); the filter has \(dims[0]) outputs")
        }
        let input = try wellFormed(.nwc(inDims[0], 1, inDims[1]), inDims, "input.shape")
        let output = try wellFormed(.nwc(outDims[0], 1, outDims[1]), outDims, "output.shape")
        let weights = try int8s(raw.filter!.data, count: try elementCount(dims, "filter.shape"), "filter.data")
        let scales = try filterScales(raw.filter!.scales, outputChannels: dims[0])
        let bias = try biasValues(outputChannels: dims[0])
        let kernel = CheckedKernel.fullyConnected(
            inputFeatures: dims[1], outputFeatures: dims[0], weights: weights, scales: scales, bias: bias,
            activation: try activation(raw.params?.activation))
        return (input, output, kernel)
    }

    /// One scale per output channel, or one for all; each a finite positive float32.
    func filterScales(_ values: [Double], outputChannels: Int) throws(ConformanceError) -> [Float] {
        guard values.count == outputChannels || values.count == 1 else {
            throw .invalidValue(
                file: file, field: "filter.scales",
                reason: "has \(values.count) values; expected \(outputChannels) (one per output channel) or 1 (per tensor)")
        }
        var scales = [Float]()
        for (k, v) in values.enumerated() {
            let s = Float(v)
            guard v.isFinite, v > 0, s.isFinite, s > 0 else {
                throw .invalidValue(file: file, field: "filter.scales[\(k)]", reason: "\(v) is not a finite positive float32")
            }
            scales.append(s)
        }
        return scales
    }

    func biasValues(outputChannels: Int) throws(ConformanceError) -> [Int32]? {
        guard let values = raw.bias?.data else { return nil }
        guard values.count == outputChannels else {
            throw .wrongLength(file: file, field: "bias.data", expected: outputChannels, actual: values.count)
        }
        let range = Int(Int32.min)...Int(Int32.max)
        var bias = [Int32]()
        bias.reserveCapacity(values.count)
        for (k, v) in values.enumerated() {
            guard range.contains(v) else { throw .outOfRange(file: file, field: "bias.data[\(k)]", value: v, range: range) }
            bias.append(Int32(v))
        }
        return bias
    }

    // MARK: Mean

    func meanKernel(input: ActivationShape, output: ActivationShape) throws(ConformanceError) -> CheckedKernel {
        if let axes = raw.params?.axes, axes != [1, 2] {
            throw .invalidValue(file: file, field: "params.axes", reason: "is \(axes); mean runs over H and W: [1, 2]")
        }
        if raw.params?.keepDims == false {
            throw .invalidValue(file: file, field: "params.keep_dims", reason: "is false; mean keeps the dimensions (output [n, 1, 1, c])")
        }
        let expected = [input.batch, 1, 1, input.channels]
        guard raw.output.shape == expected else {
            throw .layoutMismatch(file: file, field: "output.shape", reason: "is \(raw.output.shape); mean over H and W gives \(expected)")
        }
        let act = try activation(raw.params?.activation)
        return raw.op == ConformanceOp.globalAvgPool2d.rawValue ? .globalAveragePool(act) : .mean(act)
    }

    // MARK: Vectors

    func int8s(_ values: [Int], count: Int, _ field: String) throws(ConformanceError) -> [Int8] {
        guard values.count == count else { throw .wrongLength(file: file, field: field, expected: count, actual: values.count) }
        var out = [Int8]()
        out.reserveCapacity(count)
        for (k, v) in values.enumerated() {
            guard let q = Int8(exactly: v) else { throw .outOfRange(file: file, field: "\(field)[\(k)]", value: v, range: -128...127) }
            out.append(q)
        }
        return out
    }

    func checkVectors(_ op: ConformanceOp, input: ActivationShape, output: ActivationShape) throws(ConformanceError) -> [CheckedVector] {
        guard !raw.vectors.isEmpty else {
            throw .invalidValue(file: file, field: "vectors", reason: "is empty; a case needs at least one vector")
        }
        var vectors = [CheckedVector]()
        for (i, v) in raw.vectors.enumerated() {
            let at = "vectors[\(i)]"
            let x = try int8s(v.input, count: input.elementCount, "\(at).input")
            var x2: [Int8]? = nil
            if op == .add {
                guard let values = v.input2 else { throw .missingField(file: file, field: "\(at).input2") }
                x2 = try int8s(values, count: input.elementCount, "\(at).input2")
            } else if v.input2 != nil {
                throw .unusedField(file: file, field: "\(at).input2", op: op)
            }
            let y = try int8s(v.output, count: output.elementCount, "\(at).output")
            var indices: [Int32]? = nil
            if let values = v.indices {
                guard op == .maxPool2d else { throw .unusedField(file: file, field: "\(at).indices", op: op) }
                guard values.count == output.elementCount else {
                    throw .wrongLength(file: file, field: "\(at).indices", expected: output.elementCount, actual: values.count)
                }
                let plane = 0...(input.spatialCount - 1)
                for (k, index) in values.enumerated() where !plane.contains(index) {
                    throw .outOfRange(file: file, field: "\(at).indices[\(k)]", value: index, range: plane)
                }
                indices = values.map { Int32($0) }
            }
            vectors.append(CheckedVector(input: x, input2: x2, output: y, indices: indices))
        }
        return vectors
    }
}
