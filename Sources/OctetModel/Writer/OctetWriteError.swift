import Octet

/// Why a graph could not be written as .octet. Every case names the tensor or node (by its graph
/// name, and index) it is about.
public enum OctetWriteError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A node input/output or a graph input/output names a tensor index outside `graph.tensors`.
    case tensorIndexOutOfRange(context: String, index: Int)
    /// Two tensors (or two nodes) share a non-empty name.
    case duplicateName(String)
    /// Rank outside 1...5, an extent below 1 or above Int32.max, or a spatial rank that does not
    /// fit the kind (activations: 1...3 with rank = spatial rank + 2; constants: 0).
    case invalidShape(tensor: String, shape: [Int], spatialRank: Int)
    /// A constant's data is of another element type than the tensor.
    case dataTypeMismatch(tensor: String, declared: ElementType, data: ElementType)
    /// A constant's data holds another number of values than its shape.
    case dataCountMismatch(tensor: String, expected: Int, actual: Int)
    /// An int8 tensor without quantization (activations need per-tensor, weights either).
    case missingQuantization(tensor: String)
    /// A float32 or int32 tensor with quantization.
    case unexpectedQuantization(tensor: String)
    /// A scale that is not finite and positive, a zero point outside −128...127 (activations) or
    /// not 0 (weights), or per-channel scales on an activation.
    case invalidQuantization(tensor: String)
    /// A node's input list is missing a required input (only a conv-family bias may be nil), or
    /// has the wrong number of inputs or outputs.
    case invalidOperands(node: String)
    /// A node's parameters do not fit its input (e.g. SAME padding that cannot be resolved).
    case invalidParameters(node: String, reason: String)
    /// The serialized model would exceed the format's 32-bit offsets.
    case tooLarge
    /// The runtime's reader (or kernel plan builders) rejected the serialized bytes; `node` /
    /// `tensor` name what the error is about, when it is about one.
    case rejected(ModelError, node: String?, tensor: String?)
    /// Writing the file failed (nothing was left at `path`).
    case io(path: String, reason: String)

    public var description: String {
        switch self {
        case .tensorIndexOutOfRange(let context, let index): return "\(context): tensor index \(index) out of range"
        case .duplicateName(let name): return "duplicate name '\(name)'"
        case .invalidShape(let t, let shape, let s): return "tensor '\(t)': invalid shape \(shape) with spatial rank \(s)"
        case .dataTypeMismatch(let t, let declared, let data): return "tensor '\(t)': declared \(declared), data is \(data)"
        case .dataCountMismatch(let t, let expected, let actual): return "tensor '\(t)': \(actual) values, shape needs \(expected)"
        case .missingQuantization(let t): return "tensor '\(t)': int8 tensor without quantization"
        case .unexpectedQuantization(let t): return "tensor '\(t)': quantization on a non-int8 tensor"
        case .invalidQuantization(let t): return "tensor '\(t)': invalid quantization"
        case .invalidOperands(let n): return "node '\(n)': wrong inputs or outputs for its op"
        case .invalidParameters(let n, let reason): return "node '\(n)': \(reason)"
        case .tooLarge: return "model exceeds 32-bit offsets"
        case .rejected(let e, let node, let tensor):
            let what = [node.map { "node '\($0)'" }, tensor.map { "tensor '\($0)'" }].compactMap { $0 }.joined(separator: ", ")
            return "the .octet reader rejected the model\(what.isEmpty ? "" : " (\(what))"): \(e)"
        case .io(let path, let reason): return "cannot write \(path): \(reason)"
        }
    }
}
