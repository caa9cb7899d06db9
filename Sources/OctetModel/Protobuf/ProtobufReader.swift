/// A reader over protobuf wire-format bytes: one message (or a nested message's byte range).
///
/// Every read is bounds-checked against the enclosing message's end; every error is a
/// `ProtobufError` naming the field and the absolute byte offset, wrapped in `Failure`. Nested
/// messages are read through `message(_:_:_:)`, which bounds the depth at `maxDepth`, so no input
/// can trap, hang or overflow the stack: every loop consumes at least one byte per step.
public struct ProtobufReader<Failure: ProtobufFailure>: Sendable {
    /// Nested-message depth limit (the top-level message is depth 0).
    public static var maxDepth: Int { 64 }

    public let bytes: [UInt8]
    /// Absolute offset of the next unread byte.
    public private(set) var offset: Int
    /// Absolute offset one past this message's last byte.
    public let end: Int
    public let depth: Int

    public init(_ bytes: [UInt8]) {
        self.init(bytes, range: 0..<bytes.count, depth: 0)
    }

    init(_ bytes: [UInt8], range: Range<Int>, depth: Int) {
        self.bytes = bytes
        self.offset = range.lowerBound
        self.end = range.upperBound
        self.depth = depth
    }

    public var isAtEnd: Bool { offset >= end }

    // MARK: Keys and raw values

    /// The next field's key, or nil at the end of the message. `message` names the message for errors.
    public mutating func nextField(in message: String) throws(Failure) -> ProtobufField? {
        guard offset < end else { return nil }
        let start = offset
        let key = try readVarint(message)
        let number = key >> 3
        guard number >= 1, number <= 0x1FFF_FFFF else {
            throw Failure(.invalidFieldNumber(message: message, offset: start, number: number))
        }
        let type = UInt8(key & 7)
        guard let wireType = ProtobufWireType(rawValue: type) else {
            if type == 3 || type == 4 { throw Failure(.groupWireType(message: message, offset: start, wireType: type)) }
            throw Failure(.invalidWireType(message: message, offset: start, wireType: type))
        }
        return ProtobufField(number: Int(number), wireType: wireType, offset: start)
    }

