import OctetModel
import Testing

/// Hand-built ModelProtos for each ONNX-level error, with the offsets counted by hand: a model
/// holding one graph (key 0x3A + 1-byte length) holding one initializer (key 0x2A + 1-byte
/// length) puts the TensorProto's first byte at offset 4.
@Suite struct ONNXDecodeErrorTests {
    private func model(initializer build: (inout ProtobufTestWriter) -> Void) -> [UInt8] {
        var w = ProtobufTestWriter()
        w.message(7) { $0.message(5, build) }
        return w.bytes
    }

    private func decodeError(_ bytes: [UInt8]) -> ONNXDecodeError? {
        do {
            _ = try decodeONNXModel(bytes)
            return nil
        } catch {
            return error
        }
    }

    private func tensor(_ bytes: [UInt8]) throws -> ONNXTensor {
        try #require(try decodeONNXModel(bytes).graph.initializers.first)
    }

    @Test func elementCountMismatch() {
        let bytes = model { t in
            t.packedVarints(1, [2, 3]); t.varint(2, 1); t.packedFloats(4, [1, 2, 3, 4, 5]); t.string(8, "w")
        }
        #expect(decodeError(bytes) == .elementCountMismatch(tensor: "w", offset: 4, expected: 6, actual: 5))
        #expect(decodeError(bytes)?.description == "tensor \"w\" (byte 4): dims need 6 elements, the data holds 5")
        // raw_data: 2 floats for dims [3].
        let raw = model { t in t.varint(1, 3); t.varint(2, 1); t.lengthDelimited(9, [UInt8](repeating: 0, count: 8)); t.string(8, "r") }
        #expect(decodeError(raw) == .elementCountMismatch(tensor: "r", offset: 4, expected: 3, actual: 2))
        // A scalar (no dims) needs one element.
        let scalar = model { t in t.varint(2, 7); t.string(8, "s") }
        #expect(decodeError(scalar) == .elementCountMismatch(tensor: "s", offset: 4, expected: 1, actual: 0))
    }

