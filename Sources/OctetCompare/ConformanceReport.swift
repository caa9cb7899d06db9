/// The results of a conformance run: per-case results, the files that could not be run, per-op
/// summaries, the text the CLI prints and its exit status.
public struct ConformanceReport: Equatable, Sendable {
    public var results: [CaseResult]
    /// Input errors: files not run (and paths without case files).
    public var errors: [ConformanceError]

    public init(results: [CaseResult], errors: [ConformanceError]) {
        self.results = results
        self.errors = errors
    }

    /// Cases run that passed / failed.
    public var passed: Int { results.filter(\.passed).count }
    public var failed: Int { results.count - passed }

    /// 2 if any input error (the run is incomplete, so it cannot pass), else 1 if any case failed,
    /// else 0.
    public var exitStatus: ExitStatus {
        if !errors.isEmpty { return .inputError }
        return failed > 0 ? .gateFailed : .success
    }

    /// One summary per op that has cases, in `ConformanceOp` order.
    public var summaries: [OpSummary] {
        Dictionary(grouping: results, by: \.op).map { OpSummary(op: $0.key, results: $0.value) }.sorted { $0.op < $1.op }
    }

    /// "N passed, M failed" (cases).
    public var finalLine: String { "\(passed) passed, \(failed) failed" }

    /// For each failing case: a header line, then its first differing elements, indented.
    public var failureLines: [String] {
        var lines = [String]()
        for r in results where !r.passed {
            var header = "FAIL \(r.file) (\(r.op), \(r.source)): "
            header += "\(r.outputsBeyondTolerance) of \(r.outputsCompared) outputs differ by more than \(r.tolerance) LSB"
            header += " (max |diff| \(r.maxAbsDifference))"
            if r.indicesDiffering > 0 { header += ", \(r.indicesDiffering) of \(r.indicesCompared) indices differ" }
            lines.append(header)
            lines += r.failures.map { "  \($0)" }
            let total = r.outputsBeyondTolerance + r.indicesDiffering
            if total > r.failures.count { lines.append("  … \(total - r.failures.count) more") }
        }
        return lines
    }

    /// The per-op lines, a line counting the files not run (if any), and `finalLine` last.
    public var summaryLines: [String] {
        var lines = summaries.map(\.line)
        if !errors.isEmpty { lines.append("\(errors.count) input error\(errors.count == 1 ? "" : "s") (files not run; see stderr)") }
        lines.append(finalLine)
        return lines
    }
}
