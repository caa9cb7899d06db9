/// A decoded ValueInfoProto. `elementType` and `shape` come from TypeProto.tensor_type and are nil
/// when absent (or for non-tensor types); an empty `shape` is a scalar.
public struct ONNXValueInfo: Sendable {
    public var name: String
    public var elementType: Int32?
    public var shape: [ONNXDimension]?

    public init(name: String, elementType: Int32? = nil, shape: [ONNXDimension]? = nil) {
        self.name = name
        self.elementType = elementType
        self.shape = shape
    }
}
