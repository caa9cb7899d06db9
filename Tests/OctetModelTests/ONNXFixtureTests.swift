import Foundation
import OctetModel
import OctetTestSupport
import Testing

/// Decodes the python-written fixtures and compares every field with what python's onnx read
/// from the same files (Tests/Fixtures/onnx-decoder/expected.json).
@Suite struct ONNXFixtureTests {
    let model: ONNXModel
    let expected: [String: Any]

    init() throws {
        model = try decodeONNXModel(ModelFixtures.bytes("decoder_fixture.onnx", in: ModelFixtures.onnxDecoderDirectory))
        let all = try ModelFixtures.expected(in: ModelFixtures.onnxDecoderDirectory)
        expected = try #require(all["decoder_fixture.onnx"] as? [String: Any])
    }

    @Test func modelHeader() throws {
        #expect(model.irVersion == (expected["ir_version"] as? NSNumber)?.int64Value)
        #expect(model.producerName == expected["producer_name"] as? String)
        let opsets = try #require(expected["opset_imports"] as? [[String: Any]]).map {
            ONNXOperatorSet(domain: $0["domain"] as? String ?? "?", version: ($0["version"] as? NSNumber)?.int64Value ?? -1)
        }
        #expect(model.opsetImports == opsets)
        #expect(model.defaultOpset == 17)
        #expect(model.graph.name == expected["graph_name"] as? String)
    }

    @Test func nodesAndAttributes() throws {
        let nodes = try #require(expected["nodes"] as? [[String: Any]])
        try #require(model.graph.nodes.count == nodes.count)
        for (node, e) in zip(model.graph.nodes, nodes) {
            #expect(node.name == e["name"] as? String)
            #expect(node.opType == e["op_type"] as? String)
            #expect(node.domain == e["domain"] as? String)
            #expect(node.inputs == e["inputs"] as? [String])
            #expect(node.outputs == e["outputs"] as? [String])
            let attributes = try #require(e["attributes"] as? [[String: Any]])
            try #require(node.attributes.count == attributes.count, "node \(node.name)")
            for (attribute, a) in zip(node.attributes, attributes) {
                #expect(attribute.name == a["name"] as? String)
                try checkAttribute(attribute, a, node: node.name)
            }
        }
        // Every supported kind and the unsupported ones, by name.
        let every = try #require(model.graph.nodes.first { $0.opType == "EveryAttribute" })
        guard case .unsupported(type: 5) = every.attribute("g")?.value else { Issue.record("g: \(String(describing: every.attribute("g")))"); return }
        guard case .unsupported(type: 9) = every.attribute("tensors")?.value else { Issue.record("tensors"); return }
        guard case .unsupported(type: 13) = every.attribute("tp")?.value else { Issue.record("tp"); return }
        guard case .string("héllo") = every.attribute("s")?.value else { Issue.record("s"); return }
        #expect(every.attribute("missing") == nil)
    }

    private func checkAttribute(_ attribute: ONNXAttribute, _ a: [String: Any], node: String) throws {
        let context = "node \(node) attribute \(attribute.name)"
        let type = (a["type"] as? NSNumber)?.int32Value
        switch attribute.value {
        case .float(let v): #expect(type == 1 && v == (a["float"] as? NSNumber)?.floatValue, "\(context)")
        case .int(let v): #expect(type == 2 && v == (a["int"] as? NSNumber)?.int64Value, "\(context)")
        case .string(let v): #expect(type == 3 && v == a["string"] as? String, "\(context)")
        case .tensor(let t):
            #expect(type == 4, "\(context)")
            try checkTensor(t, try #require(a["tensor"] as? [String: Any]))
        case .floats(let v): #expect(type == 6 && v == (a["floats"] as? [NSNumber])?.map(\.floatValue), "\(context)")
        case .ints(let v): #expect(type == 7 && v == (a["ints"] as? [NSNumber])?.map(\.int64Value), "\(context)")
        case .strings(let v): #expect(type == 8 && v == a["strings"] as? [String], "\(context)")
        case .unsupported(let t): #expect(t == type && ![1, 2, 3, 4, 6, 7, 8].contains(t), "\(context)")
        }
    }

    private func checkTensor(_ t: ONNXTensor, _ e: [String: Any]) throws {
        #expect(t.name == e["name"] as? String)
        #expect(t.dims == (e["dims"] as? [NSNumber])?.map(\.int64Value), "tensor \(t.name)")
        #expect(t.dataType == (e["data_type"] as? NSNumber)?.int32Value, "tensor \(t.name)")
        let values = try #require(e["values"] as? [NSNumber])
        let expectedValues: ONNXTensorValues? = switch t.dataType {
        case 1: .float(values.map(\.floatValue))
        case 2: .uint8(values.map(\.uint8Value))
        case 3: .int8(values.map(\.int8Value))
        case 5, 6: .int32(values.map(\.int32Value))
        case 7: .int64(values.map(\.int64Value))
        case 9: .bool(values.map(\.boolValue))
        case 11: .double(values.map(\.doubleValue))
        default: nil
        }
        #expect(t.values == expectedValues, "tensor \(t.name) (\(e["storage"] ?? "?"))")
    }

    @Test func initializersInEveryStorage() throws {
        let initializers = try #require(expected["initializers"] as? [[String: Any]])
        try #require(model.graph.initializers.count == initializers.count)
        for (t, e) in zip(model.graph.initializers, initializers) { try checkTensor(t, e) }
        // The storage kinds the fixture promises, so the comparison above covers each path.
        let storage = Dictionary(uniqueKeysWithValues: initializers.map { ($0["name"] as? String ?? "", $0["storage"] as? String ?? "") })
        #expect(storage["W"] == "raw_data" && storage["B"] == "float_data" && storage["shape"] == "int64_data")
        #expect(storage["q8"] == "int32_data" && storage["d"] == "double_data" && storage["i64raw"] == "raw_data")
        let byName = Dictionary(uniqueKeysWithValues: model.graph.initializers.map { ($0.name, $0) })
        #expect(byName["flag"]?.dims == [] && byName["flag"]?.values == .bool([true]))
        #expect(byName["empty"]?.values == .float([]))
        #expect(byName["d"]?.floatValues() == [Float(0.1), -Float.infinity])
        #expect(byName["i32"]?.int64Values() == [-2_147_483_648, 2_147_483_647])
        #expect(byName["shape"]?.int64Values() == [-1, 8])
        #expect(byName["W"]?.floatValues()?.count == 216 && byName["q8"]?.floatValues() == nil && byName["q8"]?.int64Values() == nil)
    }

    @Test func valueInfoShapes() throws {
        func check(_ infos: [ONNXValueInfo], _ key: String) throws {
            let e = try #require(expected[key] as? [[String: Any]])
            try #require(infos.count == e.count, "\(key)")
            for (info, v) in zip(infos, e) {
                #expect(info.name == v["name"] as? String)
                #expect(info.elementType == (v["elem_type"] as? NSNumber)?.int32Value, "\(key) \(info.name)")
                let shape: [ONNXDimension]? = (v["shape"] as? [[String: Any]])?.map { d in
                    if let n = d["value"] as? NSNumber { return .value(n.int64Value) }
                    if let p = d["param"] as? String { return .parameter(p) }
                    return .unknown
                }
                #expect(info.shape == shape, "\(key) \(info.name)")
            }
        }
        try check(model.graph.inputs, "inputs")
        try check(model.graph.outputs, "outputs")
        try check(model.graph.valueInfo, "value_info")
        // The kinds the fixture promises.
        #expect(model.graph.inputs[0].shape == [.parameter("N"), .value(3), .value(4), .value(4)])
        #expect(model.graph.inputs[1].shape == [.unknown, .value(2)])
        #expect(model.graph.valueInfo.map { $0.shape?.count } == [4, 0, nil])
    }

    @Test func externalDataIsRejected() throws {
        let all = try ModelFixtures.expected(in: ModelFixtures.onnxDecoderDirectory)
        let e = try #require(all["external_data.onnx"] as? [String: Any])
        let bytes = try ModelFixtures.bytes("external_data.onnx", in: ModelFixtures.onnxDecoderDirectory)
        #expect {
            _ = try decodeONNXModel(bytes)
        } throws: { error in
            guard case .externalData(let tensor, let offset) = error as? ONNXDecodeError else { return false }
            return tensor == e["tensor"] as? String && offset > 0 && offset < bytes.count
        }
    }

    @Test func loadFromPath() throws {
        let path = ModelFixtures.onnxDecoderDirectory.appendingPathComponent("decoder_fixture.onnx").path
        #expect(try loadONNXModel(path: path).graph.nodes.count == model.graph.nodes.count)
        #expect(throws: ONNXDecodeError.unreadableFile(path: path + ".missing")) { try loadONNXModel(path: path + ".missing") }
    }
}
