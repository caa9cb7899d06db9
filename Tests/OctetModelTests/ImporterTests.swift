import Octet
@testable import OctetModel
import OctetTestSupport
import Testing

@Suite struct ImporterTests {
    @Test(arguments: ModelCases.manifest.cases)
    func importsEveryFixtureModel(_ c: ModelCases.Case) throws {
        let model = try importONNX(path: ModelCases.path(c.file), batch: c.inputs[0].shape[0])
        #expect(model.inputs.map(\.name) == c.inputs.map(\.name))
        #expect(model.outputs.map(\.name) == c.outputs.map(\.name))
        #expect(model.outputs.map(\.onnxShape) == c.outputs.map(\.shape), "output shapes")
        for (b, t) in zip(model.inputs, c.inputs) { #expect(b.onnxShape == t.shape) }
    }

    @Test(arguments: ModelCases.manifest.invalid)
    func rejectsInvalidModelsNamingTheProblem(_ c: ModelCases.Invalid) {
        do {
            _ = try importONNX(path: ModelCases.path(c.file))
            Issue.record("\(c.name) imported")
        } catch {
            #expect(error.description.contains(c.expectedError), "\(error.description)")
        }
    }
}

@Suite struct DemoImportTests {
    static let demoPath = Fixtures.packageRoot.appendingPathComponent("Tools/octet/Demo/digits-cnn.onnx").path

    @Test func demoModelFoldsBatchNormAndFusesRelu() throws {
        let model = try importONNX(path: Self.demoPath)
        let ops = model.graph.nodes.map(\.op)
        let relu = Conv2DParameters(stride: Spatial(1, 1), padding: .symmetric(Spatial(1, 1)), activation: .relu)
        guard ops.count == 8 else { Issue.record("ops: \(ops)"); return }
        #expect(ops[0] == .conv(relu) && ops[2] == .conv(relu) && ops[4] == .conv(relu))
        #expect(ops[1] == .maxPool(PoolParameters(window: Spatial(2, 2), stride: Spatial(2, 2), padding: .symmetric(Spatial(0, 0)))))
        #expect(ops[5] == .globalAveragePool && ops[6] == .reshape && ops[7] == .fullyConnected(.none))
        #expect(model.inputs[0].onnxShape == [1, 1, 16, 16])
        #expect(model.outputs[0].onnxShape == [1, 10])
        #expect(model.graph.tensors.count == 9 + 3 * 2 + 2)  // 9 activations, 3 conv w+b, fc w+b
    }
}
