/// The element types Octet reads and writes in .npy files, with their numpy descr.
public enum NPYValues: Sendable, Equatable {
    case float32([Float])
    case float64([Double])
    case uint8([UInt8])
    case int8([Int8])
    case int64([Int64])
    case int32([Int32])

    public var count: Int {
        switch self {
        case .float32(let v): return v.count
        case .float64(let v): return v.count
        case .uint8(let v): return v.count
        case .int8(let v): return v.count
        case .int64(let v): return v.count
        case .int32(let v): return v.count
        }
    }

    /// The little-endian numpy descr: '<f4', '<f8', '|u1', '|i1', '<i8', '<i4'.
    public var descr: String {
        switch self {
        case .float32: return "<f4"
        case .float64: return "<f8"
        case .uint8: return "|u1"
        case .int8: return "|i1"
        case .int64: return "<i8"
        case .int32: return "<i4"
        }
    }
}
