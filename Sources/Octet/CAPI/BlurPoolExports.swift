// C exports of blur pooling (Kernels/Int8/BlurPool.swift, Kernels/Float32/BlurPoolFloat32.swift;
// geometry in Tensors/BlurPoolParameters.swift). Stride and padding come as two int32 arguments
// (`CStructs.blurParameters`); the output shape follows from them.

extension CPool {
    /// Validates `input` (shape and buffer capacity), then returns the blur pool's output shape:
    /// `BlurPoolParameters.outputShape(source:)` of the input, or for max-blur pooling of the
    /// window-2 stride-1 max pool's output (extents In − 1; an extent of 1 throws `.emptyOutput`).
    static func blurOutput<Element>(
        _ input: Tensor<Element>, _ parameters: BlurPoolParameters, maxBlur: Bool
    ) throws(KernelError) -> ActivationShape {
        try input.validate(as: .input)
        return try blurOutput(input.shape, parameters, maxBlur: maxBlur)
    }

    static func blurOutput(
        _ input: ActivationShape, _ parameters: BlurPoolParameters, maxBlur: Bool
    ) throws(KernelError) -> ActivationShape {
        guard input.isWellFormed else { throw .malformedShape(.input, input) }
        guard maxBlur else { return try parameters.outputShape(source: input) }
        let window = PoolParameters(window: .uniform(2, rank: input.spatialRank))
        return try parameters.outputShape(source: PoolPlan(input: input, parameters: window).output)
    }
}

/// octet.h: `octet_blur_pool_output_shape` — `BlurPoolParameters.outputShape(source:)` of the
/// input (max_blur == 0) or of the max-blur pool's window-2 max pool output (max_blur != 0).
@_cdecl("octet_blur_pool_output_shape")
public func octet_blur_pool_output_shape(
    _ inputShape: UnsafeRawPointer?, _ stride: Int32, _ padding: Int32, _ maxBlur: Int32,
    _ outputShape: UnsafeMutableRawPointer?
) -> Int32 {
    guard let shape = CStructs.shape(inputShape),
        let parameters = CStructs.blurParameters(stride: stride, padding: padding), let outputShape
    else { return OctetStatus.invalidArgument }
    return OctetStatus.of { () throws(KernelError) in
        CStructs.store(try CPool.blurOutput(shape, parameters, maxBlur: maxBlur != 0), to: outputShape)
    }
}

/// octet.h: `octet_blur_pool_s8` — `blurPool(_:into:parameters:)` on int8.
@_cdecl("octet_blur_pool_s8")
public func octet_blur_pool_s8(
    _ inputShape: UnsafeRawPointer?, _ quant: UnsafeRawPointer?,
    _ input: UnsafePointer<Int8>?, _ inputCapacity: UInt,
    _ stride: Int32, _ padding: Int32,
    _ output: UnsafeMutablePointer<Int8>?, _ outputCapacity: UInt
) -> Int32 {
    blurInt8(inputShape, quant, input, inputCapacity, stride, padding, output, outputCapacity, maxBlur: false)
}

/// octet.h: `octet_max_blur_pool_s8` — `maxBlurPool(_:into:parameters:)` on int8.
@_cdecl("octet_max_blur_pool_s8")
public func octet_max_blur_pool_s8(
    _ inputShape: UnsafeRawPointer?, _ quant: UnsafeRawPointer?,
    _ input: UnsafePointer<Int8>?, _ inputCapacity: UInt,
    _ stride: Int32, _ padding: Int32,
    _ output: UnsafeMutablePointer<Int8>?, _ outputCapacity: UInt
) -> Int32 {
    blurInt8(inputShape, quant, input, inputCapacity, stride, padding, output, outputCapacity, maxBlur: true)
}

/// octet.h: `octet_blur_pool_f32` — `blurPool(_:into:parameters:)` on Float.
@_cdecl("octet_blur_pool_f32")
public func octet_blur_pool_f32(
    _ inputShape: UnsafeRawPointer?,
    _ input: UnsafePointer<Float>?, _ inputCapacity: UInt,
    _ stride: Int32, _ padding: Int32,
    _ output: UnsafeMutablePointer<Float>?, _ outputCapacity: UInt
) -> Int32 {
    blurFloat(inputShape, input, inputCapacity, stride, padding, output, outputCapacity, maxBlur: false)
}

/// octet.h: `octet_max_blur_pool_f32` — `maxBlurPool(_:into:parameters:)` on Float.
@_cdecl("octet_max_blur_pool_f32")
public func octet_max_blur_pool_f32(
    _ inputShape: UnsafeRawPointer?,
    _ input: UnsafePointer<Float>?, _ inputCapacity: UInt,
    _ stride: Int32, _ padding: Int32,
    _ output: UnsafeMutablePointer<Float>?, _ outputCapacity: UInt
) -> Int32 {
    blurFloat(inputShape, input, inputCapacity, stride, padding, output, outputCapacity, maxBlur: true)
}

/// The int8 blur / max-blur exports: decode, validate, run.
private func blurInt8(
    _ inputShape: UnsafeRawPointer?, _ quant: UnsafeRawPointer?, _ input: UnsafePointer<Int8>?, _ inputCapacity: UInt,
    _ stride: Int32, _ padding: Int32, _ output: UnsafeMutablePointer<Int8>?, _ outputCapacity: UInt, maxBlur: Bool
) -> Int32 {
    guard let shape = CStructs.shape(inputShape), let q = CStructs.quant(quant),
        let parameters = CStructs.blurParameters(stride: stride, padding: padding)
    else { return OctetStatus.invalidArgument }
    return OctetStatus.of { () throws(KernelError) in
        let x = Tensor(input, capacity: inputCapacity, shape: shape, quantization: q)
        let outShape = try CPool.blurOutput(x, parameters, maxBlur: maxBlur)
        let y = MutableTensor(output, capacity: outputCapacity, shape: outShape, quantization: q)
        maxBlur ? try maxBlurPool(x, into: y, parameters: parameters) : try blurPool(x, into: y, parameters: parameters)
    }
}

/// The float32 blur / max-blur exports: decode, validate, run.
private func blurFloat(
    _ inputShape: UnsafeRawPointer?, _ input: UnsafePointer<Float>?, _ inputCapacity: UInt,
    _ stride: Int32, _ padding: Int32, _ output: UnsafeMutablePointer<Float>?, _ outputCapacity: UInt, maxBlur: Bool
) -> Int32 {
    guard let shape = CStructs.shape(inputShape), let parameters = CStructs.blurParameters(stride: stride, padding: padding)
    else { return OctetStatus.invalidArgument }
    return OctetStatus.of { () throws(KernelError) in
        let x = Tensor(input, capacity: inputCapacity, shape: shape)
        let outShape = try CPool.blurOutput(x, parameters, maxBlur: maxBlur)
        let y = MutableTensor(output, capacity: outputCapacity, shape: outShape)
        maxBlur ? try maxBlurPool(x, into: y, parameters: parameters) : try blurPool(x, into: y, parameters: parameters)
    }
}
