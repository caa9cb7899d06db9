import Octet

extension KernelError {
    /// The part of a conformance case this error is about, as a JSON path.
    var caseField: String {
        func name(_ role: TensorRole) -> String {
            switch role {
            case .input: return "input"
            case .input2: return "input2"
            case .output: return "output"
            case .indices: return "vectors.indices"
            case .filter: return "filter"
            case .bias: return "bias"
            }
        }
        switch self {
        case .invalidWindow: return "params.filter"
        case .invalidStride: return "params.stride"
        case .invalidDilation, .emptyWindow: return "params.dilation"
        case .invalidPadding: return "params.padding"
        case .emptyOutput, .rankMismatch: return "input.shape"
        case .malformedShape(let role, _), .shapeMismatch(let role, _, _): return name(role) + ".shape"
        case .bufferTooSmall(let role, _, _): return name(role) + (role == .filter || role == .bias ? ".data" : "")
        case .invalidQuantization(let role, _, _): return name(role)
        case .quantizationMismatch: return "output"
        case .indexOutOfRange: return "vectors.indices"
        case .unsupported(.windowCells, _): return "params.filter"
        case .unsupported(.depthMultiplier, _): return "params.depth_multiplier"
        case .unsupported: return "params"
        case .channelMismatch, .groupsMismatch, .invalidFilterShape, .accumulatorOverflow: return "filter.shape"
        case .biasLength: return "bias.data"
        case .scaleCount: return "filter.scales"
        case .invalidFilterScale(let channel, _): return "filter.scales[\(channel)]"
        }
    }
}
