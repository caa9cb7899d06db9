/// A wire-format error. `offset` is the absolute byte offset of the offending item (the first byte
/// of the varint, key, length prefix or value); `field` names what was being read,
/// e.g. "TensorProto.dims".
public enum ProtobufError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The input ends inside a varint.
    case truncatedVarint(field: String, offset: Int)
    /// A varint longer than 10 bytes, or a 10th byte carrying bits beyond 64.
    case overlongVarint(field: String, offset: Int)
    /// A fixed-width value needs `needed` bytes, only `available` remain.
    case truncatedFixed(field: String, offset: Int, needed: Int, available: Int)
    /// A length prefix points past the end of the enclosing message.
    case lengthPastEnd(field: String, offset: Int, length: UInt64, available: Int)
    /// A key with field number 0 or above 2^29 − 1.
    case invalidFieldNumber(message: String, offset: Int, number: UInt64)
    /// A key with wire type 6 or 7.
    case invalidWireType(message: String, offset: Int, wireType: UInt8)
    /// A key with the deprecated group wire types 3 or 4.
    case groupWireType(message: String, offset: Int, wireType: UInt8)
    /// A known field arrived with a wire type its declared type cannot have.
    case unexpectedWireType(field: String, offset: Int, wireType: ProtobufWireType)
    /// A packed fixed-width field whose byte length is not a multiple of the element size.
    case packedLength(field: String, offset: Int, length: Int, elementSize: Int)
    /// A string field that is not valid UTF-8.
    case invalidUTF8(field: String, offset: Int)
    /// Messages nested deeper than `limit`.
    case nestingTooDeep(field: String, offset: Int, limit: Int)

    public var description: String {
        switch self {
        case .truncatedVarint(let field, let offset):
            return "\(field): truncated varint at byte \(offset)"
        case .overlongVarint(let field, let offset):
            return "\(field): varint at byte \(offset) is longer than 10 bytes or overflows 64 bits"
        case .truncatedFixed(let field, let offset, let needed, let available):
            return "\(field): \(needed)-byte value at byte \(offset), only \(available) bytes left"
        case .lengthPastEnd(let field, let offset, let length, let available):
            return "\(field): length \(length) at byte \(offset) runs past the end (\(available) bytes left)"
        case .invalidFieldNumber(let message, let offset, let number):
            return "\(message): invalid field number \(number) at byte \(offset)"
        case .invalidWireType(let message, let offset, let wireType):
            return "\(message): invalid wire type \(wireType) at byte \(offset)"
        case .groupWireType(let message, let offset, let wireType):
            return "\(message): group wire type \(wireType) at byte \(offset) is not supported"
        case .unexpectedWireType(let field, let offset, let wireType):
            return "\(field): unexpected wire type \(wireType.rawValue) at byte \(offset)"
        case .packedLength(let field, let offset, let length, let elementSize):
            return "\(field): packed length \(length) at byte \(offset) is not a multiple of \(elementSize)"
        case .invalidUTF8(let field, let offset):
            return "\(field): invalid UTF-8 in the string at byte \(offset)"
        case .nestingTooDeep(let field, let offset, let limit):
            return "\(field): message at byte \(offset) nested deeper than \(limit) levels"
        }
    }
}
