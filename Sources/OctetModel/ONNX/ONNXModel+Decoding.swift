/// The reader every ONNX message decoder uses.
typealias ONNXReader = ProtobufReader<ONNXDecodeError>

/// Decodes an ONNX ModelProto from its serialized bytes.
public func decodeONNXModel(_ bytes: [UInt8]) throws(ONNXDecodeError) -> ONNXModel {
    var reader = ONNXReader(bytes)
    return try ONNXModel.decode(&reader)
}

extension ONNXModel {
    /// ModelProto: ir_version 1, producer_name 2, graph 7, opset_import 8.
    static func decode(_ r: inout ONNXReader) throws(ONNXDecodeError) -> ONNXModel {
        var irVersion: Int64 = 0, producerName = "", opsets: [ONNXOperatorSet] = [], graph: ONNXGraph?
        while let f = try r.nextField(in: "ModelProto") {
            switch f.number {
            case 1: irVersion = try r.int64(f, "ModelProto.ir_version")
            case 2: producerName = try r.string(f, "ModelProto.producer_name")
            case 7: graph = try r.message(f, "ModelProto.graph") { (g: inout ONNXReader) throws(ONNXDecodeError) in try ONNXGraph.decode(&g) }
            case 8: opsets.append(try r.message(f, "ModelProto.opset_import") { (o: inout ONNXReader) throws(ONNXDecodeError) in try decodeOperatorSet(&o) })
            default: try r.skip(f, in: "ModelProto")
            }
        }
        guard let graph else { throw .missingGraph }
        return ONNXModel(irVersion: irVersion, opsetImports: opsets, producerName: producerName, graph: graph)
    }

    /// OperatorSetIdProto: domain 1, version 2.
    static func decodeOperatorSet(_ r: inout ONNXReader) throws(ONNXDecodeError) -> ONNXOperatorSet {
        var set = ONNXOperatorSet(domain: "", version: 0)
        while let f = try r.nextField(in: "OperatorSetIdProto") {
            switch f.number {
            case 1: set.domain = try r.string(f, "OperatorSetIdProto.domain")
            case 2: set.version = try r.int64(f, "OperatorSetIdProto.version")
            default: try r.skip(f, in: "OperatorSetIdProto")
            }
        }
        return set
    }
}
