import Foundation
import Octet

/// Serializes `graph` as a .octet file (Sources/Octet/Runtime/OctetFormat.md), deterministically:
/// the same graph gives the same bytes. Layout: header, section table (STRS, TENS, NODE, GRIO,
/// DATA), names in tensor then node order, constants in tensor order each at a multiple of 16 in
/// DATA, then per-channel scales in tensor order (each at a multiple of 16). SAME / SAME_LOWER
/// padding is resolved to explicit pads from the input's shape. Conv-family nodes always get three
/// input slots (an absent bias is 0xFFFF_FFFF).
///
/// Validation: names, shapes, element types against data, quantization (int8 activations need
/// per-tensor parameters; weights per-tensor with zero point 0 or per-channel; no quantization on
/// float32 / int32), operand lists — then the bytes go through the runtime's own reader and kernel
/// plan builders (`ModelFile`, `Interpreter`), whose errors come back as `.rejected` naming the node
/// or tensor.
public func serializeOctet(_ graph: Graph) throws(OctetWriteError) -> [UInt8] {
    try validateForWriting(graph)
    let bytes = try OctetSerializer(graph: graph).bytes()
    try verifyWithReader(bytes, graph: graph)
    return bytes
}

/// Writes `serializeOctet(graph)` to `path` atomically: a temporary file in the same directory,
/// then rename(2). A failure leaves no file at `path` (nor the temporary).
public func writeOctet(_ graph: Graph, to path: String) throws(OctetWriteError) {
    let bytes = try serializeOctet(graph)
    let url = URL(fileURLWithPath: path)
    let temporary = url.deletingLastPathComponent()
        .appendingPathComponent(".\(url.lastPathComponent).tmp-\(ProcessInfo.processInfo.processIdentifier)")
    do {
        try Data(bytes).write(to: temporary)
    } catch {
        try? FileManager.default.removeItem(at: temporary)
        throw .io(path: path, reason: "\(error)")
    }
    if rename(temporary.path, url.path) != 0 {
        let reason = String(cString: strerror(errno))
        try? FileManager.default.removeItem(at: temporary)
        throw .io(path: path, reason: reason)
    }
}

/// Runs the runtime's reader and plan builders over `bytes`, mapping errors to graph names.
func verifyWithReader(_ bytes: [UInt8], graph: Graph) throws(OctetWriteError) {
    let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: bytes.count, alignment: 16)
    defer { buffer.deallocate() }
    buffer.copyBytes(from: bytes)
    do throws(ModelError) {
        let model = try ModelFile(bytes: UnsafeRawBufferPointer(buffer))
        _ = try Interpreter(model: model, allocatingArena: false)
    } catch {
        var node: Int? = nil, tensor: Int? = nil
        switch error {
        case .invalidTensor(let t, _, _), .unwrittenActivation(let t, _): tensor = t
        case .invalidNode(let n, _, _), .tensorIndexOutOfRange(let n, _, _), .kernelRejected(let n, _, _): node = n
        case .invalidOperand(let n, _, let t, _): node = n; tensor = t
        case .shapeMismatch(let n, _, let t): node = n; tensor = t
        case .invalidGraphIO(_, let t, _): tensor = t
        default: break
        }
        throw .rejected(
            error, node: node.flatMap { $0 < graph.nodes.count ? graph.nodes[$0].name : nil },
            tensor: tensor.flatMap { $0 >= 0 && $0 < graph.tensors.count ? graph.tensors[$0].name : nil })
    }
}

