/// The totals of one op's cases.
public struct OpSummary: Equatable, Sendable {
    public var op: ConformanceOp
    public var cases: Int
    public var passed: Int
    public var outputsCompared: Int
    public var outputsDiffering: Int
    public var outputsBeyondTolerance: Int
    public var maxAbsDifference: Int
    public var indicesCompared: Int
    public var indicesDiffering: Int
    /// The tolerance the op's cases were judged with (the largest, if they differ).
    public var tolerance: Int

    public init(op: ConformanceOp, results: [CaseResult]) {
        self.op = op
        cases = results.count
        passed = results.filter(\.passed).count
        outputsCompared = results.reduce(0) { $0 + $1.outputsCompared }
        outputsDiffering = results.reduce(0) { $0 + $1.outputsDiffering }
        outputsBeyondTolerance = results.reduce(0) { $0 + $1.outputsBeyondTolerance }
        maxAbsDifference = results.map(\.maxAbsDifference).max() ?? 0
        indicesCompared = results.reduce(0) { $0 + $1.indicesCompared }
        indicesDiffering = results.reduce(0) { $0 + $1.indicesDiffering }
        tolerance = results.map(\.tolerance).max() ?? 0
    }

    public var failed: Int { cases - passed }

    /// e.g. "mean: 6 cases (6 passed, 0 failed), 168 outputs compared, 12 differ (7.14%), max |diff| 1,
    /// tolerance 1 LSB: 0 beyond" — the tolerance part only when it is not 0, indices only for max pool.
    public var line: String {
        var text = "\(op): \(cases) case\(cases == 1 ? "" : "s") (\(passed) passed, \(failed) failed), "
        text += "\(outputsCompared) outputs compared, \(outputsDiffering) differ"
        if outputsDiffering > 0 && outputsCompared > 0 { text += " (\(percent(outputsDiffering, outputsCompared)))" }
        text += ", max |diff| \(maxAbsDifference)"
        if tolerance > 0 { text += ", tolerance \(tolerance) LSB: \(outputsBeyondTolerance) beyond" }
        if indicesCompared > 0 { text += ", \(indicesCompared) indices compared, \(indicesDiffering) differ" }
        return text
    }
}

/// "7.14%": part/whole with two decimals, rounded half up, in integer arithmetic (no locale).
func percent(_ part: Int, _ whole: Int) -> String {
    let hundredths = (part * 10_000 * 2 + whole) / (2 * whole)
    let fraction = hundredths % 100
    return "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)%"
}
