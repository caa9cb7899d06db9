/// How blur pooling extends the input by one cell on each side of every spatial axis.
public enum BlurPadding: Equatable, Sendable {
    /// Mirror without repeating the edge: −1 → 1, In → In − 2 (PyTorch ReflectionPad; Zhang 2019's
    /// default). Needs every spatial extent ≥ 2.
    case reflect
    /// Repeat the edge cell: −1 → 0, In → In − 1.
    case replicate
    /// Real 0 (the zero point in int8).
    case zero
}

/// Anti-aliased downsampling (Zhang 2019, "Making Convolutional Networks Shift-Invariant Again"):
/// the binomial filter [1, 2, 1] on every spatial axis (outer product, weights summing to 4^rank),
/// one cell of padding per side, then subsampling by `stride`.
/// Output extent per axis: floor((In − 1) / stride) + 1 (In after the max pool, for max-blur pooling).
public struct BlurPoolParameters: Equatable, Sendable {
    public var stride: Int
    public var padding: BlurPadding

    public init(stride: Int = 2, padding: BlurPadding = .reflect) {
        self.stride = stride
        self.padding = padding
    }

    /// Validated output shape for a source of shape `source` (the input, or the max pool's output).
    func outputShape(source: ActivationShape) throws(KernelError) -> ActivationShape {
        guard source.isWellFormed else { throw .malformedShape(.input, source) }
        guard stride >= 1 else { throw .unsupported(.blurStride, value: stride) }
        var out = source
        for axis in (3 - source.spatialRank)..<3 {
            let extent = source.extent(axis)
            if padding == .reflect && extent < 2 { throw .unsupported(.blurReflectExtent, value: extent) }
            let o = (extent - 1) / stride + 1
            switch axis {
            case 0: out.depth = o
            case 1: out.height = o
            default: out.width = o
            }
        }
        return out
    }

    /// The source cell that padded position `p` (−1...extent) reads, or nil for zero padding.
    @inline(__always)
    func source(_ p: Int, extent: Int) -> Int? {
        if p >= 0 && p < extent { return p }
        switch padding {
        case .reflect: return p < 0 ? 1 : extent - 2
        case .replicate: return p < 0 ? 0 : extent - 1
        case .zero: return nil
        }
    }
}

/// The taps of one blur-pool output cell: 3^rank taps in (d, h, w) row-major order, each with its
/// weight (the product of [1, 2, 1][t] over the rank's axes) and the source cell it reads.
struct BlurTaps {
    let source: ActivationShape
    let parameters: BlurPoolParameters

    var count: Int { source.spatialRank == 3 ? 27 : (source.spatialRank == 2 ? 9 : 3) }

    /// Tap `t` of output (od, oh, ow): its weight and the flat (d·H + h)·W + w source cell, or nil
    /// for a zero-padding tap.
    @inline(__always)
    func tap(_ t: Int, _ od: Int, _ oh: Int, _ ow: Int) -> (weight: Int32, cell: Int?) {
        let rank = source.spatialRank
        let tw = t % 3 - 1
        let th = rank >= 2 ? (t / 3) % 3 - 1 : 0
        let td = rank == 3 ? t / 9 - 1 : 0
        // [1, 2, 1][t + 1] = 2 − |t| on each axis the rank has; 1 on the others.
        let weight = (rank == 3 ? Int32(2 - td.magnitude) : 1) * (rank >= 2 ? Int32(2 - th.magnitude) : 1)
            * Int32(2 - tw.magnitude)
        let s = parameters.stride
        guard let d = rank == 3 ? parameters.source(od * s + td, extent: source.depth) : 0,
              let h = rank >= 2 ? parameters.source(oh * s + th, extent: source.height) : 0,
              let w = parameters.source(ow * s + tw, extent: source.width)
        else { return (weight, nil) }
        return (weight, (d * source.height + h) * source.width + w)
    }

    /// 4^rank, the sum of the weights.
    var divisor: Int32 { Int32(1) << Int32(2 * source.spatialRank) }
}