/// The checks made before serializing, each naming the tensor or node.
func validateForWriting(_ graph: Graph) throws(OctetWriteError) {
    let count = graph.tensors.count
    var names = Set<String>()
    for t in graph.tensors {
        if !t.name.isEmpty {
            guard names.insert(t.name).inserted else { throw .duplicateName(t.name) }
        }
        let shapeOK = (1...5).contains(t.shape.count) && t.shape.allSatisfy { $0 >= 1 && $0 <= Int(Int32.max) }
            && (t.isConstant ? t.spatialRank == 0 : (1...3).contains(t.spatialRank) && t.shape.count == t.spatialRank + 2)
        guard shapeOK else { throw .invalidShape(tensor: t.name, shape: t.shape, spatialRank: t.spatialRank) }
        if let data = t.data {
            guard data.type == t.type else { throw .dataTypeMismatch(tensor: t.name, declared: t.type, data: data.type) }
            guard data.count == t.elementCount else {
                throw .dataCountMismatch(tensor: t.name, expected: t.elementCount, actual: data.count)
            }
        }
        switch (t.type, t.quantization) {
        case (.int8, nil): throw .missingQuantization(tensor: t.name)
        case (.int8, .perTensor(let q)?):
            guard q.scale.isFinite && q.scale > 0 else { throw .invalidQuantization(tensor: t.name) }
            guard t.isConstant ? q.zeroPoint == 0 : (-128...127).contains(q.zeroPoint) else {
                throw .invalidQuantization(tensor: t.name)
            }
        case (.int8, .perChannel(let scales)?):
            guard t.isConstant, !scales.isEmpty, scales.allSatisfy({ $0.isFinite && $0 > 0 }) else {
                throw .invalidQuantization(tensor: t.name)
            }
        case (_, nil): break
        default: throw .unexpectedQuantization(tensor: t.name)
        }
    }
    var nodeNames = Set<String>()
    for node in graph.nodes {
        if !node.name.isEmpty {
            guard nodeNames.insert(node.name).inserted else { throw .duplicateName(node.name) }
        }
        for case let i? in node.inputs where i < 0 || i >= count {
            throw .tensorIndexOutOfRange(context: "node '\(node.name)'", index: i)
        }
        for o in node.outputs where o < 0 || o >= count {
            throw .tensorIndexOutOfRange(context: "node '\(node.name)'", index: o)
        }
        guard !node.outputs.isEmpty, !node.inputs.isEmpty, node.inputs.count <= 65535, node.outputs.count <= 65535 else {
            throw .invalidOperands(node: node.name)
        }
        switch node.op {
        case .conv, .depthwiseConv, .fullyConnected:
            guard (2...3).contains(node.inputs.count), node.inputs[0] != nil, node.inputs[1] != nil else {
                throw .invalidOperands(node: node.name)
            }
        default:
            guard node.inputs.allSatisfy({ $0 != nil }) else { throw .invalidOperands(node: node.name) }
        }
    }
    for i in graph.inputs + graph.outputs where i < 0 || i >= count {
        throw .tensorIndexOutOfRange(context: "graph inputs/outputs", index: i)
    }
}

/// Lays out the bytes (the graph has passed `validateForWriting`).
struct OctetSerializer {
    let graph: Graph

    func bytes() throws(OctetWriteError) -> [UInt8] {
        // STRS: tensor names, then node names.
        var strings: [UInt8] = []
        var tensorNames: [(Int, Int)] = [], nodeNames: [(Int, Int)] = []
        for t in graph.tensors {
            tensorNames.append((strings.count, t.name.utf8.count))
            strings += Array(t.name.utf8)
        }
        for n in graph.nodes {
            nodeNames.append((strings.count, n.name.utf8.count))
            strings += Array(n.name.utf8)
        }
        // DATA, relative offsets: constants, then per-channel scales.
        var data = ByteWriter()
        var dataOffsets = [Int](repeating: 0, count: graph.tensors.count)
        var scaleOffsets = [Int](repeating: 0, count: graph.tensors.count)
        for (i, t) in graph.tensors.enumerated() {
            guard let values = t.data else { continue }
            data.align(16)
            dataOffsets[i] = data.count
            switch values {
            case .int8(let v): for x in v { data.u8(UInt8(bitPattern: x)) }
            case .int32(let v): for x in v { data.i32(x) }
            case .float32(let v): for x in v { data.f32(x) }
            }
        }
        for (i, t) in graph.tensors.enumerated() {
            guard case .perChannel(let scales)? = t.quantization else { continue }
            data.align(16)
            scaleOffsets[i] = data.count
            for s in scales { data.f32(s) }
        }
        // NODE.
        var nodes = ByteWriter()
        nodes.u32(graph.nodes.count)
        for (n, node) in graph.nodes.enumerated() {
            let (code, params) = try parameters(node)
            var inputs = node.inputs
            if [.conv, .depthwiseConv, .fullyConnected].contains(code) && inputs.count == 2 { inputs.append(nil) }
            nodes.u16(Int(code.rawValue))
            nodes.u16(0)
            nodes.u16(inputs.count)
            nodes.u16(node.outputs.count)
            nodes.u32(params.count)
            nodes.u32(nodeNames[n].0)
            nodes.u32(nodeNames[n].1)
            for i in inputs { if let i { nodes.u32(i) } else { nodes.u32raw(UInt32.max) } }
            for o in node.outputs { nodes.u32(o) }
            nodes.bytes += params.bytes
        }
        // GRIO.
        var io = ByteWriter()
        io.u32(graph.inputs.count)
        for i in graph.inputs { io.u32(i) }
        io.u32(graph.outputs.count)
        for o in graph.outputs { io.u32(o) }
        // Section placement.
        let tableEnd = 16 + 5 * 12
        let strsAt = tableEnd
        let tensAt = (strsAt + strings.count + 3) / 4 * 4
        let tensLength = 4 + 64 * graph.tensors.count
        let nodeAt = tensAt + tensLength
        let grioAt = nodeAt + nodes.count
        let dataAt = (grioAt + io.count + 15) / 16 * 16
        let total = dataAt + data.count
        guard total <= Int(UInt32.max) else { throw .tooLarge }
        // TENS.
        var tens = ByteWriter()
        tens.u32(graph.tensors.count)
        for (i, t) in graph.tensors.enumerated() {
            tens.u32(tensorNames[i].0)
            tens.u32(tensorNames[i].1)
            tens.u8(t.type.rawValue)
            tens.u8(t.isConstant ? 1 : 0)
            tens.u8(UInt8(t.shape.count))
            tens.u8(UInt8(t.isConstant ? 0 : t.spatialRank))
            for k in 0..<5 { tens.u32(k < t.shape.count ? t.shape[k] : 0) }
            tens.u32(t.isConstant ? dataAt + dataOffsets[i] : 0)
            tens.u32(t.isConstant ? t.elementCount * t.type.byteCount : 0)
            switch t.quantization {
            case .perTensor(let q)?:
                tens.f32(q.scale)
                tens.i32(q.zeroPoint)
                tens.u32(0)
                tens.u32(0)
            case .perChannel(let scales)?:
                tens.f32(0)
                tens.i32(0)
                tens.u32(dataAt + scaleOffsets[i])
                tens.u32(scales.count)
            case nil:
                for _ in 0..<4 { tens.u32(0) }
            }
            tens.u32(0)
            tens.u32(0)
        }
        var out = ByteWriter()
        out.bytes = [0x4F, 0x43, 0x54, 0x45, 0x54, 0x00, 0x0D, 0x0A]
        out.u16(1)
        out.u16(0)
        out.u32(5)
        for (tag, at, length) in [
            (SectionTag.strings, strsAt, strings.count), (SectionTag.tensors, tensAt, tensLength),
            (SectionTag.nodes, nodeAt, nodes.count), (SectionTag.graphIO, grioAt, io.count), (SectionTag.data, dataAt, data.count),
        ] {
            out.u32raw(tag)
            out.u32(at)
            out.u32(length)
        }
        out.bytes += strings
        out.align(4)
        out.bytes += tens.bytes
        out.bytes += nodes.bytes
        out.bytes += io.bytes
        out.align(16)
        out.bytes += data.bytes
        return out.bytes
    }

