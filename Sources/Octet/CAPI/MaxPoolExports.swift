// C exports of max pooling (Kernels/Int8/MaxPool.swift, Kernels/Float32/MaxPoolFloat32.swift).

/// octet.h: `octet_max_pool_s8` — `maxPool(_:into:indices:plan:activation:)` on int8.
@_cdecl("octet_max_pool_s8")
public func octet_max_pool_s8(
    _ inputShape: UnsafeRawPointer?, _ quant: UnsafeRawPointer?,
    _ input: UnsafePointer<Int8>?, _ inputCapacity: UInt,
    _ parameters: UnsafeRawPointer?,
    _ output: UnsafeMutablePointer<Int8>?, _ outputCapacity: UInt,
    _ indices: UnsafeMutablePointer<Int32>?, _ indicesCapacity: UInt
) -> Int32 {
    guard let shape = CStructs.shape(inputShape), let q = CStructs.quant(quant),
        let parameters = CStructs.poolParameters(parameters, input: shape)
    else { return OctetStatus.invalidArgument }
    return OctetStatus.of { () throws(KernelError) in
        let x = Tensor(input, capacity: inputCapacity, shape: shape, quantization: q)
        let plan = try CPool.plan(x, parameters)
        let y = MutableTensor(output, capacity: outputCapacity, shape: plan.output, quantization: q)
        let i = indices.map { MutableTensor($0, capacity: indicesCapacity, shape: plan.output) }
        try maxPool(x, into: y, indices: i, plan: plan, activation: parameters.activation)
    }
}

/// octet.h: `octet_max_pool_f32` — `maxPool(_:into:indices:plan:activation:)` on Float.
@_cdecl("octet_max_pool_f32")
public func octet_max_pool_f32(
    _ inputShape: UnsafeRawPointer?,
    _ input: UnsafePointer<Float>?, _ inputCapacity: UInt,
    _ parameters: UnsafeRawPointer?,
    _ output: UnsafeMutablePointer<Float>?, _ outputCapacity: UInt,
    _ indices: UnsafeMutablePointer<Int32>?, _ indicesCapacity: UInt
) -> Int32 {
    guard let shape = CStructs.shape(inputShape), let parameters = CStructs.poolParameters(parameters, input: shape)
    else { return OctetStatus.invalidArgument }
    return OctetStatus.of { () throws(KernelError) in
        let x = Tensor(input, capacity: inputCapacity, shape: shape)
        let plan = try CPool.plan(x, parameters)
        let y = MutableTensor(output, capacity: outputCapacity, shape: plan.output)
        let i = indices.map { MutableTensor($0, capacity: indicesCapacity, shape: plan.output) }
        try maxPool(x, into: y, indices: i, plan: plan, activation: parameters.activation)
    }
}
