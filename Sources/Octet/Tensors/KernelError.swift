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
}
