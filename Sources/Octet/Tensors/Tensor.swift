/// A read-only view of a channels-last tensor: a buffer the caller owns, its shape and, for int8
/// data, its quantization (ignored by float kernels).
public struct Tensor<Element>: @unchecked Sendable {
    public var data: UnsafeBufferPointer<Element>
    public var shape: ActivationShape
    public var quantization: QuantParams

    public init(_ data: UnsafeBufferPointer<Element>, shape: ActivationShape, quantization: QuantParams = .identity) {
        self.data = data
        self.shape = shape
        self.quantization = quantization
    }
}

/// A writable view of a channels-last tensor owned by the caller.
public struct MutableTensor<Element>: @unchecked Sendable {
    public var data: UnsafeMutableBufferPointer<Element>
    public var shape: ActivationShape
    public var quantization: QuantParams

    public init(_ data: UnsafeMutableBufferPointer<Element>, shape: ActivationShape, quantization: QuantParams = .identity) {
        self.data = data
        self.shape = shape
        self.quantization = quantization
    }
}

/// Which operand of a kernel an error is about.
public enum TensorRole: Equatable, Sendable {
    case input
    case output
    case indices
    /// The second input of a binary op (add).
    case input2
    case filter
    case bias
}

extension Tensor {
    /// Checks that the shape is well formed and the buffer holds it.
    func validate(as role: TensorRole) throws(KernelError) {
        guard shape.isWellFormed else { throw .malformedShape(role, shape) }
        guard data.count >= shape.elementCount else {
            throw .bufferTooSmall(role, required: shape.elementCount, actual: data.count)
        }
    }
}

extension MutableTensor {
    /// Checks that the buffer holds `expected`, the shape the kernel will write.
    func validate(as role: TensorRole, expected: ActivationShape) throws(KernelError) {
        guard shape == expected else { throw .shapeMismatch(role, expected: expected, actual: shape) }
        guard data.count >= expected.elementCount else {
            throw .bufferTooSmall(role, required: expected.elementCount, actual: data.count)
        }
    }
}
