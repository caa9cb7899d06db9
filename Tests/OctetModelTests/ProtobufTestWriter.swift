/// A minimal protobuf encoder for hand-built test inputs (independent of `ProtobufReader`).
struct ProtobufTestWriter {
    var bytes: [UInt8] = []

    static func varintBytes(_ value: UInt64) -> [UInt8] {
        var v = value, out: [UInt8] = []
        while v >= 0x80 { out.append(UInt8(v & 0x7F) | 0x80); v >>= 7 }
        out.append(UInt8(v))
        return out
    }

    mutating func key(_ field: Int, _ wireType: UInt8) { bytes += Self.varintBytes(UInt64(field) << 3 | UInt64(wireType)) }

    mutating func varint(_ field: Int, _ value: Int64) { key(field, 0); bytes += Self.varintBytes(UInt64(bitPattern: value)) }

    mutating func fixed32(_ field: Int, _ value: UInt32) { key(field, 5); bytes += (0..<4).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) } }

    mutating func fixed64(_ field: Int, _ value: UInt64) { key(field, 1); bytes += (0..<8).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) } }

    mutating func float(_ field: Int, _ value: Float) { fixed32(field, value.bitPattern) }

    mutating func lengthDelimited(_ field: Int, _ payload: [UInt8]) { key(field, 2); bytes += Self.varintBytes(UInt64(payload.count)) + payload }

    mutating func string(_ field: Int, _ s: String) { lengthDelimited(field, Array(s.utf8)) }

    mutating func message(_ field: Int, _ build: (inout ProtobufTestWriter) -> Void) {
        var nested = ProtobufTestWriter()
        build(&nested)
        lengthDelimited(field, nested.bytes)
    }

    mutating func packedVarints(_ field: Int, _ values: [Int64]) {
        lengthDelimited(field, values.flatMap { Self.varintBytes(UInt64(bitPattern: $0)) })
    }

    mutating func packedFloats(_ field: Int, _ values: [Float]) {
        lengthDelimited(field, values.flatMap { v in (0..<4).map { UInt8(truncatingIfNeeded: v.bitPattern >> (8 * $0)) } })
    }
}
