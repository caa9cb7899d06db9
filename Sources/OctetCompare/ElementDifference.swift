/// One element where Octet and the expected output disagree.
public struct ElementDifference: Equatable, Sendable, CustomStringConvertible {
    /// How many differences a `CaseResult` keeps for its message.
    public static let recorded = 8

    /// JSON path of the expected element, e.g. "vectors[1].output[17]".
    public var field: String
    /// The element's coordinates in the output shape, e.g. [0, 2, 1, 5] for NHWC.
    public var coordinates: [Int]
    public var expected: Int
    public var actual: Int

    /// "vectors[1].output[17] at [0, 2, 1, 5]: expected 12, Octet 13 (|diff| 1)".
    public var description: String {
        "\(field) at \(coordinates): expected \(expected), Octet \(actual) (|diff| \(abs(actual - expected)))"
    }
}
