import OctetModel
import Testing

/// A test message: a = 1 repeated int64, f = 2 repeated float, d = 3 repeated double, s = 4 string,
/// i = 5 repeated int32, child = 6 repeated TestMessage (recursive, to exercise the depth bound).
private struct TestMessage: Equatable {
    var a: [Int64] = [], f: [Float] = [], d: [Double] = [], s = "", i: [Int32] = [], child: [TestMessage] = []

    typealias Reader = ProtobufReader<ProtobufError>

    static func decode(_ bytes: [UInt8]) throws(ProtobufError) -> TestMessage {
        var r = Reader(bytes)
        return try decode(&r)
    }

    static func decode(_ r: inout Reader) throws(ProtobufError) -> TestMessage {
        var m = TestMessage()
        while let field = try r.nextField(in: "T") {
            switch field.number {
            case 1: try r.appendInt64s(field, "T.a", to: &m.a)
            case 2: try r.appendFloats(field, "T.f", to: &m.f)
            case 3: try r.appendDoubles(field, "T.d", to: &m.d)
            case 4: m.s = try r.string(field, "T.s")
            case 5: try r.appendInt32s(field, "T.i", to: &m.i)
            case 6: m.child.append(try r.message(field, "T.child") { (c: inout Reader) throws(ProtobufError) in try decode(&c) })
            default: try r.skip(field, in: "T")
            }
        }
        return m
    }
}

private func decodeError(_ bytes: [UInt8]) -> ProtobufError? {
    do {
        _ = try TestMessage.decode(bytes)
        return nil
    } catch {
        return error
    }
}

@Suite struct ProtobufReaderTests {
    // MARK: Wire types

    @Test func varintField() throws {
        // 150 = 0x96 0x01 (the protobuf documentation's example).
        #expect(try TestMessage.decode([0x08, 0x96, 0x01]).a == [150])
        // UInt64.max and −1 are the same 10-byte varint.
        #expect(try TestMessage.decode([0x08] + [UInt8](repeating: 0xFF, count: 9) + [0x01]).a == [-1])
        // int32 −2 is written sign-extended to 10 bytes and read back as its low 32 bits.
        #expect(try TestMessage.decode([0x28, 0xFE, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01]).i == [-2])
    }

    @Test func fixed32AndFixed64Fields() throws {
        // 1.0f = 0x3F800000, 1.0 = 0x3FF0000000000000, little-endian.
        let m = try TestMessage.decode([0x15, 0x00, 0x00, 0x80, 0x3F, 0x19, 0, 0, 0, 0, 0, 0, 0xF0, 0x3F])
        #expect(m.f == [1.0])
        #expect(m.d == [1.0])
    }

    @Test func lengthDelimitedString() throws {
        #expect(try TestMessage.decode([0x22, 0x03, 0x61, 0x62, 0x63]).s == "abc")
        #expect(try TestMessage.decode([0x22, 0x02, 0xC3, 0xA9]).s == "é")
        #expect(try TestMessage.decode([0x22, 0x00]).s == "")
    }

    @Test func packedAndUnpackedRepeatedScalars() throws {
        var unpacked = ProtobufTestWriter(), packed = ProtobufTestWriter()
        for v: Int64 in [3, -4, 1 << 40] { unpacked.varint(1, v) }
        packed.packedVarints(1, [3, -4, 1 << 40])
        for v: Float in [1.5, -2] { unpacked.float(2, v) }
        packed.packedFloats(2, [1.5, -2])
        for v: Double in [0.25, -8] { unpacked.fixed64(3, v.bitPattern) }
        packed.lengthDelimited(3, [0.25, -8].flatMap { (v: Double) in (0..<8).map { UInt8(truncatingIfNeeded: v.bitPattern >> (8 * $0)) } })
        for v: Int64 in [-1, 7] { unpacked.varint(5, v) }
        packed.packedVarints(5, [-1, 7])
        let expected = TestMessage(a: [3, -4, 1 << 40], f: [1.5, -2], d: [0.25, -8], i: [-1, 7])
        #expect(try TestMessage.decode(unpacked.bytes) == expected)
        #expect(try TestMessage.decode(packed.bytes) == expected)
        // Both forms in one message append in order.
        #expect(try TestMessage.decode(packed.bytes + unpacked.bytes).a == [3, -4, 1 << 40, 3, -4, 1 << 40])
        // An empty packed run adds nothing.
        #expect(try TestMessage.decode([0x0A, 0x00]).a == [])
    }

    @Test func unknownFieldsOfEveryWireTypeAreSkipped() throws {
        var w = ProtobufTestWriter()
        w.varint(99, -1)
        w.fixed32(100, 0xDEAD_BEEF)
        w.fixed64(101, .max)
        w.lengthDelimited(536_870_911, [0xFF, 0xFF, 0x07])  // the largest field number, bytes that are no message
        w.varint(1, 42)
        w.message(102) { $0.varint(1, 5) }
        #expect(try TestMessage.decode(w.bytes) == TestMessage(a: [42]))
    }

    @Test func nestedMessagesAndAbsoluteOffsets() throws {
        var w = ProtobufTestWriter()
        w.string(4, "top")
        w.message(6) { c in
            c.varint(1, 1)
            c.message(6) { $0.string(4, "leaf") }
        }
        let m = try TestMessage.decode(w.bytes)
        #expect(m.s == "top" && m.child.count == 1 && m.child[0].a == [1] && m.child[0].child[0].s == "leaf")
        // Errors inside nested messages report absolute offsets: outer key+len at 0–1, inner key at 2, truncated varint at 3.
        #expect(decodeError([0x32, 0x02, 0x08, 0x96]) == .truncatedVarint(field: "T.a", offset: 3))
    }

