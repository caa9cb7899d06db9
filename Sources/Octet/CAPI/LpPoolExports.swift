// C exports of Lp pooling (Kernels/Int8/LpPool.swift, Kernels/Float32/LpPoolFloat32.swift).

/// octet.h: `octet_lp_pool_s8` — `lpPool(_:into:p:mean:parameters:)` on int8.
@_cdecl("octet_lp_pool_s8")
public func octet_lp_pool_s8(
    _ inputShape: UnsafeRawPointer?, _ inputQuant: UnsafeRawPointer?,
    _ input: UnsafePointer<Int8>?, _ inputCapacity: UInt,
    _ parameters: UnsafeRawPointer?,
    _ outputQuant: UnsafeRawPointer?,
    _ output: UnsafeMutablePointer<Int8>?, _ outputCapacity: UInt,
    _ p: Float, _ mean: Int32
) -> Int32 {
    guard let shape = CStructs.shape(inputShape), let qi = CStructs.quant(inputQuant),
        let qo = CStructs.quant(outputQuant), let parameters = CStructs.poolParameters(parameters, input: shape)
    else { return OctetStatus.invalidArgument }
    return OctetStatus.of { () throws(KernelError) in
        let x = Tensor(input, capacity: inputCapacity, shape: shape, quantization: qi)
        let plan = try CPool.plan(x, parameters)
        // lpPool reports a bad p with `Int(p)`, which traps for |p| >= 2^63; refuse it first.
        guard p > 0 && p.isFinite else { throw .unsupported(.lpNorm, value: 0) }
        let y = MutableTensor(output, capacity: outputCapacity, shape: plan.output, quantization: qo)
        try lpPool(x, into: y, p: p, mean: mean != 0, parameters: parameters)
    }
}

/// octet.h: `octet_lp_pool_f32` — `lpPool(_:into:p:mean:parameters:)` on Float.
@_cdecl("octet_lp_pool_f32")
public func octet_lp_pool_f32(
    _ inputShape: UnsafeRawPointer?,
    _ input: UnsafePointer<Float>?, _ inputCapacity: UInt,
    _ parameters: UnsafeRawPointer?,
    _ output: UnsafeMutablePointer<Float>?, _ outputCapacity: UInt,
    _ p: Float, _ mean: Int32
) -> Int32 {
    guard let shape = CStructs.shape(inputShape), let parameters = CStructs.poolParameters(parameters, input: shape)
    else { return OctetStatus.invalidArgument }
    return OctetStatus.of { () throws(KernelError) in
        let x = Tensor(input, capacity: inputCapacity, shape: shape)
        let plan = try CPool.plan(x, parameters)
        // The float lpPool reports a bad p with `Int(p)`, which traps for p = +infinity; refuse it first.
        guard p > 0 && p.isFinite else { throw .unsupported(.lpNorm, value: 0) }
        // For p other than 1 and 2 it takes DeterministicMath.pow of |x|, whose log traps on NaN;
        // refuse NaN inputs for those p until LpPoolFloat32.swift handles them itself.
        if p != 1 && p != 2 {
            for k in 0..<shape.elementCount where x.data[k].isNaN {
                throw .unsupported(.lpNorm, value: Int(Swift.min(p, 1e9)))
            }
        }
        let y = MutableTensor(output, capacity: outputCapacity, shape: plan.output)
        try lpPool(x, into: y, p: p, mean: mean != 0, parameters: parameters)
    }
}
