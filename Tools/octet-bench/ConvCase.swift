import Octet

/// One conv-family benchmark case: an int8 NHWC input (batch 1), the filter and its geometry.
/// Weights, scales, bias and quantization are made from the seed by `PreparedConvCase`. Names are
/// ASCII so `--filter` is easy to type.
struct ConvCase: Sendable {
    enum Kind: String, Codable, Sendable {
        case conv, depthwiseConv, fullyConnected
    }

    var kind: Kind
    /// [1, H, W, C]; fully connected: [1, 1, 1, I] (built as `FullyConnectedPlan.inputShape`).
    var input: ActivationShape
    /// Conv: OHWI. Depthwise: [1, KH, KW, C] (multiplier 1). Fully connected: [O, 1, 1, I].
    var filter: FilterShape
    /// Stride and padding; fully connected: unused.
    var parameters: Conv2DParameters

    /// Output channels: O for conv and fully connected, C for depthwise.
    var outputChannels: Int { kind == .depthwiseConv ? filter.inputChannels : filter.outputChannels }

    /// The kernel's window on the input (stride, SAME padding split) as pooling computes it.
    func geometry() throws(KernelError) -> PoolPlan {
        let window = kind == .fullyConnected ? Spatial(1, 1) : Spatial(filter.height, filter.width)
        return try PoolPlan(
            input: input,
            parameters: PoolParameters(
                window: window, stride: parameters.stride, dilation: parameters.dilation, padding: parameters.padding))
    }

    /// e.g. "conv 3x3/1 same 64->64 1x56x56x64", "dwconv 3x3/1 same 1x56x56x144", "fc 1024->1000 batch 1".
    var name: String {
        let shape = "\(input.batch)x\(input.height)x\(input.width)x\(input.channels)"
        let window = "\(filter.height)x\(filter.width)/\(parameters.stride.height)"
        let padding: String
        switch parameters.padding {
        case .valid: padding = "valid"
        case .same: padding = "same"
        case .sameLower: padding = "same_lower"
        case .explicit(let begin, let end): padding = "p\(begin.height),\(begin.width),\(end.height),\(end.width)"
        }
        switch kind {
        case .conv: return "conv \(window) \(padding) \(filter.inputChannels)->\(filter.outputChannels) \(shape)"
        case .depthwiseConv: return "dwconv \(window) \(padding) \(shape)"
        case .fullyConnected: return "fc \(filter.inputChannels)->\(filter.outputChannels) batch \(input.batch)"
        }
    }

    /// Multiply-accumulates of one call, counting every filter tap including those that fall in
    /// the padding (the usual convention; both Octet and ORT do that work):
    /// N·OH·OW·O·KH·KW·Cin for conv, N·OH·OW·C·KH·KW for depthwise, N·I·O for fully connected.
    func multiplyAccumulates(output: ActivationShape) -> Int {
        let pixels = output.batch * output.height * output.width
        switch kind {
        case .conv: return pixels * output.channels * filter.height * filter.width * filter.inputChannels
        case .depthwiseConv: return pixels * output.channels * filter.height * filter.width
        case .fullyConnected: return input.batch * filter.inputChannels * filter.outputChannels
        }
    }

    /// The cases of `octet-bench conv`, in table order (MobileNet/ResNet-like layers).
    static let standard: [ConvCase] = {
        let same1 = Conv2DParameters(stride: Spatial(1, 1), padding: .same)
        let same2 = Conv2DParameters(stride: Spatial(2, 2), padding: .same)
        return [
            ConvCase(
                kind: .conv, input: .nhwc(1, 56, 56, 64),
                filter: FilterShape(outputChannels: 64, height: 3, width: 3, inputChannels: 64), parameters: same1),
            ConvCase(
                kind: .conv, input: .nhwc(1, 14, 14, 256),
                filter: FilterShape(outputChannels: 256, height: 1, width: 1, inputChannels: 256), parameters: same1),
            ConvCase(
                kind: .conv, input: .nhwc(1, 112, 112, 32),
                filter: FilterShape(outputChannels: 64, height: 3, width: 3, inputChannels: 32), parameters: same2),
            ConvCase(
                kind: .depthwiseConv, input: .nhwc(1, 56, 56, 144),
                filter: FilterShape(outputChannels: 1, height: 3, width: 3, inputChannels: 144), parameters: same1),
            ConvCase(
                kind: .fullyConnected, input: .nwc(1, 1, 1024),
                filter: FilterShape(outputChannels: 1000, height: 1, width: 1, inputChannels: 1024),
                parameters: Conv2DParameters(stride: Spatial(1, 1))),
        ]
    }()

    /// The cases that also get a row for the plain reference loop (one per kernel family).
    static let withReferenceRow: Set<String> = [
        "conv 3x3/1 same 64->64 1x56x56x64", "dwconv 3x3/1 same 1x56x56x144", "fc 1024->1000 batch 1",
    ]
}
