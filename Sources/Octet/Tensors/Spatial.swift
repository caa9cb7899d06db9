/// One integer per spatial axis (window, stride, dilation, padding), in (depth, height, width)
/// order, with the spatial rank it was written for. Axes a rank does not have hold 1 and are
/// ignored by every kernel.
public struct Spatial: Equatable, Sendable {
    public var depth: Int
    public var height: Int
    public var width: Int
    /// 1, 2 or 3.
    public var rank: Int

    /// 1-D: (w).
    public init(_ width: Int) {
        self.depth = 1; self.height = 1; self.width = width; self.rank = 1
    }

    /// 2-D: (h, w).
    public init(_ height: Int, _ width: Int) {
        self.depth = 1; self.height = height; self.width = width; self.rank = 2
    }

    /// 3-D: (d, h, w).
    public init(_ depth: Int, _ height: Int, _ width: Int) {
        self.depth = depth; self.height = height; self.width = width; self.rank = 3
    }

    /// The same value on every axis of `rank`.
    public static func uniform(_ value: Int, rank: Int) -> Spatial {
        rank == 1 ? Spatial(value) : (rank == 2 ? Spatial(value, value) : Spatial(value, value, value))
    }

    /// The value on `axis` (0 = depth, 1 = height, 2 = width).
    public subscript(axis: Int) -> Int {
        axis == 0 ? depth : (axis == 1 ? height : width)
    }

    /// The spatial part of `shape` as a Spatial of the shape's rank.
    public init(spatialOf shape: ActivationShape) {
        self.depth = shape.depth; self.height = shape.height; self.width = shape.width
        self.rank = shape.spatialRank
    }
}

/// How a pooling window is padded.
public enum Padding: Equatable, Sendable {
    /// No padding: windows lie inside the input.
    case valid
    /// TFLite SAME (ONNX SAME_UPPER): output = ceil(in / stride); total padding
    /// max((out − 1)·stride + (dilation·(window − 1) + 1) − in, 0), begin = total/2 (floor), end = the rest.
    case same
    /// ONNX SAME_LOWER: as `same` with begin = the larger half.
    case sameLower
    /// Explicit cells of padding before and after the input on each axis.
    case explicit(begin: Spatial, end: Spatial)

    /// The same padding before and after on every axis (PyTorch's `padding=`).
    public static func symmetric(_ amount: Spatial) -> Padding {
        .explicit(begin: amount, end: amount)
    }
}
