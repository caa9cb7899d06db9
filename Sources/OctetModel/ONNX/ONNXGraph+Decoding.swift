extension ONNXGraph {
    /// GraphProto: node 1, name 2, initializer 5, input 11, output 12, value_info 13;
    /// sparse_initializer 15 is rejected (dropping it would lose weights).
    static func decode(_ r: inout ONNXReader) throws(ONNXDecodeError) -> ONNXGraph {
        var graph = ONNXGraph()
        while let f = try r.nextField(in: "GraphProto") {
            switch f.number {
            case 1: graph.nodes.append(try r.message(f, "GraphProto.node") { (n: inout ONNXReader) throws(ONNXDecodeError) in try ONNXNode.decode(&n) })
            case 2: graph.name = try r.string(f, "GraphProto.name")
            case 5: graph.initializers.append(try r.message(f, "GraphProto.initializer") { (t: inout ONNXReader) throws(ONNXDecodeError) in try ONNXTensor.decode(&t) })
            case 11: graph.inputs.append(try valueInfo(&r, f, "GraphProto.input"))
            case 12: graph.outputs.append(try valueInfo(&r, f, "GraphProto.output"))
            case 13: graph.valueInfo.append(try valueInfo(&r, f, "GraphProto.value_info"))
            case 15: throw .unsupportedField(field: "GraphProto.sparse_initializer", offset: f.offset)
            default: try r.skip(f, in: "GraphProto")
            }
        }
        return graph
    }

    private static func valueInfo(_ r: inout ONNXReader, _ f: ProtobufField, _ name: String) throws(ONNXDecodeError) -> ONNXValueInfo {
        try r.message(f, name) { (v: inout ONNXReader) throws(ONNXDecodeError) in try ONNXValueInfo.decode(&v) }
    }
}