    // MARK: Errors

    @Test func truncatedVarint() {
        #expect(decodeError([0x08, 0x96]) == .truncatedVarint(field: "T.a", offset: 1))
        #expect(decodeError([0x88]) == .truncatedVarint(field: "T", offset: 0))  // the key itself
        // Inside a packed run the varint may not cross the run's end (bytes 2..<4).
        #expect(decodeError([0x0A, 0x02, 0x96, 0x96, 0x01]) == .truncatedVarint(field: "T.a", offset: 2))
    }

    @Test func overlongVarint() {
        // 11 bytes.
        #expect(decodeError([0x08] + [UInt8](repeating: 0xFF, count: 10) + [0x01]) == .overlongVarint(field: "T.a", offset: 1))
        // 10 bytes, but the last carries bits beyond 64.
        #expect(decodeError([0x08] + [UInt8](repeating: 0x80, count: 9) + [0x02]) == .overlongVarint(field: "T.a", offset: 1))
        // 10 bytes of zero padding with bit 63 set is fine.
        #expect(decodeError([0x08] + [UInt8](repeating: 0x80, count: 9) + [0x01]) == nil)
    }

    @Test func truncatedFixed() {
        #expect(decodeError([0x15, 0x00, 0x00]) == .truncatedFixed(field: "T.f", offset: 1, needed: 4, available: 2))
        #expect(decodeError([0x19, 0x00]) == .truncatedFixed(field: "T.d", offset: 1, needed: 8, available: 1))
        // Field 1 is int64: a fixed32 value is a wire-type error, caught before reading the value.
        #expect(decodeError([0x0D]) == .unexpectedWireType(field: "T.a", offset: 0, wireType: .fixed32))
        #expect(decodeError([0x7D, 0x00]) == .truncatedFixed(field: "T", offset: 1, needed: 4, available: 1))  // unknown field 15
    }

    @Test func lengthPastEnd() {
        #expect(decodeError([0x22, 0x05, 0x61]) == .lengthPastEnd(field: "T.s", offset: 1, length: 5, available: 1))
        // A huge length, and a nested message whose length exceeds the outer message.
        #expect(decodeError([0x7A, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F]) == .lengthPastEnd(field: "T", offset: 1, length: 0xFFFF_FFFF, available: 0))
        #expect(decodeError([0x32, 0x02, 0x22, 0x05, 0x61, 0x62]) == .lengthPastEnd(field: "T.s", offset: 3, length: 5, available: 0))
    }

    @Test func invalidAndGroupWireTypes() {
        #expect(decodeError([0x0E]) == .invalidWireType(message: "T", offset: 0, wireType: 6))
        #expect(decodeError([0x08, 0x01, 0x0F]) == .invalidWireType(message: "T", offset: 2, wireType: 7))
        #expect(decodeError([0x0B]) == .groupWireType(message: "T", offset: 0, wireType: 3))
        #expect(decodeError([0x0C]) == .groupWireType(message: "T", offset: 0, wireType: 4))
        #expect(decodeError([0x00]) == .invalidFieldNumber(message: "T", offset: 0, number: 0))
        // Field number 2^29 (key > UInt32).
        #expect(decodeError([0x80, 0x80, 0x80, 0x80, 0x10]) == .invalidFieldNumber(message: "T", offset: 0, number: 1 << 29))
        // A known field with a wire type its type cannot have.
        #expect(decodeError([0x25, 0, 0, 0, 0]) == .unexpectedWireType(field: "T.s", offset: 0, wireType: .fixed32))
        #expect(decodeError([0x12, 0x03, 0, 0, 0]) == .packedLength(field: "T.f", offset: 1, length: 3, elementSize: 4))
    }

    @Test func invalidUTF8() {
        #expect(decodeError([0x22, 0x02, 0xC3, 0x28]) == .invalidUTF8(field: "T.s", offset: 2))
        #expect(decodeError([0x08, 0x01, 0x22, 0x01, 0xFF]) == .invalidUTF8(field: "T.s", offset: 4))
    }

    @Test func nestingTooDeep() {
        // levels + 1 nested messages; the message at depth `limit + 1` is rejected at its key.
        func nested(_ levels: Int) -> (bytes: [UInt8], keyOffsets: [Int]) {
            var payload: [UInt8] = []
            for _ in 0..<levels { payload = [0x32] + ProtobufTestWriter.varintBytes(UInt64(payload.count)) + payload }
            var offsets: [Int] = [], k = 0
            while k < payload.count {
                offsets.append(k)
                k += 1
                while payload[k] & 0x80 != 0 { k += 1 }
                k += 1
            }
            return (payload, offsets)
        }
        let limit = ProtobufReader<ProtobufError>.maxDepth
        #expect(decodeError(nested(limit).bytes) == nil)
        let deep = nested(limit + 1)
        #expect(decodeError(deep.bytes) == .nestingTooDeep(field: "T.child", offset: deep.keyOffsets[limit], limit: limit))
        #expect(decodeError(nested(10_000).bytes) == .nestingTooDeep(field: "T.child", offset: nested(10_000).keyOffsets[limit], limit: limit))
    }

    @Test func errorDescriptionsNameFieldAndOffset() {
        #expect(ProtobufError.truncatedVarint(field: "TensorProto.dims", offset: 17).description == "TensorProto.dims: truncated varint at byte 17")
        #expect(ProtobufError.groupWireType(message: "NodeProto", offset: 3, wireType: 3).description
            == "NodeProto: group wire type 3 at byte 3 is not supported")
    }
}
