/// The shape of a channels-last activation tensor with 1, 2 or 3 spatial axes:
/// NWC (rank 1), NHWC (rank 2), NDHWC (rank 3). Missing spatial axes have extent 1, so every
/// kernel works on the canonical NDHWC form and element (n, d, h, w, c) sits at
/// (((n·D + d)·H + h)·W + w)·C + c.
public struct ActivationShape: Equatable, Sendable {
    public var batch: Int
    public var depth: Int
    public var height: Int
    public var width: Int
    public var channels: Int
    /// Number of spatial axes: 1, 2 or 3.
    public var spatialRank: Int

    public init(batch: Int, depth: Int, height: Int, width: Int, channels: Int, spatialRank: Int) {
        self.batch = batch
        self.depth = depth
        self.height = height
        self.width = width
        self.channels = channels
        self.spatialRank = spatialRank
    }

    /// [N, W, C].
    public static func nwc(_ n: Int, _ w: Int, _ c: Int) -> ActivationShape {
        ActivationShape(batch: n, depth: 1, height: 1, width: w, channels: c, spatialRank: 1)
    }

    /// [N, H, W, C].
    public static func nhwc(_ n: Int, _ h: Int, _ w: Int, _ c: Int) -> ActivationShape {
        ActivationShape(batch: n, depth: 1, height: h, width: w, channels: c, spatialRank: 2)
    }

    /// [N, D, H, W, C].
    public static func ndhwc(_ n: Int, _ d: Int, _ h: Int, _ w: Int, _ c: Int) -> ActivationShape {
        ActivationShape(batch: n, depth: d, height: h, width: w, channels: c, spatialRank: 3)
    }

    /// The shape of channels-last dims [N, W, C], [N, H, W, C] or [N, D, H, W, C]; nil unless
    /// `spatialRank` is 1...3 and `dims` has spatialRank + 2 entries.
    public init?(channelsLast dims: [Int], spatialRank: Int) {
        guard spatialRank >= 1 && spatialRank <= 3 && dims.count == spatialRank + 2 else { return nil }
        let n = dims[0], c = dims[dims.count - 1]
        switch spatialRank {
        case 1: self = .nwc(n, dims[1], c)
        case 2: self = .nhwc(n, dims[1], dims[2], c)
        default: self = .ndhwc(n, dims[1], dims[2], dims[3], c)
        }
    }

    /// Cells in one (n, c) plane: D·H·W.
    public var spatialCount: Int { depth * height * width }

    public var elementCount: Int { batch * spatialCount * channels }

    /// The extent of spatial axis `axis` (0 = depth, 1 = height, 2 = width).
    public func extent(_ axis: Int) -> Int {
        axis == 0 ? depth : (axis == 1 ? height : width)
    }

    /// True when every extent is positive (batch may not be 0 either) and the element count fits Int32
    /// indexing of one plane.
    public var isWellFormed: Bool {
        guard batch > 0 && depth > 0 && height > 0 && width > 0 && channels > 0,
              spatialRank >= 1 && spatialRank <= 3,
              spatialRank >= 3 || depth == 1, spatialRank >= 2 || height == 1
        else { return false }
        // Products checked for overflow before `spatialCount` / `elementCount` are used.
        let (dh, o1) = depth.multipliedReportingOverflow(by: height)
        let (dhw, o2) = dh.multipliedReportingOverflow(by: width)
        let (ndhw, o3) = dhw.multipliedReportingOverflow(by: batch)
        let (_, o4) = ndhw.multipliedReportingOverflow(by: channels)
        return !(o1 || o2 || o3 || o4) && dhw <= Int(Int32.max)
    }
}
