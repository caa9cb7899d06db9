/// A decoded field key: the field number, its wire type and the absolute offset of the key.
public struct ProtobufField: Sendable, Equatable {
    public var number: Int
    public var wireType: ProtobufWireType
    /// Absolute byte offset of the key's first byte.
    public var offset: Int

    public init(number: Int, wireType: ProtobufWireType, offset: Int) {
        self.number = number
        self.wireType = wireType
        self.offset = offset
    }
}
