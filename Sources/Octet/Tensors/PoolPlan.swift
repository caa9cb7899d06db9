/// The input cells one output position reads along one axis: `count` positions
/// first, first + step, …, all inside the input; `paddedCount` also counts the window's cells that
/// fall in the padding (cells beyond the end padding, possible with ceil mode, are not counted —
/// PyTorch's and ONNX Runtime's count_include_pad divisor). `firstTap` is the window (filter) tap
/// index of `first`, so valid cell k is tap firstTap + k (convolution reads its weights by tap).
public struct PoolWindow: Equatable, Sendable {
    public var first: Int
    public var count: Int
    public var step: Int
    public var paddedCount: Int
    public var firstTap: Int = 0

    public var positions: StrideTo<Int> { stride(from: first, to: first + count * step, by: step) }
}

/// One spatial axis of a validated pooling geometry.
public struct PoolAxis: Equatable, Sendable {
    public var inputExtent: Int
    public var outputExtent: Int
    public var window: Int
    public var stride: Int
    public var dilation: Int
    public var padBegin: Int
    public var padEnd: Int
    /// Adaptive axis: output i reads [floor(i·In/Out), ceil((i+1)·In/Out)) (PyTorch's rule) and the
    /// window/stride/padding fields are unused.
    public var adaptive: Bool

    /// An axis that is not there (rank below 3): one cell in, one cell out.
    static let unit = PoolAxis(
        inputExtent: 1, outputExtent: 1, window: 1, stride: 1, dilation: 1, padBegin: 0, padEnd: 0,
        adaptive: false)

    /// The cells output `o` reads. Regular axes: taps t = 0..<window at o·stride − padBegin + t·dilation,
    /// those inside 0..<inputExtent are valid.
    @inline(__always)
    public func window(_ o: Int) -> PoolWindow {
        if adaptive {
            let start = (o * inputExtent) / outputExtent
            let end = ((o + 1) * inputExtent + outputExtent - 1) / outputExtent
            return PoolWindow(first: start, count: end - start, step: 1, paddedCount: end - start)
        }
        // Wrapping arithmetic: the plan's validation bounds every product by the padded extent.
        let start = o &* stride &- padBegin
        let last = start &+ (window &- 1) &* dilation
        if start >= 0 && last < inputExtent {
            // Interior window (the common case): every tap valid, no division.
            return PoolWindow(first: start, count: window, step: dilation, paddedCount: window, firstTap: 0)
        }
        let firstTap = start >= 0 ? 0 : (-start + dilation - 1) / dilation
        let lastInside = inputExtent - 1 - start
        let lastTap = lastInside < 0 ? -1 : Swift.min(window - 1, lastInside / dilation)
        let lastPadded = Swift.min(window - 1, (inputExtent + padEnd - 1 - start) / dilation)
        return PoolWindow(
            first: start + firstTap * dilation, count: Swift.max(0, lastTap - firstTap + 1),
            step: dilation, paddedCount: lastPadded + 1, firstTap: firstTap)
    }
}

/// A validated pooling geometry: input and output shapes (NDHWC canonical form) and the three
/// spatial axes (depth, height, width). Building one checks every parameter; kernels given a plan
/// only index inside the input.
public struct PoolPlan: Equatable, Sendable {
    public let input: ActivationShape
    public let output: ActivationShape
    public let depth: PoolAxis
    public let height: PoolAxis
    public let width: PoolAxis

    /// Regular (strided) pooling. Output extent per axis, with e = dilation·(window − 1) + 1:
    /// floor((In + padBegin + padEnd − e) / stride) + 1, or ceil(…) + 1 in ceil mode, dropping a last
    /// window that starts at or after In + padBegin. SAME padding as `Padding.same`.
    public init(input: ActivationShape, parameters p: PoolParameters) throws(KernelError) {
        guard input.isWellFormed else { throw .malformedShape(.input, input) }
        let rank = input.spatialRank
        if p.window.rank != rank { throw .rankMismatch(expected: rank, actual: p.window.rank) }
        if p.stride.rank != rank { throw .rankMismatch(expected: rank, actual: p.stride.rank) }
        if p.dilation.rank != rank { throw .rankMismatch(expected: rank, actual: p.dilation.rank) }
        if case .explicit(let b, let e) = p.padding {
            if b.rank != rank { throw .rankMismatch(expected: rank, actual: b.rank) }
            if e.rank != rank { throw .rankMismatch(expected: rank, actual: e.rank) }
        }
        var axes = (PoolAxis.unit, PoolAxis.unit, PoolAxis.unit)
        for axis in (3 - rank)..<3 {
            let a = try PoolPlan.regularAxis(axis, input: input.extent(axis), parameters: p)
            switch axis {
            case 0: axes.0 = a
            case 1: axes.1 = a
            default: axes.2 = a
            }
        }
        self.init(input: input, axes: axes)
    }

