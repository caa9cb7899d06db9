import Foundation
import Octet
import OctetModel
import OctetTestSupport
import Testing

@Suite struct WriterRoundTripTests {
    static let cases = opCases()

    /// writer → reader: every tensor and node comes back as written.
    @Test(arguments: cases) func roundTrip(_ c: OpCase) throws {
        let bytes = try serializeOctet(c.graph)
        #expect(try serializeOctet(c.graph) == bytes, "deterministic bytes")
        let buffer = alignedCopy(bytes)
        defer { buffer.deallocate() }
        let model = try ModelFile(bytes: UnsafeRawBufferPointer(buffer))
        #expect(model.tensors.count == c.graph.tensors.count)
        for (t, g) in zip(model.tensors, c.graph.tensors) {
            #expect(t.elementType == g.type && t.shape == g.shape && t.isConstant == g.isConstant)
            #expect(t.spatialRank == g.spatialRank)
            switch g.quantization {
            case .perTensor(let q)?: #expect(t.quantization == q)
            case .perChannel(let s)?: #expect(t.channelScaleCount == s.count && t.quantization == nil)
            case nil: #expect(t.quantization == nil)
            }
        }
        for (k, g) in c.graph.tensors.enumerated() {
            #expect(String(decoding: model.nameBytes(ofTensor: k), as: UTF8.self) == g.name)
            if case .int8(let v)? = g.data { #expect(Array(model.constantBytes(ofTensor: k)) == byteArray(v)) }
            if case .float32(let v)? = g.data { #expect(Array(model.constantBytes(ofTensor: k)) == byteArray(v)) }
        }
        #expect(model.nodes.count == c.graph.nodes.count)
        for (n, g) in zip(model.nodes, c.graph.nodes) {
            #expect(n.outputs == g.outputs)
            #expect(n.inputs.prefix(g.inputs.count).map { $0 } == g.inputs)
            switch (g.op, n.parameters) {
            case (.conv(let p), .conv(let q)):
                #expect(q.stride == p.stride && q.dilation == p.dilation && q.groups == p.groups && q.activation == p.activation)
            case (.depthwiseConv(let p, let m), .depthwiseConv(let q, let m2)):
                #expect(q.stride == p.stride && q.dilation == p.dilation && m == m2 && q.padding == p.padding)
            case (.fullyConnected(let a), .activation(let b)), (.add(let a), .activation(let b)), (.clamp(let a), .activation(let b)):
                #expect(a == b)
            case (.maxPool(let p), .pool(let q, 0)), (.averagePool(let p), .pool(let q, 0)):
                #expect(q.window == p.window && q.stride == p.stride && q.ceilMode == p.ceilMode && q.countIncludePad == p.countIncludePad && q.activation == p.activation)
            case (.lpPool(let p, let norm), .pool(let q, let norm2)):
                #expect(q.window == p.window && norm == norm2)
            case (.globalLpPool(let p), .globalLp(let q)):
                #expect(p == q)
            default:
                #expect(n.parameters == .none, "\(g.op) → \(n.parameters)")
            }
        }
        #expect(model.inputs == c.graph.inputs && model.outputs == c.graph.outputs)
    }

    /// The interpreter's outputs equal the kernels called directly, on seeded random inputs.
    @Test(arguments: cases) func interpreterMatchesKernels(_ c: OpCase) throws {
        var rng = SeededRandom(seed: 77)
        for _ in 0..<3 {
            let inputs = c.graph.inputs.map { randomInput(c.graph.tensors[$0], &rng) }
            let got = try interpret(c.graph, inputs: inputs)
            let expected = try c.direct(inputs)
            #expect(got == expected, "\(c.name)")
        }
    }
}

@Suite struct WriterMemoryPlanTests {
    /// int8 [1, 1, 40] (40 bytes, 48-byte slots).
    func chainOrDiamond(diamond: Bool) throws -> MemoryPlan {
        var b = GraphBuilder()
        let q = QuantParams(scale: 0.1, zeroPoint: 0)
        let x = b.activation("x", .int8, [1, 1, 40], q)
        let a = b.activation("a", .int8, [1, 1, 40], q)
        let bt = b.activation("b", .int8, [1, 1, 40], q)
        let c = b.activation("c", .int8, [1, 1, 40], q)
        b.node("n0", .clamp(.relu), [x], [a])
        b.node("n1", .clamp(.relu), [a], [bt])
        b.node("n2", .clamp(.relu), [bt], [c])
        b.graph.inputs = [x]
        if diamond {
            let d = b.activation("d", .int8, [1, 1, 40], q)
            b.node("n3", .add(.none), [a, c], [d])
            b.graph.outputs = [d]
        } else {
            b.graph.outputs = [c]
        }
        let bytes = try serializeOctet(b.graph)
        let buffer = alignedCopy(bytes)
        defer { buffer.deallocate() }
        return try ModelFile(bytes: UnsafeRawBufferPointer(buffer)).memoryPlan
    }

    /// x [−1, 0] → 0; a [0, 1] → 48; b [1, 2] → 0; c [2, 3] → 48. Arena 96.
    @Test func chain() throws {
        let plan = try chainOrDiamond(diamond: false)
        #expect(plan.offsets == [0, 48, 0, 48])
        #expect(plan.arenaSize == 96)
    }

    /// a is live until n3 (the skip): x → 0, a [0, 3] → 48, b [1, 2] → 0, c [2, 3] → 96 (0 and 48
    /// are taken by b and a), d [3, 4] → 0 (b and x are dead). Arena 144.
    @Test func diamondWithSkip() throws {
        let plan = try chainOrDiamond(diamond: true)
        #expect(plan.offsets == [0, 48, 0, 96, 0])
        #expect(plan.arenaSize == 144)
    }
}

@Suite struct WriterValidationTests {
    func base() -> GraphBuilder {
        var b = GraphBuilder()
        let x = b.activation("x", .int8, [1, 4, 4, 2], qx)
        let y = b.activation("y", .int8, [1, 4, 4, 2], qx)
        b.node("clamp", .clamp(.relu), [x], [y])
        b.graph.inputs = [x]
        b.graph.outputs = [y]
        return b
    }

    @Test func acceptsBase() throws { _ = try serializeOctet(base().graph) }

    @Test func missingQuantization() {
        var b = base()
        b.graph.tensors[1].quantization = nil
        #expect(throws: OctetWriteError.missingQuantization(tensor: "y")) { try serializeOctet(b.graph) }
    }

    @Test func quantizationOnFloat() {
        var b = base()
        b.graph.tensors[1].type = .float32
        #expect(throws: OctetWriteError.unexpectedQuantization(tensor: "y")) { try serializeOctet(b.graph) }
    }

    @Test func dataMismatches() {
        var b = base()
        _ = b.constant("w", .int8([1, 2, 3]), [2, 2], .perTensor(QuantParams(scale: 1, zeroPoint: 0)))
        #expect(throws: OctetWriteError.dataCountMismatch(tensor: "w", expected: 4, actual: 3)) { try serializeOctet(b.graph) }
        b.graph.tensors[2].type = .float32
        b.graph.tensors[2].quantization = nil
        #expect(throws: OctetWriteError.dataTypeMismatch(tensor: "w", declared: .float32, data: .int8)) { try serializeOctet(b.graph) }
    }

    @Test func weightZeroPoint() {
        var b = base()
        _ = b.constant("w", .int8([1, 2, 3, 4]), [2, 2], .perTensor(QuantParams(scale: 1, zeroPoint: 3)))
        #expect(throws: OctetWriteError.invalidQuantization(tensor: "w")) { try serializeOctet(b.graph) }
    }

    @Test func duplicateNames() {
        var b = base()
        b.graph.tensors[1].name = "x"
        #expect(throws: OctetWriteError.duplicateName("x")) { try serializeOctet(b.graph) }
    }

    @Test func indexOutOfRange() {
        var b = base()
        b.graph.nodes[0].inputs = [9]
        #expect(throws: OctetWriteError.tensorIndexOutOfRange(context: "node 'clamp'", index: 9)) { try serializeOctet(b.graph) }
    }

    /// The reader's verdicts come back with the node and tensor names.
    @Test func readerVerdictNamesNodeAndTensor() throws {
        var b = base()
        b.graph.tensors[1].shape = [1, 4, 4, 3]
        do {
            _ = try serializeOctet(b.graph)
            Issue.record("accepted a shape mismatch")
        } catch {
            guard case .rejected(.shapeMismatch(node: 0, _, tensor: 1), "clamp", "y") = error else {
                Issue.record("\(error)")
                return
            }
        }
        var c = base()
        c.graph.tensors[1].quantization = .perTensor(qy)
        do {
            _ = try serializeOctet(c.graph)
            Issue.record("accepted a clamp that changes quantization")
        } catch {
            guard case .rejected(.invalidOperand(node: 0, _, tensor: 1, fault: .quantization), "clamp", "y") = error else {
                Issue.record("\(error)")
                return
            }
        }
    }

    @Test func perChannelCountChecked() throws {
        var b = GraphBuilder()
        let x = b.activation("x", .int8, [1, 3, 3, 2], qx)
        let w = b.constant("w", .int8([Int8](repeating: 1, count: 12)), [3, 1, 2, 2], .perChannel([0.1, 0.1]))
        let y = b.activation("y", .int8, [1, 3, 2, 3], qy)
        b.node("conv", .conv(Conv2DParameters(stride: Spatial(1, 1))), [x, w], [y])
        b.graph.inputs = [x]
        b.graph.outputs = [y]
        do {
            _ = try serializeOctet(b.graph)
            Issue.record("accepted 2 scales for 3 channels")
        } catch {
            guard case .rejected(.invalidOperand(node: 0, _, tensor: 1, fault: .quantization), "conv", "w") = error else {
                Issue.record("\(error)")
                return
            }
        }
    }

    @Test func writeIsAtomic() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("octet-writer-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("m.octet").path
        try writeOctet(base().graph, to: path)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Data(try serializeOctet(base().graph)))
        var bad = base()
        bad.graph.tensors[1].quantization = nil
        #expect(throws: OctetWriteError.self) { try writeOctet(bad.graph, to: directory.appendingPathComponent("bad.octet").path) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["m.octet"])
    }
}
