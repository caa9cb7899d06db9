// C exports of max unpooling (Kernels/Int8/Unpool.swift: int8 and Float).

/// octet.h: `octet_max_unpool_s8` — `maxUnpool(_:indices:into:)` on int8. The indices tensor has
/// the input's shape; the caller chooses the output's spatial extents.
@_cdecl("octet_max_unpool_s8")
public func octet_max_unpool_s8(
    _ inputShape: UnsafeRawPointer?, _ quant: UnsafeRawPointer?,
    _ input: UnsafePointer<Int8>?, _ inputCapacity: UInt,
    _ indices: UnsafePointer<Int32>?, _ indicesCapacity: UInt,
    _ outputShape: UnsafeRawPointer?,
    _ output: UnsafeMutablePointer<Int8>?, _ outputCapacity: UInt
) -> Int32 {
    guard let shape = CStructs.shape(inputShape), let q = CStructs.quant(quant),
        let outShape = CStructs.shape(outputShape)
    else { return OctetStatus.invalidArgument }
    return OctetStatus.of { () throws(KernelError) in
        let x = Tensor(input, capacity: inputCapacity, shape: shape, quantization: q)
        try CPool.checkOutput(outShape, input: shape)
        let i = Tensor(indices, capacity: indicesCapacity, shape: shape)
        let y = MutableTensor(output, capacity: outputCapacity, shape: outShape, quantization: q)
        try maxUnpool(x, indices: i, into: y)
    }
}

/// octet.h: `octet_max_unpool_f32` — `maxUnpool(_:indices:into:)` on Float (unnamed cells hold 0).
@_cdecl("octet_max_unpool_f32")
public func octet_max_unpool_f32(
    _ inputShape: UnsafeRawPointer?,
    _ input: UnsafePointer<Float>?, _ inputCapacity: UInt,
    _ indices: UnsafePointer<Int32>?, _ indicesCapacity: UInt,
    _ outputShape: UnsafeRawPointer?,
    _ output: UnsafeMutablePointer<Float>?, _ outputCapacity: UInt
) -> Int32 {
    guard let shape = CStructs.shape(inputShape), let outShape = CStructs.shape(outputShape)
    else { return OctetStatus.invalidArgument }
    return OctetStatus.of { () throws(KernelError) in
        let x = Tensor(input, capacity: inputCapacity, shape: shape)
        try CPool.checkOutput(outShape, input: shape)
        let i = Tensor(indices, capacity: indicesCapacity, shape: shape)
        let y = MutableTensor(output, capacity: outputCapacity, shape: outShape)
        try maxUnpool(x, indices: i, into: y)
    }
}
