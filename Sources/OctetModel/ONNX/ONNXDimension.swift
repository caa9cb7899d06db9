/// A TensorShapeProto.Dimension: a fixed size, a symbolic name (dim_param), or neither.
public enum ONNXDimension: Sendable, Equatable {
    case value(Int64)
    case parameter(String)
    case unknown
}
