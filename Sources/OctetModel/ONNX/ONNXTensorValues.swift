/// A tensor's elements in row-major order. INT16 tensors are widened to `.int32`
/// (their `ONNXTensor.dataType` stays 5).
public enum ONNXTensorValues: Sendable, Equatable {
    case float([Float])
    case int64([Int64])
    case int32([Int32])
    case double([Double])
    case uint8([UInt8])
    case int8([Int8])
    case bool([Bool])

    public var count: Int {
        switch self {
        case .float(let v): return v.count
        case .int64(let v): return v.count
        case .int32(let v): return v.count
        case .double(let v): return v.count
        case .uint8(let v): return v.count
        case .int8(let v): return v.count
        case .bool(let v): return v.count
        }
    }
}
