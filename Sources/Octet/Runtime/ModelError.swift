/// Why a .octet buffer was rejected (OctetFormat.md). Every case carries `offset`, the absolute byte
/// offset in the buffer of the offending field, and where one is involved the tensor or node index.
/// Thrown by `ModelFile.init` (structure, tensors, nodes, graph IO, shapes) and `Interpreter.init`
/// (kernel plans); once both succeed, nothing in the model can make a run fail except data-dependent
/// checks (`RunError`).
public enum ModelError: Error, Equatable, Sendable {
    /// The buffer's base address is not a multiple of 16.
    case misalignedBuffer(offset: Int)
    /// A field of `length` bytes at `offset` runs past the end of the buffer (or of its section).
    case truncated(offset: Int, length: Int)
    /// The first 8 bytes are not `4F 43 54 45 54 00 0D 0A`.
    case badMagic(offset: Int)
    /// A major version other than 1.
    case unsupportedVersion(offset: Int, major: Int)
    /// The section count is outside 1...64.
    case invalidSectionCount(offset: Int, count: Int)
    /// A section (its table entry at `offset`) extends past the end of the buffer.
    case sectionOutOfBounds(offset: Int, tag: UInt32)
    /// A section does not start at a multiple of 4 (DATA: 16).
    case misalignedSection(offset: Int, tag: UInt32)
    /// A section overlaps an earlier one in the table.
    case overlappingSections(offset: Int, tag: UInt32)
    /// A required section appears twice.
    case duplicateSection(offset: Int, tag: UInt32)
    /// A required section is missing (`offset`: the section count field).
    case missingSection(offset: Int, tag: UInt32)
    /// A section's length disagrees with its contents (TENS, NODE, GRIO).
    case sectionLength(offset: Int, tag: UInt32)
    /// A count field is out of range (tensors, nodes, graph inputs or outputs).
    case invalidCount(offset: Int, count: Int)
    /// A (name offset, name length) pair at `offset` lies outside STRS.
    case nameOutOfBounds(offset: Int)
    /// Tensor `tensor`'s record field at `offset` breaks a rule of OctetFormat.md §3.
    case invalidTensor(tensor: Int, offset: Int, field: TensorField)
    /// Node `node`'s record field at `offset` breaks a rule of §4 or §6 (op code, counts, parameters).
    case invalidNode(node: Int, offset: Int, field: NodeField)
    /// A tensor index (at `offset`) that is not below the tensor count.
    case tensorIndexOutOfRange(node: Int, offset: Int, index: UInt32)
    /// Operand `tensor` of node `node` (its index field at `offset`) breaks the op's rules.
    case invalidOperand(node: Int, offset: Int, tensor: Int, fault: OperandFault)
    /// Output `tensor` of node `node` does not have the shape the op computes (`offset`: its index field).
    case shapeMismatch(node: Int, offset: Int, tensor: Int)
    /// The op's kernel (plan builder or geometry) refused node `node` (`offset`: its parameter record).
    case kernelRejected(node: Int, offset: Int, KernelError)
    /// A GRIO entry at `offset` naming `tensor` breaks a graph IO rule.
    case invalidGraphIO(offset: Int, tensor: Int, fault: GraphIOFault)
    /// An activation that is neither a graph input nor written by a node (`offset`: its record).
    case unwrittenActivation(tensor: Int, offset: Int)
    /// The memory plan's arena would exceed Int32.max bytes (`offset`: the TENS section's entry).
    case arenaTooLarge(offset: Int)
}

/// The tensor record fields `ModelError.invalidTensor` names.
public enum TensorField: Equatable, Sendable {
    case elementType, kind, rank, spatialRank, dims, elementCount
    case dataOffset, dataLength, scale, zeroPoint, channelScales, channelScaleCount, reserved
}

/// The node record fields `ModelError.invalidNode` names.
public enum NodeField: Equatable, Sendable {
    case opCode, flags, inputCount, outputCount, parameterLength, absentInput
    /// A value of the parameter record at `offset` (spatial rank, window, stride, groups, p, ...).
    case parameter
    /// The activation record: an unknown kind, NaN or min > max, nonzero unused bounds.
    case activation
}

/// What is wrong with a node's operand (`ModelError.invalidOperand`).
public enum OperandFault: Equatable, Sendable {
    /// A data operand (or output) that is a constant, or a weight / bias that is an activation.
    case kind
    /// An element type the op does not take in this position.
    case elementType
    /// A quantization the op does not allow here (differs where it must equal, or a per-channel
    /// scale count that is not the op's output channel count).
    case quantization
    /// A shape the op does not take (rank, spatial rank, or a dimension against another operand).
    case shape
    /// An input that is neither a constant, a graph input nor the output of an earlier node.
    case notYetWritten
    /// An output already written by an earlier node, or a graph input.
    case writtenTwice
}

/// What is wrong with a graph input or output (`ModelError.invalidGraphIO`).
public enum GraphIOFault: Equatable, Sendable {
    case indexOutOfRange
    case notActivation
    case duplicate
    /// A graph input that a node writes.
    case inputWritten
    /// A graph output that no node writes.
    case outputNotWritten
}

/// Why a run failed. After `ModelFile` and `Interpreter` validated the model only the arena and
/// data-dependent checks (MAX_UNPOOL's indices) remain.
public enum RunError: Error, Equatable, Sendable {
    /// The arena holds `actual` bytes; the memory plan needs `required`.
    case arenaTooSmall(required: Int, actual: Int)
    /// The arena's base address is not a multiple of 16.
    case misalignedArena
    /// A kernel refused node `node` (e.g. an unpool index outside its plane).
    case kernel(node: Int, KernelError)
}
