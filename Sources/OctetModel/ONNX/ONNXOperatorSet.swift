/// An OperatorSetIdProto: an operator domain ("" is the default ai.onnx domain) and its version.
public struct ONNXOperatorSet: Sendable, Equatable {
    public var domain: String
    public var version: Int64

    public init(domain: String, version: Int64) {
        self.domain = domain
        self.version = version
    }
}
