/// A decoded NodeProto. An empty input name marks an omitted optional input, as in ONNX.
public struct ONNXNode: Sendable {
    public var name: String
    public var opType: String
    public var domain: String
    public var inputs: [String]
    public var outputs: [String]
    public var attributes: [ONNXAttribute]

    public init(
        name: String = "", opType: String = "", domain: String = "", inputs: [String] = [],
        outputs: [String] = [], attributes: [ONNXAttribute] = []
    ) {
        self.name = name
        self.opType = opType
        self.domain = domain
        self.inputs = inputs
        self.outputs = outputs
        self.attributes = attributes
    }

    /// The first attribute named `name`, if any.
    public func attribute(_ name: String) -> ONNXAttribute? {
        attributes.first { $0.name == name }
    }
}
