/// Reads octet.h's parameter structs field by field at their documented byte offsets (asserted in
/// the header), so nothing depends on Swift laying out a struct as C does. Fields are read
/// unaligned: a caller's misaligned struct is still read correctly. Each reader returns nil for a
/// NULL pointer or a value no Swift type can hold (unknown enum value, a geometry so large that
/// index arithmetic could overflow); the exports report nil as `OctetStatus.invalidArgument`.
/// Everything else (extents < 1, bad strides, bad quantization, ...) is left to the kernels'
/// own validation, which throws `KernelError`.
enum CStructs {
    /// `octet_shape` {batch, depth, height, width, channels, spatial_rank}: int32 at 0, 4, …, 20.
    /// Nil also when |batch·depth·height·width·channels| does not fit `Int` (so no product of these
    /// extents that a kernel computes can overflow before its own checks run).
    static func shape(_ p: UnsafeRawPointer?) -> ActivationShape? {
        guard let p else { return nil }
        let s = ActivationShape(
            batch: int(p, 0), depth: int(p, 4), height: int(p, 8), width: int(p, 12),
            channels: int(p, 16), spatialRank: int(p, 20))
        return elementCountFits(s) ? s : nil
    }

    /// Writes an `ActivationShape` whose extents fit Int32 (a `PoolPlan`'s output, checked by
    /// `elementCountFits`) into an `octet_shape`.
    static func store(_ s: ActivationShape, to p: UnsafeMutableRawPointer) {
        let fields = (s.batch, s.depth, s.height, s.width, s.channels, s.spatialRank)
        p.storeBytes(of: Int32(truncatingIfNeeded: fields.0), toByteOffset: 0, as: Int32.self)
        p.storeBytes(of: Int32(truncatingIfNeeded: fields.1), toByteOffset: 4, as: Int32.self)
        p.storeBytes(of: Int32(truncatingIfNeeded: fields.2), toByteOffset: 8, as: Int32.self)
        p.storeBytes(of: Int32(truncatingIfNeeded: fields.3), toByteOffset: 12, as: Int32.self)
        p.storeBytes(of: Int32(truncatingIfNeeded: fields.4), toByteOffset: 16, as: Int32.self)
        p.storeBytes(of: Int32(truncatingIfNeeded: fields.5), toByteOffset: 20, as: Int32.self)
    }

    /// `octet_quant` {float scale @0; int32 zero_point @4}. Validity is the kernel's check.
    static func quant(_ p: UnsafeRawPointer?) -> QuantParams? {
        guard let p else { return nil }
        return QuantParams(
            scale: p.loadUnaligned(fromByteOffset: 0, as: Float.self),
            zeroPoint: p.loadUnaligned(fromByteOffset: 4, as: Int32.self))
    }

    /// `octet_pool_params` (offsets in octet.h): spatial_rank @0, window[3] @4, stride[3] @16,
    /// dilation[3] @28, pad_begin[3] @40, pad_end[3] @52, padding @64, ceil_mode @68,
    /// count_include_pad @72, activation @76, act_min @80, act_max @84. Arrays are (d, h, w); a rank
    /// below 3 takes its trailing entries. Nil for a rank outside 1...3, an unknown padding or
    /// activation code, or a geometry beyond octet.h's size limit for `input`.
    static func poolParameters(_ p: UnsafeRawPointer?, input: ActivationShape) -> PoolParameters? {
        guard let p else { return nil }
        let rank = int(p, 0)
        guard rank >= 1 && rank <= 3 else { return nil }
        let window = spatial(p, 4, rank), stride = spatial(p, 16, rank), dilation = spatial(p, 28, rank)
        let padBegin = spatial(p, 40, rank), padEnd = spatial(p, 52, rank)
        guard let padding = CStructs.padding(int(p, 64), begin: padBegin, end: padEnd),
            let activation = CStructs.activation(
                p.loadUnaligned(fromByteOffset: 76, as: Int32.self),
                min: p.loadUnaligned(fromByteOffset: 80, as: Float.self),
                max: p.loadUnaligned(fromByteOffset: 84, as: Float.self))
        else { return nil }
        let parameters = PoolParameters(
            window: window, stride: stride, dilation: dilation, padding: padding,
            ceilMode: int(p, 68) != 0, countIncludePad: int(p, 72) != 0, activation: activation)
        return geometryFits(parameters, input: input) ? parameters : nil
    }

