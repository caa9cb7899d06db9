// C exports of adaptive pooling (Kernels/Int8/AdaptivePool.swift,
// Kernels/Float32/AdaptivePoolFloat32.swift). The caller chooses the output
// shape: batch, channels and spatial_rank as the input, each spatial extent in 1...the input's.

/// octet.h: `octet_adaptive_avg_pool_s8` — `adaptiveAveragePool(_:into:activation:)` on int8.
@_cdecl("octet_adaptive_avg_pool_s8")
public func octet_adaptive_avg_pool_s8(
    _ inputShape: UnsafeRawPointer?, _ quant: UnsafeRawPointer?,
    _ input: UnsafePointer<Int8>?, _ inputCapacity: UInt,
    _ outputShape: UnsafeRawPointer?,
    _ output: UnsafeMutablePointer<Int8>?, _ outputCapacity: UInt,
    _ activation: Int32, _ activationMin: Float, _ activationMax: Float
) -> Int32 {
    guard let shape = CStructs.shape(inputShape), let q = CStructs.quant(quant),
        let outShape = CStructs.shape(outputShape),
        let activation = CStructs.activation(activation, min: activationMin, max: activationMax)
    else { return OctetStatus.invalidArgument }
    return OctetStatus.of { () throws(KernelError) in
        let x = Tensor(input, capacity: inputCapacity, shape: shape, quantization: q)
        try CPool.checkAdaptive(x, outShape)
        let y = MutableTensor(output, capacity: outputCapacity, shape: outShape, quantization: q)
        try adaptiveAveragePool(x, into: y, activation: activation)
    }
}

/// octet.h: `octet_adaptive_max_pool_s8` — `adaptiveMaxPool(_:into:indices:activation:)` on int8.
@_cdecl("octet_adaptive_max_pool_s8")
public func octet_adaptive_max_pool_s8(
    _ inputShape: UnsafeRawPointer?, _ quant: UnsafeRawPointer?,
    _ input: UnsafePointer<Int8>?, _ inputCapacity: UInt,
    _ outputShape: UnsafeRawPointer?,
    _ output: UnsafeMutablePointer<Int8>?, _ outputCapacity: UInt,
    _ indices: UnsafeMutablePointer<Int32>?, _ indicesCapacity: UInt,
    _ activation: Int32, _ activationMin: Float, _ activationMax: Float
) -> Int32 {
    guard let shape = CStructs.shape(inputShape), let q = CStructs.quant(quant),
        let outShape = CStructs.shape(outputShape),
        let activation = CStructs.activation(activation, min: activationMin, max: activationMax)
    else { return OctetStatus.invalidArgument }
    return OctetStatus.of { () throws(KernelError) in
        let x = Tensor(input, capacity: inputCapacity, shape: shape, quantization: q)
        try CPool.checkAdaptive(x, outShape)
        let y = MutableTensor(output, capacity: outputCapacity, shape: outShape, quantization: q)
        let i = indices.map { MutableTensor($0, capacity: indicesCapacity, shape: outShape) }
        try adaptiveMaxPool(x, into: y, indices: i, activation: activation)
    }
}

/// octet.h: `octet_adaptive_avg_pool_f32` — `adaptiveAveragePool(_:into:activation:)` on Float.
@_cdecl("octet_adaptive_avg_pool_f32")
public func octet_adaptive_avg_pool_f32(
    _ inputShape: UnsafeRawPointer?,
    _ input: UnsafePointer<Float>?, _ inputCapacity: UInt,
    _ outputShape: UnsafeRawPointer?,
    _ output: UnsafeMutablePointer<Float>?, _ outputCapacity: UInt,
    _ activation: Int32, _ activationMin: Float, _ activationMax: Float
) -> Int32 {
    guard let shape = CStructs.shape(inputShape), let outShape = CStructs.shape(outputShape),
        let activation = CStructs.activation(activation, min: activationMin, max: activationMax)
    else { return OctetStatus.invalidArgument }
    return OctetStatus.of { () throws(KernelError) in
        let x = Tensor(input, capacity: inputCapacity, shape: shape)
        try CPool.checkAdaptive(x, outShape)
        let y = MutableTensor(output, capacity: outputCapacity, shape: outShape)
        try adaptiveAveragePool(x, into: y, activation: activation)
    }
}

/// octet.h: `octet_adaptive_max_pool_f32` — `adaptiveMaxPool(_:into:indices:activation:)` on Float.
@_cdecl("octet_adaptive_max_pool_f32")
public func octet_adaptive_max_pool_f32(
    _ inputShape: UnsafeRawPointer?,
    _ input: UnsafePointer<Float>?, _ inputCapacity: UInt,
    _ outputShape: UnsafeRawPointer?,
    _ output: UnsafeMutablePointer<Float>?, _ outputCapacity: UInt,
    _ indices: UnsafeMutablePointer<Int32>?, _ indicesCapacity: UInt,
    _ activation: Int32, _ activationMin: Float, _ activationMax: Float
) -> Int32 {
    guard let shape = CStructs.shape(inputShape), let outShape = CStructs.shape(outputShape),
        let activation = CStructs.activation(activation, min: activationMin, max: activationMax)
    else { return OctetStatus.invalidArgument }
    return OctetStatus.of { () throws(KernelError) in
        let x = Tensor(input, capacity: inputCapacity, shape: shape)
        try CPool.checkAdaptive(x, outShape)
        let y = MutableTensor(output, capacity: outputCapacity, shape: outShape)
        let i = indices.map { MutableTensor($0, capacity: indicesCapacity, shape: outShape) }
        try adaptiveMaxPool(x, into: y, indices: i, activation: activation)
    }
}
