extension ONNXAttribute {
    /// AttributeProto: name 1, f 2, i 3, s 4, t 5, floats 7, ints 8, strings 9, type 20. Graphs,
    /// sparse tensors, type protos and tensor/graph lists are skipped unread (→ `.unsupported`).
    /// Without a type (IR < 3) the value is the first field present.
    static func decode(_ r: inout ONNXReader) throws(ONNXDecodeError) -> ONNXAttribute {
        let start = r.offset
        var name = "", type: Int32 = 0, seenType: Int32?
        var f: Float?, i: Int64?, s: String?, t: ONNXTensor?
        var floats: [Float] = [], ints: [Int64] = [], strings: [String] = []
        while let field = try r.nextField(in: "AttributeProto") {
            switch field.number {
            case 1: name = try r.string(field, "AttributeProto.name")
            case 2: f = try r.float(field, "AttributeProto.f")
            case 3: i = try r.int64(field, "AttributeProto.i")
            case 4: s = try r.string(field, "AttributeProto.s")
            case 5: t = try r.message(field, "AttributeProto.t") { (m: inout ONNXReader) throws(ONNXDecodeError) in try ONNXTensor.decode(&m) }
            case 7: try r.appendFloats(field, "AttributeProto.floats", to: &floats)
            case 8: try r.appendInt64s(field, "AttributeProto.ints", to: &ints)
            case 9: strings.append(try r.string(field, "AttributeProto.strings"))
            case 20: type = try r.int32(field, "AttributeProto.type")
            default:
                // g 6 → GRAPH 5, tensors 10 → TENSORS 9, graphs 11 → GRAPHS 10, tp 14 → TYPE_PROTO 13,
                // type_protos 15 → TYPE_PROTOS 14, sparse_tensor 22 → 11, sparse_tensors 23 → 12.
                let skipped: [Int: Int32] = [6: 5, 10: 9, 11: 10, 14: 13, 15: 14, 22: 11, 23: 12]
                if seenType == nil, let kind = skipped[field.number] { seenType = kind }
                try r.skip(field, in: "AttributeProto")
            }
        }
        if type == 0 {
            type = f != nil ? 1 : i != nil ? 2 : s != nil ? 3 : t != nil ? 4 : !floats.isEmpty ? 6
                : !ints.isEmpty ? 7 : !strings.isEmpty ? 8 : seenType ?? 0
        }
        let value: ONNXAttributeValue
        switch type {
        case 1: value = .float(f ?? 0)
        case 2: value = .int(i ?? 0)
        case 3: value = .string(s ?? "")
        case 4:
            guard let t else { throw .missingAttributeTensor(attribute: name, offset: start) }
            value = .tensor(t)
        case 6: value = .floats(floats)
        case 7: value = .ints(ints)
        case 8: value = .strings(strings)
        default: value = .unsupported(type: type)
        }
        return ONNXAttribute(name: name, value: value)
    }
}
