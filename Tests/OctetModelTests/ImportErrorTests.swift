import Foundation
import Octet
@testable import OctetModel
import Testing

/// The importer's, quantizer's, runner's and ranges file's error paths, each fed the bad input.
/// Models are built in code: x [1, 2, 4, 4] → one node → y.
@Suite struct ImportErrorTests {
    static func model(_ nodes: [ONNXNode], initializers: [ONNXTensor] = [], input: [ONNXDimension]? = nil, opset: Int64 = 13) -> ONNXModel {
        let x = ONNXValueInfo(name: "x", elementType: 1, shape: input ?? [.value(1), .value(2), .value(4), .value(4)])
        return ONNXModel(
            irVersion: 8, opsetImports: [ONNXOperatorSet(domain: "", version: opset)], producerName: "test",
            graph: ONNXGraph(name: "g", nodes: nodes, initializers: initializers, inputs: [x], outputs: [ONNXValueInfo(name: "y")]))
    }

    static func conv(_ attributes: [ONNXAttribute]) -> ONNXModel {
        let w = ONNXTensor(name: "w", dims: [3, 2, 3, 3], dataType: 1, values: .float([Float](repeating: 0.1, count: 54)))
        return model([ONNXNode(name: "c", opType: "Conv", domain: "", inputs: ["x", "w"], outputs: ["y"], attributes: attributes)], initializers: [w])
    }

    @Test func attributeOfTheWrongTypeNamesNodeAndAttribute() {
        #expect(throws: ImportError.invalidAttribute(node: "c", opType: "Conv", attribute: "strides", reason: "expected a list of integers")) {
            try importONNX(Self.conv([ONNXAttribute(name: "strides", value: .float(2))]))
        }
    }

    @Test func paddingTheKernelRejectsIsAKernelErrorNamingTheNode() {
        do {
            _ = try importONNX(Self.conv([ONNXAttribute(name: "pads", value: .ints([3, 3, 3, 3]))]))
            Issue.record("imported")
        } catch {
            guard case .kernel(let node, "Conv", .invalidPadding) = error else { Issue.record("\(error)"); return }
            #expect(node == "c")
        }
    }

    @Test func unsupportedGraphInputShape() {
        #expect(throws: ImportError.unsupportedGraphTensor(name: "x", reason: "rank 1 (ranks 2...5 are supported)")) {
            try importONNX(Self.model([], input: [.value(4)]))
        }
        #expect(throws: ImportError.unsupportedGraphTensor(name: "x", reason: "dimension 2 is not a positive constant (only the batch may be dynamic)")) {
            try importONNX(Self.model([], input: [.value(1), .value(2), .parameter("h"), .value(4)]))
        }
    }

    @Test func activationsAboveTheSizeBoundAreRejected() {
        let relu = ONNXNode(name: "r", opType: "Relu", domain: "", inputs: ["x"], outputs: ["y"], attributes: [])
        #expect(throws: ImportError.unsupportedGraphTensor(name: "x", reason: "shape [1, 16384, 16384, 2] has more than 268435456 elements")) {
            try importONNX(Self.model([relu], input: [.value(1), .value(2), .value(16384), .value(16384)]))
        }
    }

    @Test func reshapeThatWouldReorderDataAndBroadcastingAddAreRejected() {
        let shape = ONNXTensor(name: "s", dims: [4], dataType: 7, values: .int64([1, 4, 2, 4]))
        let reshape = ONNXNode(name: "r", opType: "Reshape", domain: "", inputs: ["x", "s"], outputs: ["y"], attributes: [])
        #expect(throws: ImportError.unsupportedAttribute(node: "r", opType: "Reshape", attribute: "shape", value: "[1, 4, 2, 4] from [1, 2, 4, 4] (it would reorder channels-last data)")) {
            try importONNX(Self.model([reshape], initializers: [shape]))
        }
        let pool = ONNXNode(name: "p", opType: "GlobalAveragePool", domain: "", inputs: ["x"], outputs: ["g"], attributes: [])
        let add = ONNXNode(name: "a", opType: "Add", domain: "", inputs: ["x", "g"], outputs: ["y"], attributes: [])
        #expect(throws: ImportError.shapeMismatch(node: "a", opType: "Add", reason: "inputs have shapes [1, 2, 4, 4] and [1, 2, 1, 1]; broadcasting is not supported")) {
            try importONNX(Self.model([pool, add]))
        }
    }

    @Test func biasThatOverflowsInt32IsAQuantizeError() throws {
        let w = ONNXTensor(name: "w", dims: [3, 2, 1, 1], dataType: 1, values: .float([Float](repeating: 0.001, count: 6)))
        let b = ONNXTensor(name: "b", dims: [3], dataType: 1, values: .float([0, 1e30, 0]))
        let node = ONNXNode(name: "c", opType: "Conv", domain: "", inputs: ["x", "w", "b"], outputs: ["y"], attributes: [])
        let imported = try importONNX(Self.model([node], initializers: [w, b]))
        let ranges = ["x": TensorRange(min: -1, max: 1), "y": TensorRange(min: -1, max: 1)]
        #expect(throws: QuantizeError.biasOverflow(node: "c", channel: 1, value: 1e30)) { try quantize(imported, ranges: ranges) }
    }

    @Test func runnerRejectsWrongInputCountAndSize() throws {
        let relu = ONNXNode(name: "r", opType: "Relu", domain: "", inputs: ["x"], outputs: ["y"], attributes: [])
        let runner = try ModelRunner(try importONNX(Self.model([relu])))
        #expect(throws: RunnerError.inputCount(expected: 1, actual: 0)) { try runner.run([]) }
        #expect(throws: RunnerError.inputSize(name: "x", shape: [1, 2, 4, 4], expected: 32, actual: 3)) { try runner.run([[1, 2, 3]]) }
        // And the good case against a hand-computed answer: relu in ONNX layout.
        let x = (0..<32).map { Float($0 - 16) }
        #expect(try runner.run([x]) == [.float32(x.map { max($0, 0) })])
    }

    @Test func rangesFileErrorsNameFileAndTensor() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("octet-ranges-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        func file(_ text: String) throws -> String {
            let url = dir.appendingPathComponent("r\(text.count).json")
            try Data(text.utf8).write(to: url)
            return url.path
        }
        #expect(throws: RangeFileError.unreadable(path: dir.appendingPathComponent("none.json").path)) {
            try readRanges(path: dir.appendingPathComponent("none.json").path)
        }
        let notJSON = try file("[1, 2]")
        #expect(throws: RangeFileError.notJSON(path: notJSON)) { try readRanges(path: notJSON) }
        let reversed = try file(#"{"t": [2, 1]}"#)
        #expect(throws: RangeFileError.invalidEntry(path: reversed, tensor: "t")) { try readRanges(path: reversed) }
        let nested = try file(#"{"ranges": {"t": [-1, 2.5]}}"#)
        #expect(try readRanges(path: nested) == ["t": TensorRange(min: -1, max: 2.5)])
        // rangesJSON round-trips through readRanges.
        let written = try file(rangesJSON(["a": TensorRange(min: -0.5, max: 3), "b\"q": TensorRange(min: 0, max: 1)]) + "   ")
        #expect(try readRanges(path: written) == ["a": TensorRange(min: -0.5, max: 3), "b\"q": TensorRange(min: 0, max: 1)])
    }
}
