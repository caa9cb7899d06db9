extension ONNXValueInfo {
    /// ValueInfoProto: name 1, type 2 (TypeProto: tensor_type 1 → Tensor: elem_type 1, shape 2 →
    /// TensorShapeProto: dim 1 → Dimension: dim_value 1, dim_param 2). Other TypeProto kinds are skipped.
    static func decode(_ r: inout ONNXReader) throws(ONNXDecodeError) -> ONNXValueInfo {
        var info = ONNXValueInfo(name: "")
        while let f = try r.nextField(in: "ValueInfoProto") {
            switch f.number {
            case 1: info.name = try r.string(f, "ValueInfoProto.name")
            case 2: try r.message(f, "ValueInfoProto.type") { (t: inout ONNXReader) throws(ONNXDecodeError) in try decodeType(&t, into: &info) }
            default: try r.skip(f, in: "ValueInfoProto")
            }
        }
        return info
    }

    private static func decodeType(_ r: inout ONNXReader, into info: inout ONNXValueInfo) throws(ONNXDecodeError) {
        while let f = try r.nextField(in: "TypeProto") {
            guard f.number == 1 else { try r.skip(f, in: "TypeProto"); continue }
            try r.message(f, "TypeProto.tensor_type") { (t: inout ONNXReader) throws(ONNXDecodeError) in
                while let g = try t.nextField(in: "TypeProto.Tensor") {
                    switch g.number {
                    case 1: info.elementType = try t.int32(g, "TypeProto.Tensor.elem_type")
                    case 2: info.shape = try t.message(g, "TypeProto.Tensor.shape") { (s: inout ONNXReader) throws(ONNXDecodeError) in try decodeShape(&s) }
                    default: try t.skip(g, in: "TypeProto.Tensor")
                    }
                }
            }
        }
    }

    private static func decodeShape(_ r: inout ONNXReader) throws(ONNXDecodeError) -> [ONNXDimension] {
        var dims: [ONNXDimension] = []
        while let f = try r.nextField(in: "TensorShapeProto") {
            guard f.number == 1 else { try r.skip(f, in: "TensorShapeProto"); continue }
            dims.append(try r.message(f, "TensorShapeProto.dim") { (d: inout ONNXReader) throws(ONNXDecodeError) in
                var dim = ONNXDimension.unknown
                while let g = try d.nextField(in: "TensorShapeProto.Dimension") {
                    switch g.number {
                    case 1: dim = .value(try d.int64(g, "TensorShapeProto.Dimension.dim_value"))
                    case 2: dim = .parameter(try d.string(g, "TensorShapeProto.Dimension.dim_param"))
                    default: try d.skip(g, in: "TensorShapeProto.Dimension")
                    }
                }
                return dim
            })
        }
        return dims
    }
}
