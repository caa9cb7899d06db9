/// An error type a `ProtobufReader` can throw: it wraps the reader's wire-level `ProtobufError`.
/// Message decoders (ONNX, tests) choose their own error type and keep typed throws end to end.
public protocol ProtobufFailure: Error {
    init(_ error: ProtobufError)
}

extension ProtobufError: ProtobufFailure {
    public init(_ error: ProtobufError) { self = error }
}