    /// The op code and parameter record of `node`.
    func parameters(_ node: GraphNode) throws(OctetWriteError) -> (OpCode, ByteWriter) {
        var p = ByteWriter()
        switch node.op {
        case .conv(let c):
            try convRecord(&p, node, c, groups: c.groups)
            return (.conv, p)
        case .depthwiseConv(let c, let m):
            try convRecord(&p, node, c, groups: m)
            return (.depthwiseConv, p)
        case .fullyConnected(let a):
            activationRecord(&p, a)
            return (.fullyConnected, p)
        case .maxPool(let q):
            try poolRecord(&p, node, q, norm: 0)
            return (.maxPool, p)
        case .averagePool(let q):
            try poolRecord(&p, node, q, norm: 0)
            return (.averagePool, p)
        case .lpPool(let q, let norm):
            try poolRecord(&p, node, q, norm: norm)
            return (.lpPool, p)
        case .globalAveragePool: return (.globalAveragePool, p)
        case .globalMaxPool: return (.globalMaxPool, p)
        case .globalLpPool(let norm):
            guard let v = Int32(exactly: norm) else { throw .invalidParameters(node: node.name, reason: "p \(norm)") }
            p.i32(v)
            return (.globalLpPool, p)
        case .maxUnpool: return (.maxUnpool, p)
        case .add(let a):
            activationRecord(&p, a)
            return (.add, p)
        case .concat: return (.concat, p)
        case .reshape: return (.reshape, p)
        case .quantize: return (.quantize, p)
        case .dequantize: return (.dequantize, p)
        case .requantize: return (.requantize, p)
        case .clamp(let a):
            activationRecord(&p, a)
            return (.clamp, p)
        case .softmax: return (.softmax, p)
        }
    }

    func activationRecord(_ p: inout ByteWriter, _ a: FusedActivation) {
        switch a {
        case .none: p.i32(0); p.f32(0); p.f32(0)
        case .relu: p.i32(1); p.f32(0); p.f32(0)
        case .relu6: p.i32(2); p.f32(0); p.f32(0)
        case .clamp(let lo, let hi): p.i32(3); p.f32(lo); p.f32(hi)
        }
    }

    /// The input activation shape of a node (its first input), if it is a spatial activation.
    func inputShape(_ node: GraphNode) -> ActivationShape? {
        guard let x = node.inputs.first ?? nil else { return nil }
        return graph.tensors[x].activationShape
    }

