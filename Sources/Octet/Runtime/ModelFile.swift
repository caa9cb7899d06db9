/// A validated .octet model (OctetFormat.md) over a buffer the caller keeps alive and unchanged for
/// the model's lifetime: constants (weights, bias, per-channel scales) are read in place from it.
///
/// `init` checks every rule of the format before anything runs — header, section table, every
/// offset and length, tensor records, op codes and counts, operand kinds, element types,
/// quantization and shapes against what each op computes (the kernels' own geometry: `PoolPlan`,
/// conv geometry), topological order, single writers, graph IO — and computes the memory plan. Any
/// violation throws a `ModelError` naming the byte offset of the offending field; no input bytes
/// can make it trap (offsets and lengths are checked in 64-bit arithmetic, fields are read
/// unaligned). The buffer must start at a 16-aligned address (malloc, mmap and Swift's
/// `allocate(byteCount:alignment: 16)` give one) so constants can be read as Int32 / Float in place.
public struct ModelFile: @unchecked Sendable {
    public let bytes: UnsafeRawBufferPointer
    public let majorVersion: Int
    public let minorVersion: Int
    public let tensors: [ModelTensor]
    public let nodes: [ModelNode]
    /// Graph inputs and outputs, as tensor indices.
    public let inputs: [Int]
    public let outputs: [Int]
    /// Arena offsets of the activations and the arena size (§7).
    public let memoryPlan: MemoryPlan

    public init(bytes: UnsafeRawBufferPointer) throws(ModelError) {
        let r = ByteReader(bytes: bytes)
        guard let base = bytes.baseAddress else { throw .truncated(offset: 0, length: 16) }
        guard UInt(bitPattern: base) % 16 == 0 else { throw .misalignedBuffer(offset: 0) }
        self.bytes = bytes
        let sections = try Sections(r)
        majorVersion = sections.major
        minorVersion = sections.minor
        let tensors = try ModelFile.readTensors(r, sections)
        let nodes = try ModelFile.readNodes(r, sections, tensorCount: tensors.count)
        let (inputs, outputs) = try ModelFile.readGraphIO(r, sections, tensors)
        try ModelFile.validateGraph(
            tensors: tensors, nodes: nodes, inputs: inputs, outputs: outputs,
            outputsAt: sections.graphIO.0 + 8 + 4 * inputs.count)
        self.tensors = tensors
        self.nodes = nodes
        self.inputs = inputs
        self.outputs = outputs
        self.memoryPlan = try MemoryPlan(tensors: tensors, nodes: nodes, inputs: inputs, outputs: outputs,
                                         errorOffset: sections.tensorsEntry)
    }

    /// The UTF-8 bytes of tensor `t`'s name (empty names allowed).
    public func nameBytes(ofTensor t: Int) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: bytes[tensors[t].nameRange])
    }

    /// The UTF-8 bytes of node `n`'s name.
    public func nameBytes(ofNode n: Int) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: bytes[nodes[n].nameRange])
    }

    /// A constant's bytes in the model buffer (empty for activations).
    public func constantBytes(ofTensor t: Int) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: bytes[tensors[t].dataRange])
    }

    /// A constant's elements in place (the buffer is 16-aligned and constants start at multiples of 16).
    func constant<T>(_ t: Int, as: T.Type) -> UnsafeBufferPointer<T> {
        let raw = constantBytes(ofTensor: t)
        guard let p = raw.baseAddress else { return UnsafeBufferPointer(start: nil, count: 0) }
        return UnsafeBufferPointer(start: p.assumingMemoryBound(to: T.self), count: raw.count / MemoryLayout<T>.stride)
    }

    /// A per-channel int8 constant's scales in place (empty when per-tensor).
    func channelScales(_ t: Int) -> UnsafeBufferPointer<Float> {
        let tensor = tensors[t]
        guard tensor.channelScaleCount > 0, let base = bytes.baseAddress else { return UnsafeBufferPointer(start: nil, count: 0) }
        return UnsafeBufferPointer(
            start: (base + tensor.channelScalesOffset).assumingMemoryBound(to: Float.self), count: tensor.channelScaleCount)
    }
}

