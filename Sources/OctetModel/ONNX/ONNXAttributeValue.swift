/// An attribute's value. Graphs, sparse tensors, type protos and lists of tensors or graphs are
/// `.unsupported(type:)` with the AttributeProto.AttributeType number; their bytes are skipped.
public enum ONNXAttributeValue: Sendable {
    case float(Float)
    case int(Int64)
    case string(String)
    case tensor(ONNXTensor)
    case floats([Float])
    case ints([Int64])
    case strings([String])
    case unsupported(type: Int32)
}
