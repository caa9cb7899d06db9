import Foundation
import Octet
@testable import OctetCompare
import Testing

/// The runner on hand-computed cases (Tests/Fixtures/conformance-cli/pass, arithmetic in each
/// file's notes), deliberate mismatches, tolerance, and the report's text and exit status.
@Suite("Conformance runner")
struct ConformanceRunnerTests {
    @Test("Each op's hand-computed case passes bit-exactly", arguments: ConformanceOp.allCases)
    func handComputed(_ op: ConformanceOp) throws {
        let result = try ConformanceRunner().run(path: CaseFiles.passPath(op))
        #expect(result.op == op)
        #expect(result.passed)
        #expect(result.outputsDiffering == 0)
        #expect(result.maxAbsDifference == 0)
        #expect(result.failures.isEmpty)
        #expect(result.tolerance == 0)
    }

    @Test("Counts: vectors, outputs and indices compared")
    func counts() throws {
        let conv = try ConformanceRunner().run(path: CaseFiles.passPath(.conv2d))
        #expect(conv.vectors == 2)
        #expect(conv.outputsCompared == 4)
        #expect(conv.indicesCompared == 0)
        let pool = try ConformanceRunner().run(path: CaseFiles.passPath(.maxPool2d))
        #expect(pool.outputsCompared == 4)
        #expect(pool.indicesCompared == 4)
        #expect(pool.indicesDiffering == 0)
    }

    @Test("Max pool without expected indices runs the kernel without indices")
    func maxPoolWithoutIndices() throws {
        let data = try edited(CaseFiles.text(.maxPool2d), [("vectors[0].indices", nil)])
        let result = try runCase(data).get()
        #expect(result.passed)
        #expect(result.indicesCompared == 0)
    }

