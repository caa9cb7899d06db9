import Octet
import OctetTestSupport
import Testing

/// One test per reader error path: the checked-in model with one field broken; the error's case and
/// byte offset are asserted. Layout of check-model.octet (WriterCheckModelTests): tensors 0 input,
/// 1 conv.weight (per-channel), 2 conv.bias, 3 conv, 4 dw.weight (per-tensor), 5 dw, ...; nodes
/// 0 conv, 1 dw, 2 maxpool, 3 avgpool, 4 add, 5 concat, 6 gap, 7 flatten, 8 fc, 9 softmax.
@Suite struct RuntimeReaderErrorTests {
    let file: OctetFileBytes
    let model: ModelFile
    let storage: UnsafeMutableRawBufferPointer

    init() throws {
        file = try OctetFileBytes.fixture("check-model.octet")
        storage = .allocate(byteCount: file.bytes.count, alignment: 16)
        storage.copyBytes(from: file.bytes)
        model = try ModelFile(bytes: UnsafeRawBufferPointer(storage))
    }

    func expectError(_ expected: ModelError, _ patch: (inout OctetFileBytes) -> Void, sourceLocation: SourceLocation = #_sourceLocation) {
        var f = file
        patch(&f)
        f.withAlignedBuffer { buffer in
            do throws(ModelError) {
                let m = try ModelFile(bytes: buffer)
                _ = try Interpreter(model: m, allocatingArena: false)
                Issue.record("accepted; expected \(expected)", sourceLocation: sourceLocation)
            } catch {
                #expect(error == expected, sourceLocation: sourceLocation)
            }
        }
    }

    var tens: Int { file.section("TENS").start }
    func tensor(_ t: Int) -> Int { model.tensors[t].recordOffset }
    func node(_ n: Int) -> Int { model.nodes[n].recordOffset }

    @Test func valid() throws {
        #expect(model.tensors.count == 16 && model.nodes.count == 10)
        #expect(model.inputs == [0] && model.outputs == [15, 14])
    }

    @Test func misalignedBuffer() {
        file.withAlignedBuffer(shift: 4) { buffer in
            #expect(throws: ModelError.misalignedBuffer(offset: 0)) { try ModelFile(bytes: buffer) }
        }
    }

    @Test func header() {
        expectError(.truncated(offset: 0, length: 16)) { $0.bytes = Array($0.bytes.prefix(10)) }
        expectError(.badMagic(offset: 5)) { $0.bytes[5] = 1 }
        expectError(.unsupportedVersion(offset: 8, major: 2)) { $0.setU16(8, 2) }
        expectError(.invalidSectionCount(offset: 12, count: 0)) { $0.setU32(12, 0) }
        expectError(.invalidSectionCount(offset: 12, count: 65)) { $0.setU32(12, 65) }
        expectError(.truncated(offset: 16, length: 12 * 64)) { $0.setU32(12, 64); $0.bytes = Array($0.bytes.prefix(400)) }
    }

    @Test func sectionTable() {
        let t = file.section("TENS"), n = file.section("NODE"), d = file.section("DATA")
        expectError(.sectionOutOfBounds(offset: t.entry, tag: SectionTag.tensors)) { $0.setU32(t.entry + 8, 0xFFFF_FFF0) }
        expectError(.sectionOutOfBounds(offset: t.entry, tag: SectionTag.tensors)) { $0.setU32(t.entry + 4, 0xFFFF_FFFC) }
        expectError(.misalignedSection(offset: n.entry, tag: SectionTag.nodes)) { $0.setU32(n.entry + 4, UInt32(n.start + 2)) }
        expectError(.misalignedSection(offset: d.entry, tag: SectionTag.data)) { $0.setU32(d.entry + 4, UInt32(d.start - 4)) }
        expectError(.overlappingSections(offset: n.entry, tag: SectionTag.nodes)) { $0.setU32(n.entry + 4, UInt32(t.start)) }
        expectError(.overlappingSections(offset: 16, tag: SectionTag.strings)) { $0.setU32(20, 16) }
        expectError(.duplicateSection(offset: n.entry, tag: SectionTag.tensors)) { $0.setU32(n.entry, SectionTag.tensors) }
        expectError(.missingSection(offset: 12, tag: SectionTag.data)) { $0.setU32(d.entry, 0x5858_5858) }
        expectError(.sectionLength(offset: t.entry, tag: SectionTag.tensors)) { $0.setU32(t.start, 17) }
        expectError(.invalidCount(offset: t.start, count: 0)) { $0.setU32(t.start, 0) }
        expectError(.sectionLength(offset: n.entry, tag: SectionTag.nodes)) { $0.setU32(n.start, 9) }
        expectError(.truncated(offset: node(9), length: 28)) { $0.setU32(n.entry + 8, UInt32(n.length - 4)) }
    }

