/// A decoded ONNX ModelProto: the parts Octet's importer reads.
public struct ONNXModel: Sendable {
    public var irVersion: Int64
    public var opsetImports: [ONNXOperatorSet]
    public var producerName: String
    public var graph: ONNXGraph

    public init(irVersion: Int64, opsetImports: [ONNXOperatorSet], producerName: String, graph: ONNXGraph) {
        self.irVersion = irVersion
        self.opsetImports = opsetImports
        self.producerName = producerName
        self.graph = graph
    }

    /// The default-domain ("" or "ai.onnx") opset version, nil if absent.
    public var defaultOpset: Int64? {
        opsetImports.first { $0.domain.isEmpty || $0.domain == "ai.onnx" }?.version
    }
}
