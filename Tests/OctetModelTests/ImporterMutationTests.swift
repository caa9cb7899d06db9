import Foundation
import Octet
@testable import OctetModel
import OctetTestSupport
import Testing

/// Hostile models end to end: seeded mutations (bit flips, byte overwrites, truncations) of the
/// demo ONNX model go through decode → import → .octet → load → one run. Each must end in a
/// typed error at some stage or in a model that runs — never a trap or a hang.
@Suite struct ImporterMutationTests {
    @Test func mutatedDemoModelsNeverTrap() throws {
        let original = [UInt8](try Data(contentsOf: URL(fileURLWithPath: DemoImportTests.demoPath)))
        var rng = SeededRandom(seed: 0x0C7E_7004)
        var outcomes: [String: Int] = [:]
        for k in 0..<900 {
            var bytes = original
            switch k % 3 {
            case 0:
                let i = Int(rng.next() % UInt64(bytes.count))
                bytes[i] ^= UInt8(1) << (rng.next() % 8)
            case 1:
                let i = Int(rng.next() % UInt64(bytes.count))
                for j in i..<min(bytes.count, i + 1 + Int(rng.next() % 4)) { bytes[j] = UInt8(truncatingIfNeeded: rng.next()) }
            default:
                bytes.removeLast(1 + Int(rng.next() % UInt64(bytes.count - 1)))
            }
            outcomes[Self.outcome(bytes), default: 0] += 1
        }
        #expect(outcomes["decode error", default: 0] > 0)
        #expect(outcomes["ran", default: 0] > 0)
        #expect(outcomes.values.reduce(0, +) == 900)
    }

    static func outcome(_ bytes: [UInt8]) -> String {
        let decoded: ONNXModel
        do throws(ONNXDecodeError) { decoded = try decodeONNXModel(bytes) } catch { return "decode error" }
        let model: ImportedModel
        do throws(ImportError) { model = try importONNX(decoded) } catch { return "import error" }
        let runner: ModelRunner
        do throws(RunnerError) { runner = try ModelRunner(model) } catch { return "load error" }
        let inputs = runner.inputs.map { [Float](repeating: 0.5, count: $0.onnxShape.reduce(1, *)) }
        do throws(RunnerError) { _ = try runner.run(inputs) } catch { return "run error" }
        return "ran"
    }
}
