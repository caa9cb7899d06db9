/// How far Octet's output may be from the expected output, in LSB (quantized units), for a case
/// to pass: a default for every op and optional per-op overrides. Elements within the tolerance
/// but not equal are still counted and reported. Max-pool indices are always compared exactly.
public struct ConformanceTolerance: Equatable, Sendable {
    /// The largest tolerance accepted (the full int8 span).
    public static let maximum = 255

    /// Bit-exact for every op.
    public static let exact = ConformanceTolerance()

    /// Tolerance for ops without an override.
    public var all: Int
    public var perOp: [ConformanceOp: Int]

    public init(all: Int = 0, perOp: [ConformanceOp: Int] = [:]) {
        self.all = all
        self.perOp = perOp
    }

    /// The tolerance applied to `op`.
    public func lsb(for op: ConformanceOp) -> Int { perOp[op] ?? all }
}
