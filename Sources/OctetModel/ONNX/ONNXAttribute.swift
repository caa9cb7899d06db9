/// A decoded AttributeProto.
public struct ONNXAttribute: Sendable {
    public var name: String
    public var value: ONNXAttributeValue

    public init(name: String, value: ONNXAttributeValue) {
        self.name = name
        self.value = value
    }
}
