// C exports of global pooling (Kernels/Int8/GlobalPool.swift, Kernels/Float32/GlobalPoolFloat32.swift).
// The output shape is the input's with every spatial extent 1 (N, [1, [1,]] 1, C); int8 input and
// output quantization may differ.

/// octet.h: `octet_global_avg_pool_s8` — `globalAveragePool(_:into:activation:)` on int8.
@_cdecl("octet_global_avg_pool_s8")
public func octet_global_avg_pool_s8(
    _ inputShape: UnsafeRawPointer?, _ inputQuant: UnsafeRawPointer?,
    _ input: UnsafePointer<Int8>?, _ inputCapacity: UInt,
    _ outputQuant: UnsafeRawPointer?,
    _ output: UnsafeMutablePointer<Int8>?, _ outputCapacity: UInt,
    _ activation: Int32, _ activationMin: Float, _ activationMax: Float
) -> Int32 {
    guard let shape = CStructs.shape(inputShape), let qi = CStructs.quant(inputQuant),
        let qo = CStructs.quant(outputQuant),
        let activation = CStructs.activation(activation, min: activationMin, max: activationMax)
    else { return OctetStatus.invalidArgument }
    // The kernel's 64-bit requantization (planes over 2^23 cells) traps when s_in / s_out is this
    // large; refuse it here until GlobalPool.swift validates it itself.
    if shape.isWellFormed && shape.spatialCount > globalInt32Cells && qi.isValid && qo.isValid
        && Double(qi.scale) >= Double(qo.scale) * 4_294_967_296
    {
        return OctetStatus.unsupported
    }
    return OctetStatus.of { () throws(KernelError) in
        let x = Tensor(input, capacity: inputCapacity, shape: shape, quantization: qi)
        let plan = try CPool.globalPlan(x)
        let y = MutableTensor(output, capacity: outputCapacity, shape: plan.output, quantization: qo)
        try globalAveragePool(x, into: y, activation: activation)
    }
}

/// octet.h: `octet_global_max_pool_s8` — `globalMaxPool(_:into:indices:activation:)` on int8.
@_cdecl("octet_global_max_pool_s8")
public func octet_global_max_pool_s8(
    _ inputShape: UnsafeRawPointer?, _ inputQuant: UnsafeRawPointer?,
    _ input: UnsafePointer<Int8>?, _ inputCapacity: UInt,
    _ outputQuant: UnsafeRawPointer?,
    _ output: UnsafeMutablePointer<Int8>?, _ outputCapacity: UInt,
    _ indices: UnsafeMutablePointer<Int32>?, _ indicesCapacity: UInt,
    _ activation: Int32, _ activationMin: Float, _ activationMax: Float
) -> Int32 {
    guard let shape = CStructs.shape(inputShape), let qi = CStructs.quant(inputQuant),
        let qo = CStructs.quant(outputQuant),
        let activation = CStructs.activation(activation, min: activationMin, max: activationMax)
    else { return OctetStatus.invalidArgument }
    return OctetStatus.of { () throws(KernelError) in
        let x = Tensor(input, capacity: inputCapacity, shape: shape, quantization: qi)
        let plan = try CPool.globalPlan(x)
        let y = MutableTensor(output, capacity: outputCapacity, shape: plan.output, quantization: qo)
        let i = indices.map { MutableTensor($0, capacity: indicesCapacity, shape: plan.output) }
        try globalMaxPool(x, into: y, indices: i, activation: activation)
    }
}

/// octet.h: `octet_global_avg_pool_f32` — `globalAveragePool(_:into:activation:)` on Float.
@_cdecl("octet_global_avg_pool_f32")
public func octet_global_avg_pool_f32(
    _ inputShape: UnsafeRawPointer?,
    _ input: UnsafePointer<Float>?, _ inputCapacity: UInt,
    _ output: UnsafeMutablePointer<Float>?, _ outputCapacity: UInt,
    _ activation: Int32, _ activationMin: Float, _ activationMax: Float
) -> Int32 {
    guard let shape = CStructs.shape(inputShape),
        let activation = CStructs.activation(activation, min: activationMin, max: activationMax)
    else { return OctetStatus.invalidArgument }
    return OctetStatus.of { () throws(KernelError) in
        let x = Tensor(input, capacity: inputCapacity, shape: shape)
        let plan = try CPool.globalPlan(x)
        let y = MutableTensor(output, capacity: outputCapacity, shape: plan.output)
        try globalAveragePool(x, into: y, activation: activation)
    }
}

/// octet.h: `octet_global_max_pool_f32` — `globalMaxPool(_:into:indices:activation:)` on Float.
@_cdecl("octet_global_max_pool_f32")
public func octet_global_max_pool_f32(
    _ inputShape: UnsafeRawPointer?,
    _ input: UnsafePointer<Float>?, _ inputCapacity: UInt,
    _ output: UnsafeMutablePointer<Float>?, _ outputCapacity: UInt,
    _ indices: UnsafeMutablePointer<Int32>?, _ indicesCapacity: UInt,
    _ activation: Int32, _ activationMin: Float, _ activationMax: Float
) -> Int32 {
    guard let shape = CStructs.shape(inputShape),
        let activation = CStructs.activation(activation, min: activationMin, max: activationMax)
    else { return OctetStatus.invalidArgument }
    return OctetStatus.of { () throws(KernelError) in
        let x = Tensor(input, capacity: inputCapacity, shape: shape)
        let plan = try CPool.globalPlan(x)
        let y = MutableTensor(output, capacity: outputCapacity, shape: plan.output)
        let i = indices.map { MutableTensor($0, capacity: indicesCapacity, shape: plan.output) }
        try globalMaxPool(x, into: y, indices: i, activation: activation)
    }
}
