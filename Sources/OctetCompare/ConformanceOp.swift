/// The ops a conformance case can exercise, spelled as in the case file's "op" field, and the
/// Octet kernel each one runs through.
public enum ConformanceOp: String, CaseIterable, Comparable, Sendable, CustomStringConvertible {
    /// `conv2D` (filter OHWI).
    case conv2d
    /// `depthwiseConv2D` (filter 1HW(C·M)).
    case depthwiseConv2d = "depthwise_conv2d"
    /// `fullyConnected` (filter OI).
    case fullyConnected = "fully_connected"
    /// `maxPool` (optionally with indices).
    case maxPool2d = "max_pool2d"
    /// `averagePool`.
    case avgPool2d = "avg_pool2d"
    /// TFLite MEAN over H and W with keep_dims, run as Octet's `mean` (TFLite 2.21's arithmetic).
    case mean
    /// Global average pooling with one rounding (ONNX QLinearGlobalAveragePool), run as
    /// `globalAveragePool`; params as `mean`.
    case globalAvgPool2d = "global_avg_pool2d"
    /// `add` (same shapes, no broadcasting).
    case add

    public var description: String { rawValue }

    /// Declaration order: the order of the per-op report lines.
    public static func < (a: ConformanceOp, b: ConformanceOp) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }

    /// The ops with a filter (and an optional bias).
    var hasFilter: Bool { self == .conv2d || self == .depthwiseConv2d || self == .fullyConnected }

    /// The ops with a window (params.filter as the pooling window).
    var isPool: Bool { self == .maxPool2d || self == .avgPool2d }

    /// The ops whose params object must be present (geometry: stride, padding, window).
    var needsParams: Bool { self == .conv2d || self == .depthwiseConv2d || isPool }
}
