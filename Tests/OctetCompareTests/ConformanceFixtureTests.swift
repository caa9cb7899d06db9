import Foundation
import OctetCompare
import Testing

// The generated peer fixtures (Tests/Fixtures/conformance/{tflite,ort}, written by
// Tools/gen_conformance.py; each file names its runtime and version in "source" and "versions").
//
// TFLite (2.21.0, BUILTIN_REF): conv2d, depthwise_conv2d, fully_connected, max_pool2d, avg_pool2d
// and add must match bit-exactly — never loosen these: a mismatch is a kernel bug to report.
// mean runs as Octet's global average pool, which rounds once where TFLite's MEAN rounds two or
// three times (DESIGN.md §3): ±1 LSB allowed, and the rate reported.
// ONNX Runtime (1.31.1): max pool exact (values and indices); the averages (QLinearAveragePool,
// QLinearGlobalAveragePool) and QLinearConv requantize in float32 and round half to even, where
// Octet follows TFLite's rounding: ±1 LSB allowed, counted.
//
// Each file's "reference_check" is the generator's comparison of the peer with a Python model of
// DESIGN.md §3; Octet must disagree with the peer in exactly the same number of elements, by the
// same maximum — i.e. every remaining difference is one the contract predicts.

/// The tolerance each op's cases are judged with.
private func tolerance(runtime: String, op: ConformanceOp) -> Int {
    switch (runtime, op) {
    case ("tflite", .mean): return 1
    case ("tflite", _): return 0
    case ("ort", .maxPool2d): return 0
    case ("ort", _): return 1
    default: return 0
    }
}

/// The generator's peer-vs-model counts from the file's "reference_check".
private func referenceCheck(_ path: String) throws -> (differ: Int, maxAbs: Int)? {
    let root = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any]
    guard let check = root?["reference_check"] as? [String: Any],
          let differ = check["differ"] as? Int, let maxAbs = check["max_abs"] as? Int
    else { return nil }
    return (differ, maxAbs)
}

private func run(_ path: String, runtime: String) throws -> CaseResult {
    let c = try ConformanceCase.load(path: path)
    let lsb = tolerance(runtime: runtime, op: c.op)
    return try ConformanceRunner(tolerance: ConformanceTolerance(perOp: [c.op: lsb])).run(c)
}

/// "FILE (op): 3 of 756 outputs differ, max |diff| 1; first: …" for failure messages.
private func describe(_ r: CaseResult) -> String {
    "\(r.file) (\(r.op), \(r.source)): \(r.outputsDiffering) of \(r.outputsCompared) outputs differ "
        + "(\(r.outputsBeyondTolerance) beyond \(r.tolerance) LSB), max |diff| \(r.maxAbsDifference), "
        + "\(r.indicesDiffering) of \(r.indicesCompared) indices differ; first: "
        + r.failures.map(\.description).joined(separator: "; ")
}

@Suite("Peer conformance fixtures")
struct ConformanceFixtureTests {
    static let tflite = CaseFiles.peerFiles("tflite")
    static let ort = CaseFiles.peerFiles("ort")

    @Test("The fixture directories hold cases for every op")
    func present() throws {
        #expect(!Self.tflite.isEmpty && !Self.ort.isEmpty, "no files under \(CaseFiles.peers.path)")
        let ops = try Set((Self.tflite + Self.ort).map { try ConformanceCase.load(path: $0).op })
        #expect(ops == Set(ConformanceOp.allCases))
    }

    @Test("TFLite: bit-exact (mean within 1 LSB)", arguments: tflite)
    func tfliteCase(_ path: String) throws {
        let r = try run(path, runtime: "tflite")
        #expect(r.source.hasPrefix("TFLite"))
        #expect(r.passed, "\(describe(r))")
        if r.op != .mean {
            #expect(r.outputsDiffering == 0, "\(describe(r))")
        }
    }

    @Test("ONNX Runtime: max pool exact with indices, the rest within 1 LSB", arguments: ort)
    func ortCase(_ path: String) throws {
        let r = try run(path, runtime: "ort")
        #expect(r.source.hasPrefix("onnxruntime"))
        #expect(r.passed, "\(describe(r))")
        if r.op == .maxPool2d {
            #expect(r.outputsDiffering == 0 && r.indicesCompared > 0, "\(describe(r))")
        }
    }

    @Test("Octet's differences from the peer are exactly the ones DESIGN.md predicts", arguments: tflite + ort)
    func matchesContractModel(_ path: String) throws {
        let runtime = path.contains("/tflite/") ? "tflite" : "ort"
        let r = try run(path, runtime: runtime)
        if runtime == "tflite" && path.contains("/mean_") {
            // Octet's `mean` op is TFLite 2.21's MEAN arithmetic: exact, where the generator's
            // DESIGN.md model (one rounding) differs by ±1.
            #expect(r.outputsDiffering == 0 && r.maxAbsDifference == 0, "\(describe(r))")
            return
        }
        let check = try #require(try referenceCheck(path), "\(path): no reference_check")
        #expect(r.outputsDiffering == check.differ, "\(describe(r)); generator's model of DESIGN.md differs in \(check.differ)")
        #expect(r.maxAbsDifference == check.maxAbs, "\(describe(r)); generator's model max |diff| \(check.maxAbs)")
    }

    @Test("Whole directories through the suite: TFLite exact (every op, mean included), ORT with 1 except max pool; rates printed")
    func suites() {
        let tfliteReport = ConformanceSuite.run(
            paths: [CaseFiles.peers.appendingPathComponent("tflite").path], tolerance: ConformanceTolerance())
        #expect(tfliteReport.errors.isEmpty, "\(tfliteReport.errors)")
        #expect(tfliteReport.exitStatus == .success, "\(tfliteReport.failureLines)")
        for s in tfliteReport.summaries {
            #expect(s.outputsDiffering == 0, "\(s.line)")
        }
        let ortReport = ConformanceSuite.run(
            paths: [CaseFiles.peers.appendingPathComponent("ort").path],
            tolerance: ConformanceTolerance(all: 1, perOp: [.maxPool2d: 0]))
        #expect(ortReport.errors.isEmpty, "\(ortReport.errors)")
        #expect(ortReport.exitStatus == .success, "\(ortReport.failureLines)")
        // The ±1 rates, for the test log.
        print("TFLite (exact):\n  " + tfliteReport.summaryLines.joined(separator: "\n  "))
        print("ONNX Runtime (tolerance 1, max pool exact):\n  " + ortReport.summaryLines.joined(separator: "\n  "))
    }
}