/// One tensor record, validated.
public struct ModelTensor: Equatable, Sendable {
    public let elementType: ElementType
    public let isConstant: Bool
    /// dims[0..<rank].
    public let shape: [Int]
    /// 1...3 for activations, 0 for constants.
    public let spatialRank: Int
    /// Int8 activations and per-tensor int8 constants: scale and zero point; otherwise nil.
    public let quantization: QuantParams?
    /// Per-channel int8 constants: the number of scales (0 otherwise).
    public let channelScaleCount: Int
    /// Absolute offset of the record.
    public let recordOffset: Int
    public let elementCount: Int
    let nameRange: Range<Int>
    let dataRange: Range<Int>
    let channelScalesOffset: Int

    /// Bytes of the tensor's data.
    public var byteCount: Int { elementCount * elementType.byteCount }

    /// The channels-last shape of an activation (nil for constants).
    public var activationShape: ActivationShape? {
        isConstant ? nil : ActivationShape(channelsLast: shape, spatialRank: spatialRank)
    }
}

/// One node record, validated.
public struct ModelNode: Equatable, Sendable {
    public let op: OpCode
    /// Tensor indices; nil for an absent optional input (a bias).
    public let inputs: [Int?]
    public let outputs: [Int]
    public let parameters: NodeParameters
    /// Absolute offsets of the record and of its parameter record.
    public let recordOffset: Int
    public let parametersOffset: Int
    let nameRange: Range<Int>

    /// Absolute offset of input slot k's index field.
    public func inputOffset(_ k: Int) -> Int { recordOffset + 20 + 4 * k }
    /// Absolute offset of output slot k's index field.
    public func outputOffset(_ k: Int) -> Int { recordOffset + 20 + 4 * (inputs.count + k) }
}

/// Bounds-checked little-endian reads (unaligned). Offsets are Int; a read past the end throws
/// `.truncated`.
struct ByteReader {
    let bytes: UnsafeRawBufferPointer
    var count: Int { bytes.count }

    func need(_ offset: Int, _ length: Int) throws(ModelError) {
        guard offset >= 0, length >= 0, offset <= count, length <= count - offset else {
            throw .truncated(offset: offset, length: length)
        }
    }

    func u8(_ o: Int) throws(ModelError) -> UInt8 {
        try need(o, 1)
        return bytes[o]
    }

    func u16(_ o: Int) throws(ModelError) -> UInt16 {
        try need(o, 2)
        return UInt16(littleEndian: bytes.loadUnaligned(fromByteOffset: o, as: UInt16.self))
    }

    func u32(_ o: Int) throws(ModelError) -> UInt32 {
        try need(o, 4)
        return UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: o, as: UInt32.self))
    }

    func i32(_ o: Int) throws(ModelError) -> Int32 { Int32(bitPattern: try u32(o)) }

    func f32(_ o: Int) throws(ModelError) -> Float { Float(bitPattern: try u32(o)) }
}

/// The header and the section table, validated: required sections found, inside the buffer,
/// aligned, not overlapping each other or the header and table.
struct Sections {
    var major = 0, minor = 0
    /// (start, end) absolute.
    var strings = (0, 0), tensors = (0, 0), nodes = (0, 0), graphIO = (0, 0), data = (0, 0)
    /// Absolute offsets of each required section's table entry (for errors about its length).
    var tensorsEntry = 0, nodesEntry = 0, graphIOEntry = 0

