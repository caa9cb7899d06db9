/// The element type of a tensor in a graph or a .octet file (the file stores the raw value).
public enum ElementType: UInt8, Equatable, Sendable {
    case int8 = 1
    case int32 = 2
    case float32 = 3

    /// Bytes per element.
    public var byteCount: Int { self == .int8 ? 1 : 4 }
}
