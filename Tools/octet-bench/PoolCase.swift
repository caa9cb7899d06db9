import Octet

/// One pooling benchmark case: an int8 NHWC input (batch 1), the operation and its parameters,
/// and the two quantizations. Names are ASCII so `--filter` is easy to type.
struct PoolCase: Sendable {
    enum Kind: String, Codable, Sendable {
        case maxPool, averagePool, globalAveragePool
    }

    var kind: Kind
    var input: ActivationShape
    /// Window, stride and padding; unused by global pooling.
    var parameters: PoolParameters
    var inputQuantization: QuantParams
    var outputQuantization: QuantParams

    /// e.g. "maxpool 3x3/2 p1 1x28x28x256", "avgpool 2x2/2 1x112x112x64",
    /// "gavgpool 1x7x7x1024 requant" (output quantization differs from the input's).
    var name: String {
        let shape = "\(input.batch)x\(input.height)x\(input.width)x\(input.channels)"
        let p = parameters
        let window = "\(p.window.height)x\(p.window.width)/\(p.stride.height)"
        var padding = ""
        if case .explicit(let begin, _) = p.padding, begin.height > 0 || begin.width > 0 {
            padding = " p\(begin.height)"
        }
        switch kind {
        case .maxPool: return "maxpool \(window)\(padding) \(shape)"
        case .averagePool: return "avgpool \(window)\(padding) \(shape)"
        case .globalAveragePool:
            return "gavgpool \(shape)" + (inputQuantization == outputQuantization ? "" : " requant")
        }
    }

    /// The validated geometry (global pooling: a window over the whole plane).
    func plan() throws(KernelError) -> PoolPlan {
        kind == .globalAveragePool
            ? try PoolPlan(globalInput: input) : try PoolPlan(input: input, parameters: parameters)
    }

    static let quantization = QuantParams(scale: 0.05, zeroPoint: 3)
    static let requantized = QuantParams(scale: 0.02, zeroPoint: -7)

    /// The cases of `octet-bench pool`, in table order.
    static let standard: [PoolCase] = {
        let planes: [ActivationShape] = [.nhwc(1, 112, 112, 64), .nhwc(1, 28, 28, 256)]
        let pad1 = Padding.symmetric(Spatial(1, 1))
        let windowed: [(Kind, PoolParameters)] = [
            (.maxPool, PoolParameters(window: Spatial(2, 2), stride: Spatial(2, 2))),
            (.maxPool, PoolParameters(window: Spatial(3, 3), stride: Spatial(2, 2), padding: pad1)),
            (.averagePool, PoolParameters(window: Spatial(2, 2), stride: Spatial(2, 2))),
            (.averagePool, PoolParameters(
                window: Spatial(3, 3), stride: Spatial(1, 1), padding: pad1, countIncludePad: false)),
        ]
        var cases: [PoolCase] = []
        for (kind, parameters) in windowed {
            for shape in planes {
                cases.append(PoolCase(
                    kind: kind, input: shape, parameters: parameters,
                    inputQuantization: quantization, outputQuantization: quantization))
            }
        }
        for shape in [ActivationShape.nhwc(1, 7, 7, 1024), .nhwc(1, 56, 56, 256)] {
            for output in [quantization, requantized] {
                cases.append(PoolCase(
                    kind: .globalAveragePool, input: shape,
                    parameters: PoolParameters(window: Spatial(shape.height, shape.width)),
                    inputQuantization: quantization, outputQuantization: output))
            }
        }
        return cases
    }()

    /// The cases that also get a row for the plain reference loop.
    static let withReferenceRow: Set<String> = [
        "maxpool 3x3/2 p1 1x28x28x256", "avgpool 3x3/1 p1 1x28x28x256", "gavgpool 1x7x7x1024",
    ]
}