    @Test func tensorRecords() {
        let r = tensor(3), w = tensor(1), pt = tensor(4), bias = tensor(2)
        expectError(.nameOutOfBounds(offset: r)) { $0.setU32(r + 4, 100_000) }
        expectError(.invalidTensor(tensor: 3, offset: r + 8, field: .elementType)) { $0.bytes[r + 8] = 9 }
        expectError(.invalidTensor(tensor: 3, offset: r + 9, field: .kind)) { $0.bytes[r + 9] = 2 }
        expectError(.invalidTensor(tensor: 3, offset: r + 10, field: .rank)) { $0.bytes[r + 10] = 6 }
        expectError(.invalidTensor(tensor: 3, offset: r + 11, field: .spatialRank)) { $0.bytes[r + 11] = 1 }
        expectError(.invalidTensor(tensor: 3, offset: r + 16, field: .dims)) { $0.setU32(r + 16, 0) }
        expectError(.invalidTensor(tensor: 3, offset: r + 28, field: .dims)) { $0.setU32(r + 28, 1) }
        expectError(.invalidTensor(tensor: 3, offset: r + 12, field: .elementCount)) { $0.setU32(r + 16, 0x7FFF_FFFF) }
        expectError(.invalidTensor(tensor: 3, offset: r + 32, field: .dataOffset)) { $0.setU32(r + 32, 16) }
        expectError(.invalidTensor(tensor: 1, offset: w + 32, field: .dataOffset)) { $0.setU32(w + 32, $0.u32(w + 32) + 8) }
        expectError(.invalidTensor(tensor: 1, offset: w + 36, field: .dataLength)) { $0.setU32(w + 36, $0.u32(w + 36) - 1) }
        expectError(.invalidTensor(tensor: 3, offset: r + 40, field: .scale)) { $0.setF32(r + 40, .nan) }
        expectError(.invalidTensor(tensor: 3, offset: r + 44, field: .zeroPoint)) { $0.setI32(r + 44, 200) }
        expectError(.invalidTensor(tensor: 4, offset: pt + 44, field: .zeroPoint)) { $0.setI32(pt + 44, 1) }
        expectError(.invalidTensor(tensor: 2, offset: bias + 40, field: .scale)) { $0.setF32(bias + 40, 1) }
        expectError(.invalidTensor(tensor: 1, offset: w + 40, field: .scale)) { $0.setF32(w + 40, 1) }
        expectError(.invalidTensor(tensor: 1, offset: w + 48, field: .channelScales)) { $0.setU32(w + 48, $0.u32(w + 48) + 2) }
        expectError(.invalidTensor(tensor: 1, offset: w + 52, field: .channelScaleCount)) { $0.setU32(w + 52, 0x4000_0000) }
        let firstScale = Int(file.u32(w + 48))
        expectError(.invalidTensor(tensor: 1, offset: firstScale + 8, field: .channelScales)) { $0.setF32(firstScale + 8, 0) }
        expectError(.invalidTensor(tensor: 3, offset: r + 60, field: .reserved)) { $0.setU32(r + 60, 1) }
    }

