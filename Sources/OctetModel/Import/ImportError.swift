import Octet

/// Why an ONNX model could not be imported. Every case names the node (name and op type) or
/// tensor it is about; `description` is the message the CLI prints.
public enum ImportError: Error, Equatable, CustomStringConvertible {
    /// The file could not be decoded (truncated or corrupted protobuf).
    case decode(ONNXDecodeError)
    /// The default-domain opset is outside 11...21 (or missing).
    case unsupportedOpset(Int64?)
    /// An operator Octet does not run.
    case unsupportedOperator(node: String, opType: String, domain: String, opset: Int64)
    /// An attribute value (or combination) the operator's Octet version does not take.
    case unsupportedAttribute(node: String, opType: String, attribute: String, value: String)
    /// An attribute is missing or has the wrong type.
    case invalidAttribute(node: String, opType: String, attribute: String, reason: String)
    /// A node input that is neither a graph input, an initializer nor an earlier node's output.
    case missingInput(node: String, opType: String, input: String)
    /// An input that must be a constant (weights, shapes, clip bounds) is computed at run time.
    case notConstant(node: String, opType: String, input: String)
    /// Shapes that do not fit together; `reason` says which.
    case shapeMismatch(node: String, opType: String, reason: String)
    /// A graph input or output with an unsupported element type or shape.
    case unsupportedGraphTensor(name: String, reason: String)
    /// A kernel refused the node's parameters (e.g. padding not smaller than the dilated window).
    case kernel(node: String, opType: String, KernelError)

    public var description: String {
        switch self {
        case .decode(let e):
            return "cannot decode the ONNX model (truncated or corrupted file): \(e)"
        case .unsupportedOpset(let v):
            return "unsupported opset \(v.map(String.init) ?? "(none for the default domain)"): Octet imports opsets 11...21"
        case .unsupportedOperator(let node, let op, let domain, let opset):
            let d = domain.isEmpty ? "" : " (domain \(domain))"
            return "node '\(node)': operator \(op)\(d) at opset \(opset) is not supported"
        case .unsupportedAttribute(let node, let op, let attribute, let value):
            return "node '\(node)' (\(op)): attribute \(attribute) = \(value) is not supported"
        case .invalidAttribute(let node, let op, let attribute, let reason):
            return "node '\(node)' (\(op)): attribute \(attribute): \(reason)"
        case .missingInput(let node, let op, let input):
            return "node '\(node)' (\(op)): input '\(input)' is not a graph input, an initializer or an earlier node's output"
        case .notConstant(let node, let op, let input):
            return "node '\(node)' (\(op)): input '\(input)' must be a constant (initializer or Constant node)"
        case .shapeMismatch(let node, let op, let reason):
            return "node '\(node)' (\(op)): \(reason)"
        case .unsupportedGraphTensor(let name, let reason):
            return "graph tensor '\(name)': \(reason)"
        case .kernel(let node, let op, let e):
            return "node '\(node)' (\(op)): \(e)"
        }
    }
}