    /// A base-128 varint of at most 10 bytes whose value fits 64 bits.
    public mutating func readVarint(_ field: String) throws(Failure) -> UInt64 {
        let start = offset
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard offset < end else { throw Failure(.truncatedVarint(field: field, offset: start)) }
            let byte = bytes[offset]
            offset += 1
            // The 10th byte holds bit 63 only: anything more overflows or continues past 10 bytes.
            if shift == 63, byte > 1 { throw Failure(.overlongVarint(field: field, offset: start)) }
            result |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return result }
            shift += 7
        }
    }

    /// A little-endian 4-byte value.
    public mutating func readFixed32(_ field: String) throws(Failure) -> UInt32 {
        UInt32(truncatingIfNeeded: try readFixed(field, size: 4))
    }

    /// A little-endian 8-byte value.
    public mutating func readFixed64(_ field: String) throws(Failure) -> UInt64 {
        try readFixed(field, size: 8)
    }

    private mutating func readFixed(_ field: String, size: Int) throws(Failure) -> UInt64 {
        guard end - offset >= size else {
            throw Failure(.truncatedFixed(field: field, offset: offset, needed: size, available: end - offset))
        }
        var value: UInt64 = 0
        for k in 0..<size { value |= UInt64(bytes[offset + k]) << (8 * UInt64(k)) }
        offset += size
        return value
    }

    /// A length prefix and the absolute byte range it covers (which is skipped).
    public mutating func readLengthDelimited(_ field: String) throws(Failure) -> Range<Int> {
        let start = offset
        let length = try readVarint(field)
        let available = end - offset
        guard length <= UInt64(available) else {
            throw Failure(.lengthPastEnd(field: field, offset: start, length: length, available: available))
        }
        let range = offset..<(offset + Int(length))
        offset = range.upperBound
        return range
    }

    /// Skips the value of a field this decoder does not read.
    public mutating func skip(_ field: ProtobufField, in message: String) throws(Failure) {
        switch field.wireType {
        case .varint: _ = try readVarint(message)
        case .fixed64: _ = try readFixed64(message)
        case .fixed32: _ = try readFixed32(message)
        case .lengthDelimited: _ = try readLengthDelimited(message)
        }
    }

    // MARK: Typed values

    private func expect(_ field: ProtobufField, _ types: ProtobufWireType..., name: String) throws(Failure) {
        guard types.contains(field.wireType) else {
            throw Failure(.unexpectedWireType(field: name, offset: field.offset, wireType: field.wireType))
        }
    }

    /// int64 / uint64 (two's complement).
    public mutating func int64(_ field: ProtobufField, _ name: String) throws(Failure) -> Int64 {
        try expect(field, .varint, name: name)
        return Int64(bitPattern: try readVarint(name))
    }

    /// int32 / enum: the low 32 bits of the varint, as protobuf parsers read them.
    public mutating func int32(_ field: ProtobufField, _ name: String) throws(Failure) -> Int32 {
        try expect(field, .varint, name: name)
        return Int32(truncatingIfNeeded: try readVarint(name))
    }

    public mutating func float(_ field: ProtobufField, _ name: String) throws(Failure) -> Float {
        try expect(field, .fixed32, name: name)
        return Float(bitPattern: try readFixed32(name))
    }

    public mutating func double(_ field: ProtobufField, _ name: String) throws(Failure) -> Double {
        try expect(field, .fixed64, name: name)
        return Double(bitPattern: try readFixed64(name))
    }

    /// A `bytes` field: the absolute range of its contents in `bytes`.
    public mutating func byteRange(_ field: ProtobufField, _ name: String) throws(Failure) -> Range<Int> {
        try expect(field, .lengthDelimited, name: name)
        return try readLengthDelimited(name)
    }

    /// A `string` field, validated as UTF-8.
    public mutating func string(_ field: ProtobufField, _ name: String) throws(Failure) -> String {
        let range = try byteRange(field, name)
        guard let s = String(validating: bytes[range], as: UTF8.self) else {
            throw Failure(.invalidUTF8(field: name, offset: range.lowerBound))
        }
        return s
    }

    /// A repeated int64 field, packed (one length-delimited run) or unpacked (one varint).
    public mutating func appendInt64s(_ field: ProtobufField, _ name: String, to values: inout [Int64]) throws(Failure) {
        try expect(field, .varint, .lengthDelimited, name: name)
        if field.wireType == .varint { return values.append(Int64(bitPattern: try readVarint(name))) }
        var packed = ProtobufReader(bytes, range: try readLengthDelimited(name), depth: depth)
        while !packed.isAtEnd { values.append(Int64(bitPattern: try packed.readVarint(name))) }
    }

    /// A repeated int32 field, packed or unpacked.
    public mutating func appendInt32s(_ field: ProtobufField, _ name: String, to values: inout [Int32]) throws(Failure) {
        try expect(field, .varint, .lengthDelimited, name: name)
        if field.wireType == .varint { return values.append(Int32(truncatingIfNeeded: try readVarint(name))) }
        var packed = ProtobufReader(bytes, range: try readLengthDelimited(name), depth: depth)
        while !packed.isAtEnd { values.append(Int32(truncatingIfNeeded: try packed.readVarint(name))) }
    }

    /// A repeated float field, packed or unpacked.
    public mutating func appendFloats(_ field: ProtobufField, _ name: String, to values: inout [Float]) throws(Failure) {
        try expect(field, .fixed32, .lengthDelimited, name: name)
        if field.wireType == .fixed32 { return values.append(Float(bitPattern: try readFixed32(name))) }
        var packed = try packedFixed(name, size: 4)
        values.reserveCapacity(values.count + (packed.end - packed.offset) / 4)
        while !packed.isAtEnd { values.append(Float(bitPattern: try packed.readFixed32(name))) }
    }

    /// A repeated double field, packed or unpacked.
    public mutating func appendDoubles(_ field: ProtobufField, _ name: String, to values: inout [Double]) throws(Failure) {
        try expect(field, .fixed64, .lengthDelimited, name: name)
        if field.wireType == .fixed64 { return values.append(Double(bitPattern: try readFixed64(name))) }
        var packed = try packedFixed(name, size: 8)
        values.reserveCapacity(values.count + (packed.end - packed.offset) / 8)
        while !packed.isAtEnd { values.append(Double(bitPattern: try packed.readFixed64(name))) }
    }

    private mutating func packedFixed(_ name: String, size: Int) throws(Failure) -> ProtobufReader {
        let start = offset
        let range = try readLengthDelimited(name)
        guard range.count % size == 0 else {
            throw Failure(.packedLength(field: name, offset: start, length: range.count, elementSize: size))
        }
        return ProtobufReader(bytes, range: range, depth: depth)
    }

    /// A nested message: `body` reads it from a reader bounded to its bytes, one level deeper.
    /// Whatever `body` leaves unread is skipped.
    public mutating func message<T>(
        _ field: ProtobufField, _ name: String, _ body: (inout ProtobufReader) throws(Failure) -> T
    ) throws(Failure) -> T {
        try expect(field, .lengthDelimited, name: name)
        guard depth < Self.maxDepth else {
            throw Failure(.nestingTooDeep(field: name, offset: field.offset, limit: Self.maxDepth))
        }
        var nested = ProtobufReader(bytes, range: try readLengthDelimited(name), depth: depth + 1)
        return try body(&nested)
    }
}
