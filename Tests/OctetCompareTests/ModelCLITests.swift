import Foundation
import OctetModel
import OctetTestSupport
import Testing

/// `octet demo`, `inspect`, `run`, `quantize` end to end through the built binary.
@Suite(
    "octet model commands",
    .enabled(if: OctetTool.url != nil, "needs an octet binary newer than its object files: run `swift build`"))
struct ModelCLITests {
    private func octet(_ arguments: String...) throws -> ToolRun { try OctetTool.run(arguments) }
    static let demo = "Tools/octet/Demo/digits-cnn.onnx"

    func temporaryDirectory() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("octet-cli-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test func demoRunsTheWholeJobAndWritesItsModel() throws {
        let dir = try temporaryDirectory()
        let run = try octet("demo", "--output-dir", dir)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("float32      accuracy 97.25% on 400 test samples"))
        #expect(run.stdout.contains("int8         accuracy"))
        // The written model and ranges feed `quantize` and `run`: same bytes, same logits.
        let again = "\(dir)/again.octet"
        let q = try octet("quantize", Self.demo, "--ranges", "\(dir)/ranges.json", "-o", again)
        #expect(q.status == 0, "\(q.stderr)")
        #expect(FileManager.default.contents(atPath: again) == FileManager.default.contents(atPath: "\(dir)/demo.octet"))
        let r = try octet("run", again, "--input", "Tools/octet/Demo/test.npy", "--output", "\(dir)/logits.npy")
        #expect(r.status == 0, "\(r.stderr)")
        let logits = try readNPY(path: "\(dir)/logits.npy")
        #expect(logits.shape == [400, 10])
        let inspect = try octet("inspect", again)
        #expect(inspect.status == 0)
        #expect(inspect.stdout.contains("arena bytes: "))
        #expect(inspect.stdout.contains("fullyConnected '/fc/Gemm'"))
    }

    @Test func runOfTheONNXModelMatchesONNXRuntime() throws {
        let dir = try temporaryDirectory()
        let r = try octet("run", Self.demo, "--input", "Tools/octet/Demo/test.npy", "--output", "\(dir)/float.npy")
        #expect(r.status == 0, "\(r.stderr)")
        guard case .float32(let got) = try readNPY(path: "\(dir)/float.npy").values,
              case .float32(let ort) = try readNPY(path: "Tools/octet/Demo/test-logits-ort.npy").values
        else { Issue.record("float arrays"); return }
        // The float32 executor vs ORT 1.31.1's logits: within 1e-4 relative (Double vs float sums).
        #expect(zip(got, ort).allSatisfy { abs($0 - $1) <= 1e-4 * (1 + abs($1)) })
    }

    @Test func badInputsExitTwoNamingTheProblem() throws {
        let dir = try temporaryDirectory()
        let missing = try octet("inspect", "\(dir)/nope.onnx")
        #expect(missing.status == 2 && missing.stderr.contains("nope.onnx"))
        let unsupported = try octet("inspect", "Tests/Fixtures/models/invalid/invalid_unsupported_op.onnx")
        #expect(unsupported.status == 2 && unsupported.stderr.contains("Sigmoid") && unsupported.stderr.contains("sig0"))
        let ranges = "\(dir)/ranges.json"
        try Data(#"{"input": [0, 1]}"#.utf8).write(to: URL(fileURLWithPath: ranges))
        let q = try octet("quantize", Self.demo, "--ranges", ranges, "-o", "\(dir)/x.octet")
        #expect(q.status == 2 && q.stderr.contains("no calibration range for tensor"))
        #expect(!FileManager.default.fileExists(atPath: "\(dir)/x.octet"))
        let shape = try octet("run", Self.demo, "--input", "Tests/Fixtures/models/conv_3x3_p1.input.npy")
        #expect(shape.status == 2 && shape.stderr.contains("does not fit input 'input'"))
        let truncated = "\(dir)/t.octet"
        try Data([0x4F, 0x43, 0x54]).write(to: URL(fileURLWithPath: truncated))
        let bad = try octet("inspect", truncated)
        #expect(bad.status == 2 && bad.stderr.contains("invalid .octet model"))
        let usage = try octet("quantize", Self.demo, "-o", "\(dir)/y.octet")
        #expect(usage.status == 2 && usage.stderr.contains("--ranges FILE is required"))
        #expect(try octet("run", "--help").stdout.contains("USAGE: octet run"))
    }
}