    @Test("A wrong expected output is a mismatch, counted and located")
    func mismatch() throws {
        let result = try ConformanceRunner().run(path: CaseFiles.path("mismatch/add_wrong_output.json"))
        #expect(!result.passed)
        #expect(result.outputsCompared == 4)
        #expect(result.outputsDiffering == 1)
        #expect(result.outputsBeyondTolerance == 1)
        #expect(result.maxAbsDifference == 1)
        #expect(result.failures == [ElementDifference(field: "vectors[0].output[3]", coordinates: [0, 0, 1, 1], expected: 0, actual: -1)])
        #expect(result.failures[0].description == "vectors[0].output[3] at [0, 0, 1, 1]: expected 0, Octet -1 (|diff| 1)")
        let report = ConformanceReport(results: [result], errors: [])
        #expect(report.exitStatus == .gateFailed)
        #expect(report.finalLine == "0 passed, 1 failed")
        #expect(report.failureLines == [
            "FAIL \(result.file) (add, hand-computed (DESIGN.md section 3)): 1 of 4 outputs differ by more than 0 LSB (max |diff| 1)",
            "  vectors[0].output[3] at [0, 0, 1, 1]: expected 0, Octet -1 (|diff| 1)",
        ])
    }

    @Test("Tolerance K: within K passes but is still counted; per-op tolerance applies to its op only")
    func tolerance() throws {
        let path = CaseFiles.path("mismatch/add_wrong_output.json")
        let loose = try ConformanceRunner(tolerance: ConformanceTolerance(all: 1)).run(path: path)
        #expect(loose.passed)
        #expect(loose.tolerance == 1)
        #expect(loose.outputsDiffering == 1)
        #expect(loose.outputsBeyondTolerance == 0)
        #expect(loose.failures.isEmpty)
        #expect(try ConformanceRunner(tolerance: ConformanceTolerance(perOp: [.add: 1])).run(path: path).passed)
        #expect(try !ConformanceRunner(tolerance: ConformanceTolerance(perOp: [.mean: 1])).run(path: path).passed)
        #expect(try !ConformanceRunner(tolerance: ConformanceTolerance(all: 1, perOp: [.add: 0])).run(path: path).passed)
        // Off by 2: beyond tolerance 1.
        let data = try edited(CaseFiles.text(.add), [("vectors[0].output[0]", "4")])
        let two = try runCase(data, tolerance: ConformanceTolerance(all: 1)).get()
        #expect(!two.passed)
        #expect(two.maxAbsDifference == 2)
        #expect(two.outputsBeyondTolerance == 1)
    }

    @Test("A wrong expected index fails the case whatever the tolerance")
    func indexMismatch() throws {
        let data = try edited(CaseFiles.text(.maxPool2d), [("vectors[0].indices[3]", "8")])
        let result = try runCase(data, tolerance: ConformanceTolerance(all: ConformanceTolerance.maximum)).get()
        #expect(!result.passed)
        #expect(result.outputsDiffering == 0)
        #expect(result.indicesDiffering == 1)
        #expect(result.failures == [ElementDifference(field: "vectors[0].indices[3]", coordinates: [0, 1, 1, 0], expected: 8, actual: 7)])
        let lines = ConformanceReport(results: [result], errors: []).failureLines
        #expect(lines.first?.hasSuffix("0 of 4 outputs differ by more than 255 LSB (max |diff| 0), 1 of 4 indices differ") == true)
    }

    @Test("Each hand-computed case fails when every expected output is off by one", arguments: ConformanceOp.allCases)
    func everyOpDetectsMismatch(_ op: ConformanceOp) throws {
        let c = try ConformanceCase.load(path: CaseFiles.passPath(op))
        var shifted = c
        for v in shifted.vectors.indices {
            shifted.vectors[v].output = shifted.vectors[v].output.map { $0 == 127 ? 126 : $0 + 1 }
        }
        let result = try ConformanceRunner().run(shifted)
        #expect(!result.passed)
        let total = c.vectors.reduce(0) { $0 + $1.output.count }
        #expect(result.outputsBeyondTolerance == total)
        #expect(result.maxAbsDifference == 1)
        #expect(result.failures.count == min(total, ElementDifference.recorded))
    }

    @Test("At most 8 differences are kept; the failure text says how many more")
    func failureCap() throws {
        let c = try ConformanceCase.load(path: CaseFiles.passPath(.depthwiseConv2d))
        var wrong = c
        wrong.vectors[0].output = wrong.vectors[0].output.map { $0 - 2 }
        let result = try ConformanceRunner().run(wrong)
        #expect(result.outputsBeyondTolerance == 16)
        #expect(result.failures.count == 8)
        #expect(result.failures.map(\.field) == (0..<8).map { "vectors[0].output[\($0)]" })
        let lines = ConformanceReport(results: [result], errors: []).failureLines
        #expect(lines.count == 10)
        #expect(lines.last == "  … 8 more")
    }

    @Test("Per-op lines and the final line")
    func reportLines() throws {
        let report = ConformanceSuite.run(paths: [CaseFiles.path("pass"), CaseFiles.path("mismatch")])
        #expect(report.summaryLines == [
            "conv2d: 1 case (1 passed, 0 failed), 4 outputs compared, 0 differ, max |diff| 0",
            "depthwise_conv2d: 1 case (1 passed, 0 failed), 16 outputs compared, 0 differ, max |diff| 0",
            "fully_connected: 1 case (1 passed, 0 failed), 4 outputs compared, 0 differ, max |diff| 0",
            "max_pool2d: 1 case (1 passed, 0 failed), 4 outputs compared, 0 differ, max |diff| 0, 4 indices compared, 0 differ",
            "avg_pool2d: 1 case (1 passed, 0 failed), 2 outputs compared, 0 differ, max |diff| 0",
            "mean: 1 case (1 passed, 0 failed), 2 outputs compared, 0 differ, max |diff| 0",
            "global_avg_pool2d: 1 case (1 passed, 0 failed), 2 outputs compared, 0 differ, max |diff| 0",
            "add: 2 cases (1 passed, 1 failed), 8 outputs compared, 1 differ (12.50%), max |diff| 1",
            "8 passed, 1 failed",
        ])
        #expect(report.exitStatus == .gateFailed)
        let loose = ConformanceSuite.run(paths: [CaseFiles.path("mismatch")], tolerance: ConformanceTolerance(perOp: [.add: 1]))
        #expect(loose.summaryLines == [
            "add: 1 case (1 passed, 0 failed), 4 outputs compared, 1 differ (25.00%), max |diff| 1, tolerance 1 LSB: 0 beyond",
            "1 passed, 0 failed",
        ])
        #expect(loose.exitStatus == .success)
    }

    @Test("Exit status: input errors outrank mismatches, which outrank success")
    func exitStatus() throws {
        let pass = try ConformanceRunner().run(path: CaseFiles.passPath(.add))
        let fail = try ConformanceRunner().run(path: CaseFiles.path("mismatch/add_wrong_output.json"))
        let error = ConformanceError.noSuchPath(path: "x")
        #expect(ConformanceReport(results: [pass], errors: []).exitStatus == .success)
        #expect(ConformanceReport(results: [pass, fail], errors: []).exitStatus == .gateFailed)
        #expect(ConformanceReport(results: [pass, fail], errors: [error]).exitStatus == .inputError)
        #expect(ConformanceReport(results: [], errors: [error]).summaryLines == [
            "1 input error (files not run; see stderr)", "0 passed, 0 failed",
        ])
        #expect(ExitStatus.success.rawValue == 0 && ExitStatus.gateFailed.rawValue == 1)
        #expect(ExitStatus.inputError.rawValue == 2 && ExitStatus.internalError.rawValue == 3)
    }

    @Test("Percentages and coordinates")
    func helpers() {
        #expect(percent(1, 3) == "33.33%")
        #expect(percent(2, 3) == "66.67%")
        #expect(percent(1, 4) == "25.00%")
        #expect(percent(1, 1) == "100.00%")
        #expect(percent(1, 20000) == "0.01%")
        #expect(coordinates(0, [1, 2, 3, 4]) == [0, 0, 0, 0])
        #expect(coordinates(23, [1, 2, 3, 4]) == [0, 1, 2, 3])
        #expect(coordinates(5, [2, 3]) == [1, 2])
    }
}
