import Octet
@testable import OctetModel
import Testing

@Suite struct QuantizerTests {
    @Test func activationParametersPutRealZeroOnTheZeroPoint() {
        // [−1, 3]: scale 4/255, zp = round(−128 + 1/(4/255)) = round(−64.25) = −64.
        let p = activationQuantization(TensorRange(min: -1, max: 3))
        #expect(p.scale == Float(4.0 / 255))
        #expect(p.zeroPoint == -64)
        // A range not containing 0 is widened to it: [2, 5] → [0, 5], zp −128.
        let q = activationQuantization(TensorRange(min: 2, max: 5))
        #expect(q.scale == Float(5.0 / 255) && q.zeroPoint == -128)
        // [−6, −1] → [−6, 0]: zp = round(−128 + 255) = 127.
        #expect(activationQuantization(TensorRange(min: -6, max: -1)).zeroPoint == 127)
        #expect(activationQuantization(TensorRange(min: 0, max: 0)) == QuantParams(scale: 1, zeroPoint: -128))
    }

    @Test func weightsAreSymmetricPerOutputChannel() {
        // Two channels, [O, 3]: channel 0 max |w| 2.54 → scale 0.02; channel 1 all zero → scale 1.
        let (q, s) = quantizeWeights([2.54, -1.27, 0.01, 0, 0, 0], channels: 2, outer: true)
        #expect(s == [Float(2.54) / 127, 1])
        #expect(q == [127, -64, 1, 0, 0, 0])  // −1.27/0.02 = −63.5 → −64 (ties away from zero)
        // Channel-fastest (depthwise [.., C]): element k·C + c belongs to channel c.
        let (d, ds) = quantizeWeights([1, -4, -1, 2], channels: 2, outer: false)
        #expect(ds == [Float(1) / 127, Float(4) / 127])
        #expect(d == [127, -127, -127, 64])  // 2/(4/127) = 63.5 → 64
    }

    /// input → conv (relu fused) → flatten → fully connected → output logits.
    func smallGraph() -> ImportedModel {
        var g = Graph()
        let x = g.add(GraphTensor(name: "input", type: .float32, shape: [1, 4, 4, 2], spatialRank: 2))
        let w = g.add(GraphTensor(name: "w", type: .float32, shape: [3, 1, 1, 2], spatialRank: 0, data: .float32([1, 0.5, -1, 0.25, 0, 2])))
        let b = g.add(GraphTensor(name: "b", type: .float32, shape: [3], spatialRank: 0, data: .float32([0.1, -0.2, 0.3])))
        let y = g.add(GraphTensor(name: "relu", type: .float32, shape: [1, 4, 4, 3], spatialRank: 2))
        let f = g.add(GraphTensor(name: "flat", type: .float32, shape: [1, 1, 48], spatialRank: 1))
        let fw = g.add(GraphTensor(name: "fw", type: .float32, shape: [2, 48], spatialRank: 0, data: .float32((0..<96).map { Float($0 % 7) - 3 })))
        let out = g.add(GraphTensor(name: "logits", type: .float32, shape: [1, 1, 2], spatialRank: 1))
        g.nodes = [
            GraphNode(name: "conv", op: .conv(Conv2DParameters(stride: Spatial(1, 1), activation: .relu)), inputs: [x, w, b], outputs: [y]),
            GraphNode(name: "flatten", op: .reshape, inputs: [y], outputs: [f]),
            GraphNode(name: "fc", op: .fullyConnected(.none), inputs: [f, fw, nil], outputs: [out]),
        ]
        g.inputs = [x]
        g.outputs = [out]
        return ImportedModel(
            graph: g, inputs: [BoundaryTensor(name: "input", index: x, onnxShape: [1, 2, 4, 4], layout: .channelsFirst(spatialRank: 2))],
            outputs: [BoundaryTensor(name: "logits", index: out, onnxShape: [1, 2], layout: .features)], opset: 13,
            tensorNames: ["input": x, "relu": y, "flat": f, "logits": out])
    }

    @Test func int8GraphQuantizesTheInputAndWritesFloatLogits() throws {
        let ranges = ["input": TensorRange(min: -1, max: 1), "relu": TensorRange(min: 0, max: 4)]
        let q = try quantize(smallGraph(), ranges: ranges)
        let g = q.graph
        #expect(g.nodes.map(\.op) == [.quantize, g.nodes[1].op, .reshape, .fullyConnected(.none)])
        let input = g.tensors[g.inputs[0]]
        #expect(input.type == .float32 && input.name == "input")
        let conv = g.nodes[1]
        #expect(g.tensors[conv.inputs[0]!].quantization == .perTensor(activationQuantization(ranges["input"]!)))
        #expect(g.tensors[conv.inputs[1]!].type == .int8)
        #expect(g.tensors[conv.inputs[2]!].type == .int32)
        // Bias: round(b / (s_in·s_w[c])) with s_w[0] = 1/127 (max |w| of channel 0 is 1).
        let sIn = Double(activationQuantization(ranges["input"]!).scale)
        guard case .int32(let bias)? = g.tensors[conv.inputs[2]!].data else { Issue.record("bias"); return }
        #expect(bias[0] == Int32((0.1 / (sIn * Double(Float(1) / 127))).rounded(.toNearestOrAwayFromZero)))
        // The reshape keeps the conv output's parameters; the logits are float32 (no int8 rounding).
        #expect(g.tensors[g.nodes[2].outputs[0]].quantization == g.tensors[conv.outputs[0]].quantization)
        #expect(g.tensors[g.outputs[0]].type == .float32 && g.tensors[g.outputs[0]].name == "logits")
        #expect(q.tensorNames["relu"] == conv.outputs[0])
    }

    @Test func keepFloatRunsANodeInFloatWithBoundaries() throws {
        let ranges = ["input": TensorRange(min: -1, max: 1), "relu": TensorRange(min: 0, max: 4), "flat": TensorRange(min: 0, max: 4)]
        let q = try quantize(smallGraph(), ranges: ranges, options: QuantizationOptions(keepFloat: ["conv"]))
        let ops = q.graph.nodes.map(\.op)
        // conv runs on the float input, its output is quantized for the int8 reshape.
        #expect(ops.first == q.graph.nodes[0].op)
        #expect(q.graph.tensors[q.graph.nodes[0].inputs[1]!].type == .float32)
        #expect(ops.contains(.quantize))
    }

    @Test func missingRangeAndUnknownNodeAreErrors() {
        #expect(throws: QuantizeError.missingRange(tensor: "relu")) {
            try quantize(smallGraph(), ranges: ["input": TensorRange(min: -1, max: 1)])
        }
        #expect(throws: QuantizeError.unknownNode("nope")) {
            try quantize(smallGraph(), ranges: [:], options: QuantizationOptions(keepFloat: ["nope"]))
        }
        #expect(throws: QuantizeError.invalidRange(tensor: "input", min: 1, max: -1)) {
            try quantize(smallGraph(), ranges: ["input": TensorRange(min: 1, max: -1)])
        }
    }
}
