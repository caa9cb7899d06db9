/// The outcome of one conformance case: every vector run and compared element by element.
public struct CaseResult: Equatable, Sendable {
    public var file: String
    public var op: ConformanceOp
    public var source: String
    /// The tolerance the case was judged with, in LSB.
    public var tolerance: Int
    public var vectors: Int
    /// Output elements compared (all vectors).
    public var outputsCompared: Int
    /// Output elements that differ at all (|diff| ≥ 1), within the tolerance or not.
    public var outputsDiffering: Int
    /// Output elements with |diff| > tolerance.
    public var outputsBeyondTolerance: Int
    /// The largest |Octet − expected| over all output elements.
    public var maxAbsDifference: Int
    /// Max pool with expected indices: index elements compared, and how many differ (exact).
    public var indicesCompared: Int
    public var indicesDiffering: Int
    /// The first elements that made the case fail (beyond tolerance, or a differing index), in
    /// vector and element order; at most `ElementDifference.recorded`.
    public var failures: [ElementDifference]

    /// True when no output element is beyond the tolerance and no index differs.
    public var passed: Bool { outputsBeyondTolerance == 0 && indicesDiffering == 0 }
}
