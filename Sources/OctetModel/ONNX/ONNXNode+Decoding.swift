extension ONNXNode {
    /// NodeProto: input 1, output 2, name 3, op_type 4, attribute 5, domain 7.
    static func decode(_ r: inout ONNXReader) throws(ONNXDecodeError) -> ONNXNode {
        var node = ONNXNode()
        while let f = try r.nextField(in: "NodeProto") {
            switch f.number {
            case 1: node.inputs.append(try r.string(f, "NodeProto.input"))
            case 2: node.outputs.append(try r.string(f, "NodeProto.output"))
            case 3: node.name = try r.string(f, "NodeProto.name")
            case 4: node.opType = try r.string(f, "NodeProto.op_type")
            case 5: node.attributes.append(try r.message(f, "NodeProto.attribute") { (a: inout ONNXReader) throws(ONNXDecodeError) in try ONNXAttribute.decode(&a) })
            case 7: node.domain = try r.string(f, "NodeProto.domain")
            default: try r.skip(f, in: "NodeProto")
            }
        }
        return node
    }
}