    /// Adaptive pooling to the spatial extents `outputSize` (PyTorch's window rule).
    public init(input: ActivationShape, adaptiveOutput outputSize: Spatial) throws(KernelError) {
        guard input.isWellFormed else { throw .malformedShape(.input, input) }
        let rank = input.spatialRank
        guard outputSize.rank == rank else { throw .rankMismatch(expected: rank, actual: outputSize.rank) }
        var axes = (PoolAxis.unit, PoolAxis.unit, PoolAxis.unit)
        for axis in (3 - rank)..<3 {
            let out = outputSize[axis]
            guard out >= 1 else { throw .unsupported(.outputExtent, value: out) }
            var a = PoolAxis.unit
            a.inputExtent = input.extent(axis)
            a.outputExtent = out
            a.adaptive = true
            switch axis {
            case 0: axes.0 = a
            case 1: axes.1 = a
            default: axes.2 = a
            }
        }
        self.init(input: input, axes: axes)
    }

    /// A window covering the whole spatial extent (global pooling).
    public init(globalInput input: ActivationShape) throws(KernelError) {
        let ones = Spatial.uniform(1, rank: input.spatialRank)
        guard input.isWellFormed else { throw .malformedShape(.input, input) }
        try self.init(input: input, adaptiveOutput: ones)
    }

    private init(input: ActivationShape, axes: (PoolAxis, PoolAxis, PoolAxis)) {
        self.input = input
        self.depth = axes.0
        self.height = axes.1
        self.width = axes.2
        self.output = ActivationShape(
            batch: input.batch, depth: axes.0.outputExtent, height: axes.1.outputExtent,
            width: axes.2.outputExtent, channels: input.channels, spatialRank: input.spatialRank)
    }

    /// Cells of the largest window (an upper bound on any window's valid count; Int.max if the
    /// product overflows). Adaptive axes: exactly In/Out when Out divides In, else at most
    /// ⌊In/Out⌋ + 2 (the window [⌊i·In/Out⌋, ⌈(i+1)·In/Out⌉) spans under In/Out + 2 cells).
    public var maximumWindowCells: Int {
        func widest(_ a: PoolAxis) -> Int {
            guard a.adaptive else { return a.window }
            return a.inputExtent % a.outputExtent == 0 ? a.inputExtent / a.outputExtent : a.inputExtent / a.outputExtent + 2
        }
        let (dh, o1) = widest(depth).multipliedReportingOverflow(by: widest(height))
        let (dhw, o2) = dh.multipliedReportingOverflow(by: widest(width))
        return o1 || o2 ? Int.max : dhw
    }

    private static func regularAxis(_ axis: Int, input: Int, parameters p: PoolParameters) throws(KernelError) -> PoolAxis {
        let k = p.window[axis], s = p.stride[axis], d = p.dilation[axis]
        guard k >= 1 else { throw .invalidWindow(axis: axis, value: k) }
        guard s >= 1 else { throw .invalidStride(axis: axis, value: s) }
        guard d >= 1 else { throw .invalidDilation(axis: axis, value: d) }
        let extent = d * (k - 1) + 1
        var begin = 0, end = 0
        switch p.padding {
        case .valid:
            break
        case .same, .sameLower:
            let out = (input + s - 1) / s
            let total = Swift.max((out - 1) * s + extent - input, 0)
            let small = total / 2
            if p.padding == .same { begin = small; end = total - small } else { begin = total - small; end = small }
        case .explicit(let b, let e):
            begin = b[axis]
            end = e[axis]
        }
        guard begin >= 0 && end >= 0 && begin < extent && end < extent else {
            throw .invalidPadding(axis: axis, begin: begin, end: end, windowExtent: extent)
        }
        let span = input + begin + end - extent
        guard span >= 0 else { throw .emptyOutput(axis: axis, inputExtent: input, windowExtent: extent) }
        var out: Int
        if p.ceilMode {
            out = (span + s - 1) / s + 1
            if (out - 1) * s >= input + begin { out -= 1 }
        } else {
            out = span / s + 1
        }
        let a = PoolAxis(
            inputExtent: input, outputExtent: out, window: k, stride: s, dilation: d, padBegin: begin,
            padEnd: end, adaptive: false)
        for o in 0..<out where a.window(o).count == 0 {
            throw .emptyWindow(axis: axis, outputIndex: o)
        }
        return a
    }
}