    init(_ r: ByteReader) throws(ModelError) {
        try r.need(0, 16)
        let magic = octetMagic
        let expected = [magic.0, magic.1, magic.2, magic.3, magic.4, magic.5, magic.6, magic.7]
        for k in 0..<8 where r.bytes[k] != expected[k] { throw .badMagic(offset: k) }
        major = Int(try r.u16(8))
        minor = Int(try r.u16(10))
        guard major == 1 else { throw .unsupportedVersion(offset: 8, major: major) }
        let s = try r.u32(12)
        guard s >= 1 && s <= 64 else { throw .invalidSectionCount(offset: 12, count: Int(clamping: s)) }
        let count = Int(s)
        try r.need(16, 12 * count)
        let tableEnd = UInt64(16 + 12 * count)
        let required = [SectionTag.strings, SectionTag.tensors, SectionTag.nodes, SectionTag.graphIO, SectionTag.data]
        var found = [Int](repeating: -1, count: 5)
        var spans: [(UInt64, UInt64)] = []
        for i in 0..<count {
            let entry = 16 + 12 * i
            let tag = try r.u32(entry)
            let start = UInt64(try r.u32(entry + 4)), length = UInt64(try r.u32(entry + 8))
            guard start + length <= UInt64(r.count) else { throw .sectionOutOfBounds(offset: entry, tag: tag) }
            guard start % (tag == SectionTag.data ? 16 : 4) == 0 else { throw .misalignedSection(offset: entry, tag: tag) }
            if length > 0 {
                guard start >= tableEnd else { throw .overlappingSections(offset: entry, tag: tag) }
                for (a, b) in spans where start < b && a < start + length {
                    throw .overlappingSections(offset: entry, tag: tag)
                }
                spans.append((start, start + length))
            }
            if let k = required.firstIndex(of: tag) {
                guard found[k] < 0 else { throw .duplicateSection(offset: entry, tag: tag) }
                found[k] = entry
                // Both fit Int: they are at most the buffer's count.
                let span = (Int(start), Int(start + length))
                switch k {
                case 0: strings = span
                case 1: tensors = span; tensorsEntry = entry
                case 2: nodes = span; nodesEntry = entry
                case 3: graphIO = span; graphIOEntry = entry
                default: data = span
                }
            }
        }
        for k in 0..<5 where found[k] < 0 { throw .missingSection(offset: 12, tag: required[k]) }
    }
}

extension ModelFile {
    /// §3: the tensor records.
    static func readTensors(_ r: ByteReader, _ s: Sections) throws(ModelError) -> [ModelTensor] {
        let (start, end) = s.tensors
        guard end - start >= 4 else { throw .sectionLength(offset: s.tensorsEntry, tag: SectionTag.tensors) }
        let t = try r.u32(start)
        guard t >= 1 else { throw .invalidCount(offset: start, count: 0) }
        guard UInt64(end - start) == 4 + 64 * UInt64(t) else {
            throw .sectionLength(offset: s.tensorsEntry, tag: SectionTag.tensors)
        }
        var tensors: [ModelTensor] = []
        tensors.reserveCapacity(Int(t))
        for i in 0..<Int(t) {
            tensors.append(try readTensor(r, s, index: i, at: start + 4 + 64 * i))
        }
        return tensors
    }

    /// A name (offset in STRS, length) at `field` as an absolute byte range.
    static func name(_ r: ByteReader, _ s: Sections, field: Int) throws(ModelError) -> Range<Int> {
        let offset = UInt64(try r.u32(field)), length = UInt64(try r.u32(field + 4))
        guard offset + length <= UInt64(s.strings.1 - s.strings.0) else { throw .nameOutOfBounds(offset: field) }
        return (s.strings.0 + Int(offset))..<(s.strings.0 + Int(offset + length))
    }

