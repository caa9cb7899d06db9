import Foundation
import Octet
import OctetModel
import OctetTestSupport
import Testing

/// The small model Tools/check-embedded.sh runs through the C API (until the demo model exists):
/// conv → depthwise → max pool, average pool, add (skip), concat, global average pool, reshape,
/// fully connected with a float32 (dequantized) output, softmax. Outputs: probabilities, logits.
func checkModelGraph() -> Graph {
    var rng = SeededRandom(seed: 0x0C7E7)
    var b = GraphBuilder()
    let q0 = QuantParams(scale: 0.02, zeroPoint: -5), q1 = QuantParams(scale: 0.04, zeroPoint: -128)
    let q2 = QuantParams(scale: 0.05, zeroPoint: -100), q3 = QuantParams(scale: 0.06, zeroPoint: -90)
    let x = b.activation("input", .int8, [1, 8, 8, 3], q0)
    let w1 = b.constant("conv.weight", .int8(rng.int8s(8 * 9 * 3, in: -127...127)), [8, 3, 3, 3],
                        .perChannel((0..<8).map { _ in Float.random(in: 0.002...0.006, using: &rng) }))
    let b1 = b.constant("conv.bias", .int32((0..<8).map { _ in Int32.random(in: -300...300, using: &rng) }), [8])
    let c1 = b.activation("conv", .int8, [1, 8, 8, 8], q1)
    b.node("conv", .conv(Conv2DParameters(stride: Spatial(1, 1), padding: .same, activation: .relu)), [x, w1, b1], [c1])
    let w2 = b.constant("dw.weight", .int8(rng.int8s(9 * 8, in: -127...127)), [1, 3, 3, 8], .perTensor(QuantParams(scale: 0.01, zeroPoint: 0)))
    let c2 = b.activation("dw", .int8, [1, 8, 8, 8], q2)
    b.node("dw", .depthwiseConv(Conv2DParameters(stride: Spatial(1, 1), padding: .same, activation: .relu6), multiplier: 1), [c1, w2, nil], [c2])
    let p1 = b.activation("maxpool", .int8, [1, 4, 4, 8], q2)
    b.node("maxpool", .maxPool(PoolParameters(window: Spatial(2, 2), stride: Spatial(2, 2))), [c2], [p1])
    let p2 = b.activation("avgpool", .int8, [1, 4, 4, 8], q2)
    b.node("avgpool", .averagePool(PoolParameters(window: Spatial(3, 3), padding: .same)), [p1], [p2])
    let s = b.activation("add", .int8, [1, 4, 4, 8], q3)
    b.node("add", .add(.none), [p1, p2], [s])
    let cat = b.activation("concat", .int8, [1, 4, 4, 16], q3)
    b.node("concat", .concat, [s, p1], [cat])
    let g = b.activation("gap", .int8, [1, 1, 1, 16], q3)
    b.node("gap", .globalAveragePool, [cat], [g])
    let flat = b.activation("flatten", .int8, [1, 1, 16], q3)
    b.node("flatten", .reshape, [g], [flat])
    let w3 = b.constant("fc.weight", .int8(rng.int8s(10 * 16, in: -127...127)), [10, 16],
                        .perChannel((0..<10).map { _ in Float.random(in: 0.005...0.02, using: &rng) }))
    let b3 = b.constant("fc.bias", .int32((0..<10).map { _ in Int32.random(in: -2000...2000, using: &rng) }), [10])
    let logits = b.activation("logits", .float32, [1, 1, 10])
    b.node("fc", .fullyConnected(.none), [flat, w3, b3], [logits])
    let probs = b.activation("probabilities", .float32, [1, 1, 10])
    b.node("softmax", .softmax, [logits], [probs])
    b.graph.inputs = [x]
    b.graph.outputs = [probs, logits]
    return b.graph
}

@Suite struct WriterCheckModelTests {
    static let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/runtime/check-model.octet").path

    /// OCTET_REGENERATE=1 rewrites the fixture; otherwise the checked-in file must equal the writer's bytes.
    @Test func fixtureMatchesWriter() throws {
        let bytes = try serializeOctet(checkModelGraph())
        if ProcessInfo.processInfo.environment["OCTET_REGENERATE"] == "1" {
            try writeOctet(checkModelGraph(), to: Self.path)
        }
        let stored = try Data(contentsOf: URL(fileURLWithPath: Self.path))
        #expect(Array(stored) == bytes, "regenerate with OCTET_REGENERATE=1 swift test --filter WriterCheckModelTests")
    }

    /// Runs, taps every node, and the tapped outputs equal the graph outputs.
    @Test func runsWithTaps() throws {
        let bytes = try serializeOctet(checkModelGraph())
        let buffer = alignedCopy(bytes)
        defer { buffer.deallocate() }
        let model = try ModelFile(bytes: UnsafeRawBufferPointer(buffer))
        let interpreter = try Interpreter(model: model)
        var rng = SeededRandom(seed: 5)
        let input = byteArray(rng.int8s(192))
        interpreter.inputBuffer(0).copyBytes(from: input)
        var tapped: [Int: [UInt8]] = [:]
        var order: [Int] = []
        try interpreter.run { node, tensor, bytes in
            order.append(node)
            tapped[tensor] = Array(bytes)
        }
        #expect(order == Array(0..<model.nodes.count))
        #expect(tapped[model.outputs[0]] == Array(UnsafeRawBufferPointer(interpreter.outputBuffer(0))))
        let probabilities = typedArray(tapped[model.outputs[0]]!, as: Float.self)
        #expect(abs(probabilities.reduce(0, +) - 1) < 1e-5)
        // A caller-provided arena gives the same bytes.
        let arena = UnsafeMutableRawBufferPointer.allocate(byteCount: interpreter.arenaSize, alignment: 16)
        defer { arena.deallocate() }
        // (A run reuses the input's slot once it is dead: inputs are refilled before every run.)
        interpreter.inputBuffer(0, in: arena).copyBytes(from: input)
        try interpreter.run(arena: arena)
        #expect(Array(UnsafeRawBufferPointer(interpreter.outputBuffer(1, in: arena))) == Array(UnsafeRawBufferPointer(interpreter.outputBuffer(1))))
        #expect(throws: RunError.arenaTooSmall(required: interpreter.arenaSize, actual: 16)) {
            try interpreter.run(arena: UnsafeMutableRawBufferPointer(rebasing: arena[0..<16]))
        }
    }
}
