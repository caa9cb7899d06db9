/// The operators of a .octet file (OctetFormat.md §6), by op code.
public enum OpCode: UInt16, Equatable, Sendable {
    case conv = 1
    case depthwiseConv = 2
    case fullyConnected = 3
    case maxPool = 4
    case averagePool = 5
    case lpPool = 6
    case globalAveragePool = 7
    case globalMaxPool = 8
    case globalLpPool = 9
    case maxUnpool = 10
    case add = 11
    case concat = 12
    case reshape = 13
    case quantize = 14
    case dequantize = 15
    case requantize = 16
    case clamp = 17
    case softmax = 18

    /// The length of the op's parameter record in bytes (§6).
    public var parameterLength: Int {
        switch self {
        case .conv, .depthwiseConv: return 60
        case .fullyConnected, .add, .clamp: return 12
        case .maxPool, .averagePool, .lpPool: return 88
        case .globalLpPool: return 4
        default: return 0
        }
    }

    /// The input counts the op takes (an absent bias still counts as an input).
    var inputCounts: ClosedRange<Int> {
        switch self {
        case .conv, .depthwiseConv, .fullyConnected: return 2...3
        case .maxUnpool, .add: return 2...2
        case .concat: return 1...65535
        default: return 1...1
        }
    }

    /// The output counts the op takes.
    var outputCounts: ClosedRange<Int> { self == .maxPool ? 1...2 : 1...1 }
}

/// A node's parsed parameter record.
public enum NodeParameters: Equatable, Sendable {
    /// Ops without parameters.
    case none
    /// CONV: geometry (explicit padding), groups and the fused activation.
    case conv(Conv2DParameters)
    /// DEPTHWISE_CONV: geometry, activation and the channel multiplier.
    case depthwiseConv(Conv2DParameters, multiplier: Int)
    /// FULLY_CONNECTED, ADD, CLAMP: the activation record.
    case activation(FusedActivation)
    /// MAX_POOL, AVERAGE_POOL, LP_POOL (p is 0 except for LP_POOL).
    case pool(PoolParameters, p: Int)
    /// GLOBAL_LP_POOL.
    case globalLp(p: Int)
}

/// The section tags of §1 as little-endian u32 values.
public enum SectionTag {
    public static let strings: UInt32 = tag(0x53, 0x54, 0x52, 0x53)  // "STRS"
    public static let tensors: UInt32 = tag(0x54, 0x45, 0x4E, 0x53)  // "TENS"
    public static let nodes: UInt32 = tag(0x4E, 0x4F, 0x44, 0x45)  // "NODE"
    public static let graphIO: UInt32 = tag(0x47, 0x52, 0x49, 0x4F)  // "GRIO"
    public static let data: UInt32 = tag(0x44, 0x41, 0x54, 0x41)  // "DATA"

    static func tag(_ a: UInt32, _ b: UInt32, _ c: UInt32, _ d: UInt32) -> UInt32 {
        a | b << 8 | c << 16 | d << 24
    }
}

/// The .octet magic, "OCTET\0\r\n".
public let octetMagic: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) = (0x4F, 0x43, 0x54, 0x45, 0x54, 0x00, 0x0D, 0x0A)
