import Foundation
import Octet
@testable import OctetModel
import OctetTestSupport
import Testing

/// The float32 executor (importer → .octet → interpreter with the float32 reference kernels)
/// against ONNX Runtime 1.31.1's outputs (Tools/gen_model_fixtures.py). Tolerance: |Octet − ORT|
/// ≤ 1e-4·(1 + |ORT|) per element — both sum in different orders (Octet's reference kernels in
/// Double, ORT in float32), so they agree to a few float32 ulps of the partial sums.
@Suite struct FloatExecutorTests {
    static func values(_ file: String) throws -> NPYArray {
        try readNPY(path: ModelCases.path(file))
    }

    @Test(arguments: ModelCases.manifest.cases)
    func matchesONNXRuntime(_ c: ModelCases.Case) throws {
        let model = try importONNX(path: ModelCases.path(c.file), batch: c.inputs[0].shape[0])
        let runner = try ModelRunner(model)
        var inputs: [[Float]] = []
        for i in c.inputs {
            guard case .float32(let v) = try Self.values(i.file).values else { Issue.record("input \(i.file)"); return }
            inputs.append(v)
        }
        let outputs = try runner.run(inputs)
        for (k, o) in c.outputs.enumerated() {
            let expected = try Self.values(o.file)
            switch (outputs[k], expected.values) {
            case (.float32(let got), .float32(let want)):
                #expect(got.count == want.count)
                var worst: Float = 0
                for (g, w) in zip(got, want) { worst = max(worst, abs(g - w) / (1 + abs(w))) }
                #expect(worst <= 1e-4, "\(c.name) output \(o.name): max relative difference \(worst)")
            case (.int32(let got), .int64(let want)):
                #expect(got.map(Int64.init) == want, "\(c.name) indices \(o.name)")
            default:
                Issue.record("\(c.name) output \(o.name): types \(outputs[k]) vs \(expected.values)")
            }
        }
    }
}