    /// `OCTET_PADDING_*` (0 explicit with `begin` / `end`, 1 valid, 2 same, 3 same-lower); nil for
    /// another code.
    static func padding(_ code: Int, begin: Spatial, end: Spatial) -> Padding? {
        switch code {
        case 0: return .explicit(begin: begin, end: end)
        case 1: return .valid
        case 2: return .same
        case 3: return .sameLower
        default: return nil
        }
    }

    /// `OCTET_ACTIVATION_*` (0 none, 1 relu, 2 relu6, 3 clamp to [min, max]); nil for another code.
    static func activation(_ code: Int32, min: Float, max: Float) -> FusedActivation? {
        switch code {
        case 0: return FusedActivation.none
        case 1: return .relu
        case 2: return .relu6
        case 3: return .clamp(min: min, max: max)
        default: return nil
        }
    }

    /// `OCTET_BLUR_PADDING_*` (0 reflect, 1 replicate, 2 zero) and a stride; nil for another
    /// padding code. The stride is the kernel's check (< 1: `.unsupported(.blurStride, …)`).
    static func blurParameters(stride: Int32, padding: Int32) -> BlurPoolParameters? {
        let mode: BlurPadding
        switch padding {
        case 0: mode = .reflect
        case 1: mode = .replicate
        case 2: mode = .zero
        default: return nil
        }
        return BlurPoolParameters(stride: Int(stride), padding: mode)
    }

    /// `OCTET_PYRAMID_*` (0 max, 1 average); nil for another code.
    static func pyramidPooling(_ code: Int32) -> PyramidPooling? {
        switch code {
        case 0: return .max
        case 1: return .average
        default: return nil
        }
    }

    /// True when |product of the extents| fits `Int` (extents of 0 counted as 1, so every partial
    /// product is bounded too).
    static func elementCountFits(_ s: ActivationShape) -> Bool {
        var product: UInt = 1
        func times(_ extent: Int) -> Bool {
            let (next, overflow) = product.multipliedReportingOverflow(by: Swift.max(extent.magnitude, 1))
            product = next
            return !overflow && next <= UInt(Int.max)
        }
        return times(s.batch) && times(s.depth) && times(s.height) && times(s.width) && times(s.channels)
    }

    /// octet.h's size limit, which keeps `PoolPlan`'s arithmetic inside Int32 (so inside `Int` on
    /// 32-bit targets): per axis |in| + |pad_begin| + |pad_end| + 2·|e| + |stride| <= Int32.max with
    /// e = dilation·(window − 1) + 1, and |e_d·e_h·e_w| <= Int32.max. Computed in Int64 from
    /// Int32-range values, so this check cannot overflow either. Convolutions use it too, with the
    /// filter's extents as the window (`convParameters`).
    static func geometryFits(_ p: PoolParameters, input: ActivationShape) -> Bool {
        let limit = UInt64(Int32.max)
        var cells: UInt64 = 1
        for axis in (3 - p.window.rank)..<3 {
            let extent = (Int64(p.dilation[axis]) * (Int64(p.window[axis]) - 1) + 1).magnitude
            guard extent <= limit else { return false }
            var pads: UInt64 = 0
            if case .explicit(let b, let e) = p.padding {
                pads = Int64(b[axis]).magnitude + Int64(e[axis]).magnitude
            }
            let span = Int64(input.extent(axis)).magnitude + pads + 2 * extent + Int64(p.stride[axis]).magnitude
            cells *= Swift.max(extent, 1)
            guard span <= limit && cells <= limit else { return false }
        }
        return true
    }

    @inline(__always)
    static func int(_ p: UnsafeRawPointer, _ offset: Int) -> Int {
        Int(p.loadUnaligned(fromByteOffset: offset, as: Int32.self))
    }

    /// The trailing `rank` entries of an int32[3] array in (d, h, w) order.
    private static func spatial(_ p: UnsafeRawPointer, _ offset: Int, _ rank: Int) -> Spatial {
        let d = int(p, offset), h = int(p, offset + 4), w = int(p, offset + 8)
        return rank == 1 ? Spatial(w) : (rank == 2 ? Spatial(h, w) : Spatial(d, h, w))
    }
}
