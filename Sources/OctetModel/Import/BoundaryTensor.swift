/// How an ONNX tensor's layout maps to Octet's channels-last layout.
public enum BoundaryLayout: Equatable, Sendable {
    /// ONNX [N, C, spatial...] ↔ Octet [N, spatial..., C] (`spatialRank` 1...3).
    case channelsFirst(spatialRank: Int)
    /// ONNX [N, F] ↔ Octet [N, 1, F], the same order.
    case features
    /// ONNX [N, C·S] flattened in (c, s) order (Flatten of an NCHW tensor) ↔ Octet [N, 1, C·S] in
    /// (s, c) order: ONNX feature c·S + s is Octet feature s·C + c.
    case flattenedChannelsFirst(channels: Int, spatialCount: Int)
}

/// A graph input or output as ONNX users see it: its ONNX name and shape, and how it maps to the
/// Octet tensor `index` of the graph.
public struct BoundaryTensor: Equatable, Sendable {
    public var name: String
    public var index: Int
    public var onnxShape: [Int]
    public var layout: BoundaryLayout

    public init(name: String, index: Int, onnxShape: [Int], layout: BoundaryLayout) {
        self.name = name
        self.index = index
        self.onnxShape = onnxShape
        self.layout = layout
    }

    /// Reorders ONNX-layout values into Octet's layout (a copy; `values.count` = the shape's count).
    public func toOctet<T>(_ values: [T]) -> [T] { reorder(values, toChannelsLast: true) }

    /// Reorders Octet-layout values into the ONNX layout.
    public func toONNX<T>(_ values: [T]) -> [T] { reorder(values, toChannelsLast: false) }

    private func reorder<T>(_ values: [T], toChannelsLast: Bool) -> [T] {
        let n = onnxShape.first ?? 1
        let (c, s): (Int, Int)
        switch layout {
        case .features:
            return values
        case .channelsFirst:
            c = onnxShape.count > 1 ? onnxShape[1] : 1
            s = onnxShape.dropFirst(2).reduce(1, *)
        case .flattenedChannelsFirst(let channels, let spatialCount):
            (c, s) = (channels, spatialCount)
        }
        return permuteChannels(values, batch: n, channels: c, spatialCount: s, toChannelsLast: toChannelsLast)
    }
}

/// [N, C, S] ↔ [N, S, C]: element (n, c, s) of the channels-first array is element (n, s, c) of
/// the channels-last one.
func permuteChannels<T>(_ values: [T], batch: Int, channels: Int, spatialCount: Int, toChannelsLast: Bool) -> [T] {
    guard channels > 1 && spatialCount > 1 else { return values }
    precondition(values.count == batch * channels * spatialCount, "permuteChannels: element count")
    var out = values
    for n in 0..<batch {
        let base = n * channels * spatialCount
        for c in 0..<channels {
            for s in 0..<spatialCount {
                let first = base + c * spatialCount + s, last = base + s * channels + c
                if toChannelsLast { out[last] = values[first] } else { out[first] = values[last] }
            }
        }
    }
    return out
}

/// The Octet (channels-last) shape of an ONNX shape in `layout`.
func octetShape(onnx shape: [Int], layout: BoundaryLayout) -> [Int] {
    switch layout {
    case .channelsFirst:
        return [shape[0]] + shape.dropFirst(2) + [shape[1]]
    case .features, .flattenedChannelsFirst:
        return [shape[0], 1, shape.dropFirst().reduce(1, *)]
    }
}
