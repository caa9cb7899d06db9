// Tensor views over C buffers: a pointer and a capacity in elements. A NULL pointer is an empty
// buffer, so the kernel's own capacity check reports it (`KernelError.bufferTooSmall`).

extension Tensor {
    init(_ base: UnsafePointer<Element>?, capacity: UInt, shape: ActivationShape, quantization: QuantParams = .identity) {
        self.init(UnsafeBufferPointer(c: base, count: capacity), shape: shape, quantization: quantization)
    }
}

extension MutableTensor {
    init(_ base: UnsafeMutablePointer<Element>?, capacity: UInt, shape: ActivationShape, quantization: QuantParams = .identity) {
        let count = base == nil ? 0 : Int(clamping: capacity)
        self.init(UnsafeMutableBufferPointer(start: base, count: count), shape: shape, quantization: quantization)
    }
}

extension UnsafeBufferPointer {
    /// A C array and its element count; NULL is empty whatever `count` says (so building the
    /// buffer cannot trap). Exports that must tell "NULL with a count" apart check that first.
    init(c base: UnsafePointer<Element>?, count: UInt) {
        self.init(start: base, count: base == nil ? 0 : Int(clamping: count))
    }
}