    @Test func unsupportedDataTypeAndExternalData() {
        #expect(decodeError(model { t in t.varint(2, 10); t.string(8, "half") })
            == .unsupportedDataType(tensor: "half", offset: 4, dataType: 10))
        #expect(decodeError(model { t in t.string(8, "undefined") }) == .unsupportedDataType(tensor: "undefined", offset: 4, dataType: 0))
        #expect(ONNXDecodeError.unsupportedDataType(tensor: "half", offset: 4, dataType: 10).description
            == "tensor \"half\" (byte 4): unsupported data type FLOAT16 (10)")
        #expect(decodeError(model { t in t.varint(2, 1); t.string(8, "ext"); t.varint(14, 1) }) == .externalData(tensor: "ext", offset: 4))
    }

    @Test func rawDataSizeAndDims() {
        #expect(decodeError(model { t in t.varint(2, 1); t.lengthDelimited(9, [1, 2, 3, 4, 5, 6, 7]); t.string(8, "odd") })
            == .rawDataSize(tensor: "odd", offset: 4, bytes: 7, elementSize: 4))
        #expect(decodeError(model { t in t.varint(1, -1); t.varint(2, 1); t.string(8, "neg") })
            == .invalidDims(tensor: "neg", offset: 4, dims: [-1]))
        #expect(decodeError(model { t in t.packedVarints(1, [1 << 32, 1 << 32]); t.varint(2, 1); t.string(8, "big") })
            == .invalidDims(tensor: "big", offset: 4, dims: [1 << 32, 1 << 32]))
        // Huge dims but a zero: zero elements, no overflow.
        #expect(decodeError(model { t in t.packedVarints(1, [1 << 40, 1 << 40, 0]); t.varint(2, 1); t.string(8, "none") }) == nil)
    }

    @Test func int32DataRangeForNarrowTypes() throws {
        #expect(decodeError(model { t in t.varint(1, 2); t.varint(2, 2); t.packedVarints(5, [255, 256]); t.string(8, "u8") })
            == .valueOutOfRange(tensor: "u8", offset: 4, index: 1, value: 256, dataType: 2))
        #expect(decodeError(model { t in t.varint(1, 1); t.varint(2, 3); t.packedVarints(5, [-129]); t.string(8, "i8") })
            == .valueOutOfRange(tensor: "i8", offset: 4, index: 0, value: -129, dataType: 3))
        let i8 = try tensor(model { t in t.varint(1, 2); t.varint(2, 3); t.varint(5, -128); t.varint(5, 127) })
        #expect(i8.values == .int8([-128, 127]))
        // INT16 from raw_data (little-endian) widens to Int32.
        let i16 = try tensor(model { t in t.varint(1, 2); t.varint(2, 5); t.lengthDelimited(9, [0x00, 0x80, 0xFF, 0x7F]) })
        #expect(i16.values == .int32([-32768, 32767]) && i16.dataType == 5)
    }

    @Test func packedAndUnpackedDimsAgree() throws {
        let packed = try tensor(model { t in t.packedVarints(1, [2, 1]); t.varint(2, 7); t.packedVarints(7, [-5, 1 << 50]) })
        let unpacked = try tensor(model { t in t.varint(1, 2); t.varint(1, 1); t.varint(2, 7); t.varint(7, -5); t.varint(7, 1 << 50) })
        #expect(packed.dims == [2, 1] && unpacked.dims == [2, 1])
        #expect(packed.values == .int64([-5, 1 << 50]) && unpacked.values == packed.values)
        // Fields in any order: data_type after the data.
        let late = try tensor(model { t in t.packedFloats(4, [0.5]); t.varint(2, 1) })
        #expect(late.values == .float([0.5]) && late.dims == [])
    }

    @Test func graphAndAttributeErrors() {
        #expect(decodeError([]) == .missingGraph)
        var sparse = ProtobufTestWriter()
        sparse.message(7) { g in g.string(2, "g"); g.message(15) { _ in } }
        #expect(decodeError(sparse.bytes) == .unsupportedField(field: "GraphProto.sparse_initializer", offset: 5))
        // Node (key at 2, message at 4) → attribute (key at 4, message at 6) with type TENSOR and no t.
        var attribute = ProtobufTestWriter()
        attribute.message(7) { g in g.message(1) { n in n.message(5) { a in a.string(1, "value"); a.varint(20, 4) } } }
        #expect(decodeError(attribute.bytes) == .missingAttributeTensor(attribute: "value", offset: 6))
        // A wire error deep inside names the ONNX field: graph → node → op_type with invalid UTF-8 at byte 6.
        var utf8 = ProtobufTestWriter()
        utf8.message(7) { g in g.message(1) { n in n.lengthDelimited(4, [0xFF]) } }
        #expect(decodeError(utf8.bytes) == .malformed(.invalidUTF8(field: "NodeProto.op_type", offset: 6)))
        #expect(decodeError([0x3A, 0x02, 0x0A, 0x09])
            == .malformed(.lengthPastEnd(field: "GraphProto.node", offset: 3, length: 9, available: 0)))
    }

    @Test func attributesWithoutTypeAndPackedLists() throws {
        var w = ProtobufTestWriter()
        w.message(7) { g in
            g.message(1) { n in
                n.string(4, "Op")
                n.message(5) { a in a.string(1, "ints"); a.packedVarints(8, [1, -2]) }       // IR < 3: no type field
                n.message(5) { a in a.string(1, "floats"); a.packedFloats(7, [0.5, 2]); a.varint(20, 6) }
                n.message(5) { a in a.string(1, "i"); a.varint(3, 9) }
                n.message(5) { a in a.string(1, "graph"); a.message(6) { _ in }; a.varint(20, 5) }
                n.message(5) { a in a.string(1, "empty_ints"); a.varint(20, 7) }
            }
        }
        let node = try #require(try decodeONNXModel(w.bytes).graph.nodes.first)
        guard case .ints([1, -2]) = node.attribute("ints")?.value,
              case .floats([0.5, 2]) = node.attribute("floats")?.value,
              case .int(9) = node.attribute("i")?.value,
              case .unsupported(type: 5) = node.attribute("graph")?.value,
              case .ints([]) = node.attribute("empty_ints")?.value
        else { Issue.record("attributes: \(node.attributes)"); return }
    }
}
