/// Arena offsets for every activation (OctetFormat.md §7): first fit by liveness.
///
/// Tensor t is live over node indices [start, end]: start = the node that writes it (graph inputs:
/// −1), end = the last node that reads it (graph outputs: the node count; a tensor nobody reads:
/// its start). Slots are assigned in order of (start, tensor index); each takes the lowest multiple
/// of 16 where its size rounded up to 16 overlaps no already-assigned slot whose tensor is live at
/// the same time. The arena size is the highest slot end (a multiple of 16). A node's outputs never
/// share memory with its inputs (both are live at that node). Deterministic: depends only on the
/// graph.
public struct MemoryPlan: Equatable, Sendable {
    /// Per tensor: its arena offset in bytes, or nil for a constant.
    public let offsets: [Int?]
    /// Bytes the arena needs (≥ 16).
    public let arenaSize: Int

    /// The bytes a slot of a tensor of `byteCount` bytes takes: rounded up to 16.
    static func slotSize(_ byteCount: Int) -> Int64 { (Int64(byteCount) + 15) / 16 * 16 }

    init(tensors: [ModelTensor], nodes: [ModelNode], inputs: [Int], outputs: [Int], errorOffset: Int) throws(ModelError) {
        let count = tensors.count
        var start = [Int](repeating: Int.min, count: count)
        var end = [Int](repeating: -1, count: count)
        for t in inputs { start[t] = -1 }
        for (n, node) in nodes.enumerated() {
            for t in node.inputs {
                if let t, !tensors[t].isConstant { end[t] = Swift.max(end[t], n) }
            }
            for t in node.outputs where start[t] == Int.min { start[t] = n }
        }
        for t in outputs { end[t] = nodes.count }
        var order: [Int] = []
        for t in 0..<count where !tensors[t].isConstant && start[t] != Int.min {
            end[t] = Swift.max(end[t], start[t])
            order.append(t)
        }
        order.sort { start[$0] != start[$1] ? start[$0] < start[$1] : $0 < $1 }
        var offsets = [Int64?](repeating: nil, count: count)
        var assigned: [Int] = []
        var arena: Int64 = 16
        for t in order {
            let size = MemoryPlan.slotSize(tensors[t].byteCount)
            var conflicts: [(Int64, Int64)] = []
            for u in assigned where start[u] <= end[t] && start[t] <= end[u] {
                let o = offsets[u]!
                conflicts.append((o, o + MemoryPlan.slotSize(tensors[u].byteCount)))
            }
            conflicts.sort { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
            var offset: Int64 = 0
            for (a, b) in conflicts {
                if offset + size <= a { break }
                offset = Swift.max(offset, b)
            }
            offsets[t] = offset
            arena = Swift.max(arena, offset + size)
            guard arena <= Int64(Int32.max) else { throw .arenaTooLarge(offset: errorOffset) }
            assigned.append(t)
        }
        self.offsets = offsets.map { $0.map { Int($0) } }
        self.arenaSize = Int(arena)
    }
}
