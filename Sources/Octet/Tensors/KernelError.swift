/// Why a kernel refused its arguments. Thrown (typed) by every validating entry point before any
/// output is written; each case carries the offending parameter, axis or tensor.
/// Axes are numbered in the tensor's spatial order: 0 = depth, 1 = height, 2 = width.
public enum KernelError: Error, Equatable, Sendable {
    /// window[axis] < 1.
    case invalidWindow(axis: Int, value: Int)
    /// stride[axis] < 1.
    case invalidStride(axis: Int, value: Int)
    /// dilation[axis] < 1.
    case invalidDilation(axis: Int, value: Int)
    /// A padding amount is negative, or not smaller than the dilated window extent
    /// (such padding would make windows with no valid cell).
    case invalidPadding(axis: Int, begin: Int, end: Int, windowExtent: Int)
    /// The input is smaller than one window along `axis`: no output.
    case emptyOutput(axis: Int, inputExtent: Int, windowExtent: Int)
    /// Output window `outputIndex` along `axis` covers no input cell (only possible with dilation).
    case emptyWindow(axis: Int, outputIndex: Int)
    /// The parameters' spatial rank differs from the tensor's.
    case rankMismatch(expected: Int, actual: Int)
    /// A shape has a zero or negative extent, or too many cells for Int32 indices.
    case malformedShape(TensorRole, ActivationShape)
    /// A tensor's shape differs from what the kernel computes.
    case shapeMismatch(TensorRole, expected: ActivationShape, actual: ActivationShape)
    /// A buffer holds fewer elements than its shape.
    case bufferTooSmall(TensorRole, required: Int, actual: Int)
    /// A tensor's scale is not finite and positive, or its zero point is outside −128...127.
    case invalidQuantization(TensorRole, scale: Float, zeroPoint: Int32)
    /// Input and output quantization must be equal for this kernel (as TFLite's pooling).
    case quantizationMismatch(input: QuantParams, output: QuantParams)
    /// An unpool index points outside its (n, c) plane: element `position` of the indices tensor.
    case indexOutOfRange(position: Int, index: Int32, planeSize: Int)
    /// A parameter value outside what the kernel supports.
    case unsupported(KernelParameter, value: Int)
    /// The input's channels differ from what the filter (and groups) expect.
    case channelMismatch(expected: Int, actual: Int)
    /// `groups` (or the depthwise channel multiplier) does not divide the channel counts.
    case groupsMismatch(inputChannels: Int, outputChannels: Int, groups: Int)
    /// A filter shape with an extent below 1, or a rank the op does not take.
    case invalidFilterShape(FilterShape)
    /// The bias has `actual` values; the op needs one per output channel.
    case biasLength(expected: Int, actual: Int)
    /// Filter scales: one per output channel (or one for the whole tensor) expected.
    case scaleCount(expected: Int, actual: Int)
    /// Filter scale of output channel `channel` is not finite and positive.
    case invalidFilterScale(channel: Int, scale: Float)
    /// kh·kw·cin taps could overflow the Int32 accumulator (|w·(x − zp)| ≤ 128·255 per tap):
    /// more than `limit` (65536) taps are rejected.
    case accumulatorOverflow(taps: Int, limit: Int)
}

/// A filter's extents: output channels, kernel height and width, input channels per group.
/// Layout OHWI (conv), [1, H, W, C·M] (depthwise: outputChannels = 1, inputChannels = C·M),
/// [O, 1, 1, I] (fully connected).
public struct FilterShape: Equatable, Sendable {
    public var outputChannels: Int
    public var height: Int
    public var width: Int
    public var inputChannels: Int

    public init(outputChannels: Int, height: Int, width: Int, inputChannels: Int) {
        self.outputChannels = outputChannels
        self.height = height
        self.width = width
        self.inputChannels = inputChannels
    }

    public var elementCount: Int { outputChannels * height * width * inputChannels }

    var isWellFormed: Bool {
        guard outputChannels > 0, height > 0, width > 0, inputChannels > 0 else { return false }
        let (a, o1) = outputChannels.multipliedReportingOverflow(by: height)
        let (b, o2) = a.multipliedReportingOverflow(by: width)
        let (_, o3) = b.multipliedReportingOverflow(by: inputChannels)
        return !(o1 || o2 || o3)
    }
}

/// Parameters named by `KernelError.unsupported`.
public enum KernelParameter: Equatable, Sendable {
    /// Lp pooling's p (must be positive and finite); `value` is p rounded toward zero.
    case lpNorm
    /// A pyramid level (output size) of spatial pyramid pooling.
    case pyramidLevel
    /// An adaptive pool's output extent (must be at least 1).
    case outputExtent
    /// Blur pooling's stride (1 or more).
    case blurStride
    /// A spatial extent below 2 with reflect padding (blur pooling), which has nothing to mirror.
    case blurReflectExtent
    /// Cells in one pooling window (average pooling accepts at most 65536).
    case windowCells
    /// A depthwise convolution's channel multiplier (at least 1).
    case depthMultiplier
    /// The number of tensors given to a concatenation (at least 1).
    case concatInputs
}