    @Test func nodeRecords() {
        let c = node(0), p = model.nodes[0].parametersOffset
        expectError(.invalidNode(node: 0, offset: c, field: .opCode)) { $0.setU16(c, 99) }
        expectError(.invalidNode(node: 0, offset: c + 2, field: .flags)) { $0.setU16(c + 2, 1) }
        expectError(.invalidNode(node: 2, offset: node(2) + 4, field: .inputCount)) {
            // MAX_POOL with 2 inputs: shift nothing, just claim one more input and one less byte of... (the record grows by 4).
            $0.setU16(node(2) + 4, 2)
        }
        expectError(.tensorIndexOutOfRange(node: 0, offset: c + 20, index: 99)) { $0.setU32(c + 20, 99) }
        expectError(.invalidNode(node: 0, offset: c + 20, field: .absentInput)) { $0.setU32(c + 20, 0xFFFF_FFFF) }
        expectError(.invalidNode(node: 0, offset: p, field: .parameter)) { $0.setI32(p, 3) }
        expectError(.invalidNode(node: 0, offset: p + 40, field: .parameter)) { $0.setI32(p + 40, 1) }
        expectError(.invalidNode(node: 0, offset: p + 48, field: .activation)) { $0.setI32(p + 48, 7) }
        expectError(.invalidNode(node: 0, offset: p + 52, field: .activation)) { $0.setF32(p + 52, 1) }
        expectError(.kernelRejected(node: 0, offset: p, .invalidStride(axis: 1, value: 0))) { $0.setI32(p + 4, 0) }
        let pool = model.nodes[2].parametersOffset
        expectError(.invalidNode(node: 2, offset: pool + 4, field: .parameter)) { $0.setI32(pool + 4, 2) }
        expectError(.invalidNode(node: 2, offset: pool + 72, field: .parameter)) { $0.setI32(pool + 72, 2) }
    }

    @Test func operands() {
        let c = node(0), dw = node(1)
        // Node 0 reads node 1's output: not yet written.
        expectError(.invalidOperand(node: 0, offset: c + 20, tensor: 5, fault: .notYetWritten)) { $0.setU32(c + 20, 5) }
        // The conv's weights slot names an activation.
        expectError(.invalidOperand(node: 0, offset: c + 24, tensor: 0, fault: .kind)) { $0.setU32(c + 24, 0) }
        // Bias int32 → the int8 weights tensor 4 (rank 4, int8).
        expectError(.invalidOperand(node: 0, offset: c + 28, tensor: 4, fault: .elementType)) { $0.setU32(c + 28, 4) }
        // Node 1 writes the conv's output again.
        expectError(.invalidOperand(node: 1, offset: dw + 32, tensor: 3, fault: .writtenTwice)) { $0.setU32(dw + 32, 3) }
        // Conv output with the wrong channel count.
        expectError(.shapeMismatch(node: 0, offset: c + 32, tensor: 3)) { $0.setU32(tensor(3) + 24, 7) }
        // Per-channel scale count differs from O.
        let w = tensor(1)
        expectError(.invalidOperand(node: 0, offset: c + 24, tensor: 1, fault: .quantization)) { $0.setU32(w + 52, 7) }
        // Max pool output quantization differs from its input's.
        expectError(.invalidOperand(node: 2, offset: model.nodes[2].outputOffset(0), tensor: 6, fault: .quantization)) {
            $0.setI32(tensor(6) + 44, 0)
        }
    }

    @Test func graphIO() {
        let g = file.section("GRIO")
        expectError(.invalidCount(offset: g.start, count: 0)) { $0.setU32(g.start, 0) }
        expectError(.invalidGraphIO(offset: g.start + 4, tensor: 1, fault: .notActivation)) { $0.setU32(g.start + 4, 1) }
        expectError(.invalidGraphIO(offset: g.start + 4, tensor: 99, fault: .indexOutOfRange)) { $0.setU32(g.start + 4, 99) }
        expectError(.invalidGraphIO(offset: g.start + 16, tensor: 15, fault: .duplicate)) { $0.setU32(g.start + 16, 15) }
        expectError(.sectionLength(offset: g.entry, tag: SectionTag.graphIO)) { $0.setU32(g.start + 8, 3) }
        // Graph input 0 → the conv's output 3: node 0 then writes a graph input, and tensor 0 is unwritten.
        expectError(.invalidOperand(node: 0, offset: node(0) + 20, tensor: 0, fault: .notYetWritten)) { $0.setU32(g.start + 4, 3) }
    }

    @Test func runErrors() throws {
        let interpreter = try Interpreter(model: model, allocatingArena: false)
        #expect(throws: RunError.arenaTooSmall(required: interpreter.arenaSize, actual: 0)) { try interpreter.run() }
        let arena = UnsafeMutableRawBufferPointer.allocate(byteCount: interpreter.arenaSize + 16, alignment: 16)
        defer { arena.deallocate() }
        #expect(throws: RunError.misalignedArena) { try interpreter.run(arena: UnsafeMutableRawBufferPointer(rebasing: arena[4...])) }
    }
}
