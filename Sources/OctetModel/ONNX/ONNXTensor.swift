/// A decoded TensorProto whose values are in the file (not external data).
/// `values` holds exactly product(dims) elements (a scalar has empty dims and one element).
public struct ONNXTensor: Sendable {
    public var name: String
    public var dims: [Int64]
    /// TensorProto.DataType: 1 FLOAT, 2 UINT8, 3 INT8, 5 INT16, 6 INT32, 7 INT64, 9 BOOL, 11 DOUBLE.
    public var dataType: Int32
    public var values: ONNXTensorValues

    public init(name: String, dims: [Int64], dataType: Int32, values: ONNXTensorValues) {
        self.name = name
        self.dims = dims
        self.dataType = dataType
        self.values = values
    }

    /// Float or double values as Float; nil for other types.
    public func floatValues() -> [Float]? {
        switch values {
        case .float(let v): return v
        case .double(let v): return v.map { Float($0) }
        default: return nil
        }
    }

    /// Int64 values, or Int32 (and INT16) values widened; nil for other types.
    public func int64Values() -> [Int64]? {
        switch values {
        case .int64(let v): return v
        case .int32(let v): return v.map { Int64($0) }
        default: return nil
        }
    }
}