    static func readTensor(_ r: ByteReader, _ s: Sections, index i: Int, at rec: Int) throws(ModelError) -> ModelTensor {
        func fail(_ o: Int, _ f: TensorField) -> ModelError { .invalidTensor(tensor: i, offset: rec + o, field: f) }
        let nameRange = try name(r, s, field: rec)
        guard let type = ElementType(rawValue: try r.u8(rec + 8)) else { throw fail(8, .elementType) }
        let kind = try r.u8(rec + 9)
        guard kind <= 1 else { throw fail(9, .kind) }
        let constant = kind == 1
        let rank = Int(try r.u8(rec + 10))
        guard rank >= 1 && rank <= 5 else { throw fail(10, .rank) }
        let spatial = Int(try r.u8(rec + 11))
        if constant {
            guard spatial == 0 else { throw fail(11, .spatialRank) }
        } else {
            guard spatial >= 1 && spatial <= 3 && rank == spatial + 2 else { throw fail(11, .spatialRank) }
        }
        var shape: [Int] = []
        var elements: UInt64 = 1
        for k in 0..<5 {
            let d = try r.u32(rec + 12 + 4 * k)
            if k < rank {
                guard d >= 1 && d <= UInt32(Int32.max) else { throw fail(12 + 4 * k, .dims) }
                shape.append(Int(d))
                let (product, overflow) = elements.multipliedReportingOverflow(by: UInt64(d))
                guard !overflow && product <= UInt64(Int32.max) else { throw fail(12, .elementCount) }
                elements = product
            } else {
                guard d == 0 else { throw fail(12 + 4 * k, .dims) }
            }
        }
        let byteLength = elements * UInt64(type.byteCount)
        guard byteLength <= UInt64(Int32.max) else { throw fail(12, .elementCount) }
        let dataOffset = UInt64(try r.u32(rec + 32)), dataLength = UInt64(try r.u32(rec + 36))
        var dataRange = 0..<0
        if constant {
            let (a, b) = (UInt64(s.data.0), UInt64(s.data.1))
            guard dataOffset >= a && dataOffset <= b && dataOffset % 16 == 0 else { throw fail(32, .dataOffset) }
            guard dataLength == byteLength && dataOffset + dataLength <= b else { throw fail(36, .dataLength) }
            dataRange = Int(dataOffset)..<Int(dataOffset + dataLength)
        } else {
            guard dataOffset == 0 else { throw fail(32, .dataOffset) }
            guard dataLength == 0 else { throw fail(36, .dataLength) }
        }
        let scale = try r.f32(rec + 40), zeroPoint = try r.i32(rec + 44)
        let scalesOffset = UInt64(try r.u32(rec + 48)), scaleCount = UInt64(try r.u32(rec + 52))
        var quantization: QuantParams? = nil
        var channelScales = 0
        if type == .int8 {
            if !constant {
                guard scale.isFinite && scale > 0 else { throw fail(40, .scale) }
                guard zeroPoint >= -128 && zeroPoint <= 127 else { throw fail(44, .zeroPoint) }
                guard scalesOffset == 0 else { throw fail(48, .channelScales) }
                guard scaleCount == 0 else { throw fail(52, .channelScaleCount) }
                quantization = QuantParams(scale: scale, zeroPoint: zeroPoint)
            } else {
                guard zeroPoint == 0 else { throw fail(44, .zeroPoint) }
                if scaleCount == 0 {
                    guard scale.isFinite && scale > 0 else { throw fail(40, .scale) }
                    guard scalesOffset == 0 else { throw fail(48, .channelScales) }
                    quantization = QuantParams(scale: scale, zeroPoint: 0)
                } else {
                    guard scale.bitPattern == 0 else { throw fail(40, .scale) }
                    let (a, b) = (UInt64(s.data.0), UInt64(s.data.1))
                    guard scalesOffset >= a && scalesOffset % 4 == 0 && scalesOffset <= b else { throw fail(48, .channelScales) }
                    guard scalesOffset + 4 * scaleCount <= b else { throw fail(52, .channelScaleCount) }
                    for k in 0..<Int(scaleCount) {
                        let v = try r.f32(Int(scalesOffset) + 4 * k)
                        guard v.isFinite && v > 0 else {
                            throw .invalidTensor(tensor: i, offset: Int(scalesOffset) + 4 * k, field: .channelScales)
                        }
                    }
                    channelScales = Int(scaleCount)
                }
            }
        } else {
            guard scale.bitPattern == 0 else { throw fail(40, .scale) }
            guard zeroPoint == 0 else { throw fail(44, .zeroPoint) }
            guard scalesOffset == 0 else { throw fail(48, .channelScales) }
            guard scaleCount == 0 else { throw fail(52, .channelScaleCount) }
        }
        guard try r.u32(rec + 56) == 0 else { throw fail(56, .reserved) }
        guard try r.u32(rec + 60) == 0 else { throw fail(60, .reserved) }
        return ModelTensor(
            elementType: type, isConstant: constant, shape: shape, spatialRank: spatial, quantization: quantization,
            channelScaleCount: channelScales, recordOffset: rec, elementCount: Int(elements), nameRange: nameRange,
            dataRange: dataRange, channelScalesOffset: channelScales > 0 ? Int(scalesOffset) : 0)
    }

    /// §4: the node records (structure, counts, indices, parameters; operand rules come later).
    static func readNodes(_ r: ByteReader, _ s: Sections, tensorCount: Int) throws(ModelError) -> [ModelNode] {
        let (start, end) = s.nodes
        guard end - start >= 4 else { throw .sectionLength(offset: s.nodesEntry, tag: SectionTag.nodes) }
        let k = try r.u32(start)
        guard k >= 1 else { throw .invalidCount(offset: start, count: 0) }
        var nodes: [ModelNode] = []
        nodes.reserveCapacity(Swift.min(Int(clamping: k), (end - start) / 20))
        var cursor = start + 4
        for n in 0..<Int(clamping: k) {
            guard end - cursor >= 20 else { throw .truncated(offset: cursor, length: 20) }
            let node = try readNode(r, s, index: n, at: cursor, end: end, tensorCount: tensorCount)
            nodes.append(node)
            cursor = node.parametersOffset + node.op.parameterLength
        }
        guard cursor == end else { throw .sectionLength(offset: s.nodesEntry, tag: SectionTag.nodes) }
        return nodes
    }

