/// The protobuf wire types Octet reads. Groups (3, 4) are deprecated and rejected.
public enum ProtobufWireType: UInt8, Sendable, Equatable {
    case varint = 0
    case fixed64 = 1
    case lengthDelimited = 2
    case fixed32 = 5
}
