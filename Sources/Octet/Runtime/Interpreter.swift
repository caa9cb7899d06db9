/// Runs a validated `ModelFile`: every kernel plan is built once here, then `run` executes the
/// nodes in order with no allocation, reading constants in place from the model buffer and
/// activations from one arena laid out by the model's `MemoryPlan`.
///
/// Memory: the int8 conv, depthwise and fully-connected plans copy (and pack) their weights, bias
/// and requantization tables at load — that is the kernels' design (weights packed once); float32
/// weights, per-channel scales and everything else are read in place. The arena is either owned
/// (allocated once at init, 16-aligned) or passed to each `run(arena:)` by the caller (at least
/// `arenaSize` bytes, 16-aligned). The model buffer must stay alive and unchanged while the
/// interpreter exists. One interpreter may run on several threads at once only with separate
/// caller-provided arenas.
public final class Interpreter {
    public let model: ModelFile
    /// Bytes of arena a run needs.
    public var arenaSize: Int { model.memoryPlan.arenaSize }
    /// The owned arena (empty when created with `allocatingArena: false`).
    public let arena: UnsafeMutableRawBufferPointer
    let kernels: [PreparedKernel]
    /// Views for CONCAT's kernel (caller-owned scratch, sized for the widest concat).
    let int8Views: UnsafeMutableBufferPointer<Tensor<Int8>>
    let floatViews: UnsafeMutableBufferPointer<Tensor<Float>>

    /// Builds every node's kernel plan; with `allocatingArena`, also allocates the arena once.
    public init(model: ModelFile, allocatingArena: Bool = true) throws(ModelError) {
        self.model = model
        var kernels: [PreparedKernel] = []
        kernels.reserveCapacity(model.nodes.count)
        var widestConcat = 0
        for n in 0..<model.nodes.count {
            kernels.append(try Interpreter.prepare(model, node: n))
            if model.nodes[n].op == .concat { widestConcat = Swift.max(widestConcat, model.nodes[n].inputs.count) }
        }
        self.kernels = kernels
        let empty = Tensor<Int8>(UnsafeBufferPointer(start: nil, count: 0), shape: .nwc(1, 1, 1))
        int8Views = .allocate(capacity: Swift.max(1, widestConcat))
        int8Views.initialize(repeating: empty)
        floatViews = .allocate(capacity: Swift.max(1, widestConcat))
        floatViews.initialize(repeating: Tensor<Float>(UnsafeBufferPointer(start: nil, count: 0), shape: .nwc(1, 1, 1)))
        if allocatingArena {
            arena = .allocate(byteCount: model.memoryPlan.arenaSize, alignment: 16)
            arena.initializeMemory(as: UInt8.self, repeating: 0)
        } else {
            arena = UnsafeMutableRawBufferPointer(start: nil, count: 0)
        }
    }

    deinit {
        int8Views.deallocate()
        floatViews.deallocate()
        arena.deallocate()
    }

    public var inputCount: Int { model.inputs.count }
    public var outputCount: Int { model.outputs.count }

    /// The bytes of activation tensor `t` inside `arena` (empty for a constant or a too-small arena).
    public func buffer(ofTensor t: Int, in arena: UnsafeMutableRawBufferPointer) -> UnsafeMutableRawBufferPointer {
        guard t >= 0 && t < model.tensors.count, let offset = model.memoryPlan.offsets[t],
            let base = arena.baseAddress, offset + model.tensors[t].byteCount <= arena.count
        else { return UnsafeMutableRawBufferPointer(start: nil, count: 0) }
        return UnsafeMutableRawBufferPointer(start: base + offset, count: model.tensors[t].byteCount)
    }

    /// Graph input `position`'s bytes in `arena` (the owned one by default): fill before every `run`
    /// — a run reuses an input's slot for later tensors once no node reads the input any more.
    public func inputBuffer(_ position: Int, in arena: UnsafeMutableRawBufferPointer? = nil) -> UnsafeMutableRawBufferPointer {
        guard position >= 0 && position < model.inputs.count else { return UnsafeMutableRawBufferPointer(start: nil, count: 0) }
        return buffer(ofTensor: model.inputs[position], in: arena ?? self.arena)
    }

    /// Graph output `position`'s bytes in `arena` (the owned one by default): read after `run`.
    public func outputBuffer(_ position: Int, in arena: UnsafeMutableRawBufferPointer? = nil) -> UnsafeMutableRawBufferPointer {
        guard position >= 0 && position < model.outputs.count else { return UnsafeMutableRawBufferPointer(start: nil, count: 0) }
        return buffer(ofTensor: model.outputs[position], in: arena ?? self.arena)
    }

    /// Runs every node on the owned arena.
    public func run() throws(RunError) {
        try run(arena: arena, tap: { _, _, _ in })
    }

    /// Runs every node on `arena`.
    public func run(arena: UnsafeMutableRawBufferPointer) throws(RunError) {
        try run(arena: arena, tap: { _, _, _ in })
    }

    /// Runs every node on the owned arena, calling `tap(node, tensor, bytes)` after each node for
    /// each of its outputs.
    public func run(tap: (Int, Int, UnsafeRawBufferPointer) -> Void) throws(RunError) {
        try run(arena: arena, tap: tap)
    }

    /// Runs every node on `arena`, calling `tap(node index, output tensor index, the tensor's bytes)`
    /// after each node for each of its outputs. Allocates nothing.
    public func run(arena: UnsafeMutableRawBufferPointer, tap: (Int, Int, UnsafeRawBufferPointer) -> Void) throws(RunError) {
        guard arena.count >= arenaSize, let base = arena.baseAddress else {
            throw .arenaTooSmall(required: arenaSize, actual: arena.count)
        }
        guard UInt(bitPattern: base) % 16 == 0 else { throw .misalignedArena }
        for n in 0..<kernels.count {
            do throws(KernelError) {
                try execute(n, base)
            } catch {
                throw .kernel(node: n, error)
            }
            for t in model.nodes[n].outputs {
                tap(n, t, UnsafeRawBufferPointer(buffer(ofTensor: t, in: arena)))
            }
        }
    }
}
