// Parameter records of OctetFormat.md §6: parsed and range-checked here; the geometry itself
// (window vs input, padding vs window, output extents) is checked by the kernels' plan builders
// when the node's operands are validated.

extension ModelFile {
    static func readParameters(_ r: ByteReader, op: OpCode, node n: Int, at p: Int) throws(ModelError) -> NodeParameters {
        switch op {
        case .conv, .depthwiseConv:
            return try readConv(r, op: op, node: n, at: p)
        case .fullyConnected, .add, .clamp:
            return .activation(try readActivation(r, node: n, at: p))
        case .maxPool, .averagePool, .lpPool:
            return try readPool(r, op: op, node: n, at: p)
        case .globalLpPool:
            let value = try r.i32(p)
            guard value >= 1 && value <= maximumLpNorm else { throw .invalidNode(node: n, offset: p, field: .parameter) }
            return .globalLp(p: Int(value))
        default:
            return .none
        }
    }

    /// The largest p an Lp pool takes (a refinement of §6: p in 1...64).
    static var maximumLpNorm: Int32 { 64 }

    /// The activation record (12 bytes).
    static func readActivation(_ r: ByteReader, node n: Int, at p: Int) throws(ModelError) -> FusedActivation {
        let kind = try r.i32(p), lo = try r.f32(p + 4), hi = try r.f32(p + 8)
        func fail(_ o: Int) -> ModelError { .invalidNode(node: n, offset: p + o, field: .activation) }
        if kind == 3 {
            guard !lo.isNaN else { throw fail(4) }
            guard !hi.isNaN && lo <= hi else { throw fail(8) }
            return .clamp(min: lo, max: hi)
        }
        guard lo.bitPattern == 0 else { throw fail(4) }
        guard hi.bitPattern == 0 else { throw fail(8) }
        switch kind {
        case 0: return FusedActivation.none
        case 1: return .relu
        case 2: return .relu6
        default: throw fail(0)
        }
    }

    /// A non-negative i32 geometry value (window, stride, dilation, padding, groups).
    static func nonNegative(_ r: ByteReader, node n: Int, at o: Int) throws(ModelError) -> Int {
        let v = try r.i32(o)
        guard v >= 0 else { throw .invalidNode(node: n, offset: o, field: .parameter) }
        return Int(v)
    }

    /// The conv record (48 + 12 bytes).
    static func readConv(_ r: ByteReader, op: OpCode, node n: Int, at p: Int) throws(ModelError) -> NodeParameters {
        func fail(_ o: Int) -> ModelError { .invalidNode(node: n, offset: p + o, field: .parameter) }
        let rank = try r.i32(p)
        guard rank == 1 || rank == 2 else { throw fail(0) }
        var v = [Int](repeating: 0, count: 9)
        for k in 1...9 { v[k - 1] = try nonNegative(r, node: n, at: p + 4 * k) }
        // v: strideH, strideW, dilationH, dilationW, padTop, padLeft, padBottom, padRight, groups.
        if rank == 1 {
            guard v[0] == 1 else { throw fail(4) }
            guard v[2] == 1 else { throw fail(12) }
            guard v[4] == 0 else { throw fail(20) }
            guard v[6] == 0 else { throw fail(28) }
        }
        guard v[8] >= 1 else { throw fail(36) }
        guard try r.u32(p + 40) == 0 else { throw fail(40) }
        guard try r.u32(p + 44) == 0 else { throw fail(44) }
        let activation = try readActivation(r, node: n, at: p + 48)
        func spatial(_ h: Int, _ w: Int) -> Spatial { rank == 1 ? Spatial(w) : Spatial(h, w) }
        let parameters = Conv2DParameters(
            stride: spatial(v[0], v[1]), dilation: spatial(v[2], v[3]),
            padding: .explicit(begin: spatial(v[4], v[5]), end: spatial(v[6], v[7])),
            groups: op == .conv ? v[8] : 1, activation: activation)
        return op == .conv ? .conv(parameters) : .depthwiseConv(parameters, multiplier: v[8])
    }

    /// The pool record (76 + 12 bytes).
    static func readPool(_ r: ByteReader, op: OpCode, node n: Int, at p: Int) throws(ModelError) -> NodeParameters {
        func fail(_ o: Int) -> ModelError { .invalidNode(node: n, offset: p + o, field: .parameter) }
        let rank = try r.i32(p)
        guard rank >= 1 && rank <= 3 else { throw fail(0) }
        // Five arrays of three (depth, height, width): window, stride, dilation, padBegin, padEnd.
        var a = [[Int]](repeating: [0, 0, 0], count: 5)
        for array in 0..<5 {
            for axis in 0..<3 {
                let o = 4 + 12 * array + 4 * axis
                let value = try nonNegative(r, node: n, at: p + o)
                if axis < 3 - Int(rank) {
                    // An axis the rank does not have: window, stride, dilation 1; pads 0.
                    guard value == (array < 3 ? 1 : 0) else { throw fail(o) }
                }
                a[array][axis] = value
            }
        }
        let ceilMode = try r.i32(p + 64), countIncludePad = try r.i32(p + 68), norm = try r.i32(p + 72)
        guard ceilMode == 0 || ceilMode == 1 else { throw fail(64) }
        guard countIncludePad == 0 || countIncludePad == 1 else { throw fail(68) }
        if op == .lpPool {
            guard norm >= 1 && norm <= maximumLpNorm else { throw fail(72) }
        } else {
            guard norm == 0 else { throw fail(72) }
        }
        let activation = try readActivation(r, node: n, at: p + 76)
        func spatial(_ v: [Int]) -> Spatial {
            rank == 1 ? Spatial(v[2]) : (rank == 2 ? Spatial(v[1], v[2]) : Spatial(v[0], v[1], v[2]))
        }
        let parameters = PoolParameters(
            window: spatial(a[0]), stride: spatial(a[1]), dilation: spatial(a[2]),
            padding: .explicit(begin: spatial(a[3]), end: spatial(a[4])), ceilMode: ceilMode == 1,
            countIncludePad: countIncludePad == 1, activation: activation)
        return .pool(parameters, p: Int(norm))
    }
}
