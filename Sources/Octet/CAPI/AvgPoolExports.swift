// C exports of average pooling (Kernels/Int8/AvgPool.swift, Kernels/Float32/AvgPoolFloat32.swift).

/// octet.h: `octet_avg_pool_s8` — `averagePool(_:into:plan:countIncludePad:activation:)` on int8.
@_cdecl("octet_avg_pool_s8")
public func octet_avg_pool_s8(
    _ inputShape: UnsafeRawPointer?, _ quant: UnsafeRawPointer?,
    _ input: UnsafePointer<Int8>?, _ inputCapacity: UInt,
    _ parameters: UnsafeRawPointer?,
    _ output: UnsafeMutablePointer<Int8>?, _ outputCapacity: UInt
) -> Int32 {
    guard let shape = CStructs.shape(inputShape), let q = CStructs.quant(quant),
        let parameters = CStructs.poolParameters(parameters, input: shape)
    else { return OctetStatus.invalidArgument }
    return OctetStatus.of { () throws(KernelError) in
        let x = Tensor(input, capacity: inputCapacity, shape: shape, quantization: q)
        let plan = try CPool.plan(x, parameters)
        let y = MutableTensor(output, capacity: outputCapacity, shape: plan.output, quantization: q)
        try averagePool(
            x, into: y, plan: plan, countIncludePad: parameters.countIncludePad, activation: parameters.activation)
    }
}

/// octet.h: `octet_avg_pool_f32` — `averagePool(_:into:plan:countIncludePad:activation:)` on Float.
@_cdecl("octet_avg_pool_f32")
public func octet_avg_pool_f32(
    _ inputShape: UnsafeRawPointer?,
    _ input: UnsafePointer<Float>?, _ inputCapacity: UInt,
    _ parameters: UnsafeRawPointer?,
    _ output: UnsafeMutablePointer<Float>?, _ outputCapacity: UInt
) -> Int32 {
    guard let shape = CStructs.shape(inputShape), let parameters = CStructs.poolParameters(parameters, input: shape)
    else { return OctetStatus.invalidArgument }
    return OctetStatus.of { () throws(KernelError) in
        let x = Tensor(input, capacity: inputCapacity, shape: shape)
        let plan = try CPool.plan(x, parameters)
        let y = MutableTensor(output, capacity: outputCapacity, shape: plan.output)
        try averagePool(
            x, into: y, plan: plan, countIncludePad: parameters.countIncludePad, activation: parameters.activation)
    }
}