    /// Explicit (begin, end) pads per axis (depth, height, width) of `padding` for `input`.
    func explicitPads(
        _ node: GraphNode, window: Spatial, stride: Spatial, dilation: Spatial, padding: Padding
    ) throws(OctetWriteError) -> (Spatial, Spatial) {
        if case .explicit(let b, let e) = padding { return (b, e) }
        if padding == .valid { return (.uniform(0, rank: window.rank), .uniform(0, rank: window.rank)) }
        guard let input = inputShape(node) else { throw .invalidParameters(node: node.name, reason: "SAME padding needs an activation input") }
        do throws(KernelError) {
            let plan = try PoolPlan(input: input, parameters: PoolParameters(window: window, stride: stride, dilation: dilation, padding: padding))
            let axes = [plan.depth, plan.height, plan.width]
            func pick(_ f: (PoolAxis) -> Int) -> Spatial {
                let v = axes.map(f)
                return window.rank == 1 ? Spatial(v[2]) : (window.rank == 2 ? Spatial(v[1], v[2]) : Spatial(v[0], v[1], v[2]))
            }
            return (pick { $0.padBegin }, pick { $0.padEnd })
        } catch {
            throw .invalidParameters(node: node.name, reason: "\(error)")
        }
    }

    func i32(_ v: Int, _ node: GraphNode) throws(OctetWriteError) -> Int32 {
        guard let r = Int32(exactly: v) else { throw .invalidParameters(node: node.name, reason: "value \(v) exceeds int32") }
        return r
    }

    func convRecord(_ p: inout ByteWriter, _ node: GraphNode, _ c: Conv2DParameters, groups: Int) throws(OctetWriteError) {
        let rank = c.stride.rank
        guard rank == 1 || rank == 2, c.dilation.rank == rank else {
            throw .invalidParameters(node: node.name, reason: "conv spatial rank \(rank)")
        }
        guard let w = node.inputs.count > 1 ? node.inputs[1] : nil, graph.tensors[w].shape.count == 4 else {
            throw .invalidParameters(node: node.name, reason: "weights must be a rank-4 constant")
        }
        let ws = graph.tensors[w].shape
        let window = rank == 1 ? Spatial(ws[2]) : Spatial(ws[1], ws[2])
        let (b, e) = try explicitPads(node, window: window, stride: c.stride, dilation: c.dilation, padding: c.padding)
        guard b.rank == rank, e.rank == rank else { throw .invalidParameters(node: node.name, reason: "padding rank") }
        p.i32(Int32(rank))
        // 1-D: the height fields are stride 1, dilation 1, pads 0.
        let h = rank == 2
        for v in [h ? c.stride.height : 1, c.stride.width, h ? c.dilation.height : 1, c.dilation.width,
                  h ? b.height : 0, b.width, h ? e.height : 0, e.width, groups] {
            p.i32(try i32(v, node))
        }
        p.i32(0)
        p.i32(0)
        activationRecord(&p, c.activation)
    }

    func poolRecord(_ p: inout ByteWriter, _ node: GraphNode, _ q: PoolParameters, norm: Int) throws(OctetWriteError) {
        let rank = q.window.rank
        guard q.stride.rank == rank, q.dilation.rank == rank else {
            throw .invalidParameters(node: node.name, reason: "pool parameter ranks differ")
        }
        let (b, e) = try explicitPads(node, window: q.window, stride: q.stride, dilation: q.dilation, padding: q.padding)
        guard b.rank == rank, e.rank == rank else { throw .invalidParameters(node: node.name, reason: "padding rank") }
        p.i32(Int32(rank))
        for (s, unused) in [(q.window, 1), (q.stride, 1), (q.dilation, 1), (b, 0), (e, 0)] {
            for axis in 0..<3 { p.i32(try i32(axis < 3 - rank ? unused : s[axis], node)) }
        }
        p.i32(q.ceilMode ? 1 : 0)
        p.i32(q.countIncludePad ? 1 : 0)
        p.i32(try i32(norm, node))
        activationRecord(&p, q.activation)
    }
}

/// Little-endian byte building.
struct ByteWriter {
    var bytes: [UInt8] = []
    var count: Int { bytes.count }

    mutating func u8(_ v: UInt8) { bytes.append(v) }
    mutating func u16(_ v: Int) { let x = UInt16(truncatingIfNeeded: v); bytes += [UInt8(x & 0xFF), UInt8(x >> 8)] }
    mutating func u32raw(_ v: UInt32) { bytes += [UInt8(v & 0xFF), UInt8((v >> 8) & 0xFF), UInt8((v >> 16) & 0xFF), UInt8(v >> 24)] }
    mutating func u32(_ v: Int) { u32raw(UInt32(truncatingIfNeeded: v)) }
    mutating func i32(_ v: Int32) { u32raw(UInt32(bitPattern: v)) }
    mutating func f32(_ v: Float) { u32raw(v.bitPattern) }
    mutating func align(_ n: Int) { while bytes.count % n != 0 { bytes.append(0) } }
}