    static func readNode(
        _ r: ByteReader, _ s: Sections, index n: Int, at rec: Int, end: Int, tensorCount: Int
    ) throws(ModelError) -> ModelNode {
        func fail(_ o: Int, _ f: NodeField) -> ModelError { .invalidNode(node: n, offset: o, field: f) }
        guard let op = OpCode(rawValue: try r.u16(rec)) else { throw fail(rec, .opCode) }
        guard try r.u16(rec + 2) == 0 else { throw fail(rec + 2, .flags) }
        let inCount = Int(try r.u16(rec + 4)), outCount = Int(try r.u16(rec + 6))
        let p = UInt64(try r.u32(rec + 8))
        let nameRange = try name(r, s, field: rec + 12)
        let length = 20 + 4 * UInt64(inCount + outCount) + p
        guard UInt64(end - rec) >= length else { throw .truncated(offset: rec, length: Int(clamping: length)) }
        guard op.inputCounts.contains(inCount) else { throw fail(rec + 4, .inputCount) }
        guard op.outputCounts.contains(outCount) else { throw fail(rec + 6, .outputCount) }
        guard p == UInt64(op.parameterLength) else { throw fail(rec + 8, .parameterLength) }
        var inputs: [Int?] = []
        var outputs: [Int] = []
        for k in 0..<(inCount + outCount) {
            let field = rec + 20 + 4 * k
            let index = try r.u32(field)
            if index == UInt32.max && k < inCount {
                let isBias = k == 2 && (op == .conv || op == .depthwiseConv || op == .fullyConnected)
                guard isBias else { throw fail(field, .absentInput) }
                inputs.append(nil)
                continue
            }
            guard UInt64(index) < UInt64(tensorCount) else { throw .tensorIndexOutOfRange(node: n, offset: field, index: index) }
            if k < inCount { inputs.append(Int(index)) } else { outputs.append(Int(index)) }
        }
        let paramsAt = rec + 20 + 4 * (inCount + outCount)
        let parameters = try readParameters(r, op: op, node: n, at: paramsAt)
        return ModelNode(
            op: op, inputs: inputs, outputs: outputs, parameters: parameters, recordOffset: rec,
            parametersOffset: paramsAt, nameRange: nameRange)
    }

    /// §5: graph inputs and outputs.
    static func readGraphIO(_ r: ByteReader, _ s: Sections, _ tensors: [ModelTensor]) throws(ModelError) -> ([Int], [Int]) {
        let (start, end) = s.graphIO
        let length = UInt64(end - start)
        guard length >= 8 else { throw .sectionLength(offset: s.graphIOEntry, tag: SectionTag.graphIO) }
        let nIn = UInt64(try r.u32(start))
        guard nIn >= 1 else { throw .invalidCount(offset: start, count: 0) }
        guard 8 + 4 * nIn <= length else { throw .sectionLength(offset: s.graphIOEntry, tag: SectionTag.graphIO) }
        let outAt = start + 4 + 4 * Int(nIn)
        let nOut = UInt64(try r.u32(outAt))
        guard nOut >= 1 else { throw .invalidCount(offset: outAt, count: 0) }
        guard 8 + 4 * (nIn + nOut) == length else { throw .sectionLength(offset: s.graphIOEntry, tag: SectionTag.graphIO) }
        func list(_ at: Int, _ n: Int) throws(ModelError) -> [Int] {
            var result: [Int] = []
            for k in 0..<n {
                let field = at + 4 + 4 * k
                let index = try r.u32(field)
                guard UInt64(index) < UInt64(tensors.count) else {
                    throw .invalidGraphIO(offset: field, tensor: Int(clamping: index), fault: .indexOutOfRange)
                }
                let t = Int(index)
                guard !tensors[t].isConstant else { throw .invalidGraphIO(offset: field, tensor: t, fault: .notActivation) }
                guard !result.contains(t) else { throw .invalidGraphIO(offset: field, tensor: t, fault: .duplicate) }
                result.append(t)
            }
            return result
        }
        return (try list(start, Int(nIn)), try list(outAt, Int(nOut)))
    }
}
