// C exports of the elementwise kernels (Kernels/Int8/Add.swift, Kernels/Int8/Requantize.swift):
// every tensor of one call has the same shape; int8 tensors carry their own quantization.

/// octet.h: `octet_add_s8` — `add(_:_:into:activation:)` on int8 (TFLite ADD).
@_cdecl("octet_add_s8")
public func octet_add_s8(
    _ shape: UnsafeRawPointer?,
    _ quant1: UnsafeRawPointer?, _ input1: UnsafePointer<Int8>?, _ input1Capacity: UInt,
    _ quant2: UnsafeRawPointer?, _ input2: UnsafePointer<Int8>?, _ input2Capacity: UInt,
    _ outputQuant: UnsafeRawPointer?, _ output: UnsafeMutablePointer<Int8>?, _ outputCapacity: UInt,
    _ activation: Int32, _ activationMin: Float, _ activationMax: Float
) -> Int32 {
    guard let shape = CStructs.shape(shape), let q1 = CStructs.quant(quant1), let q2 = CStructs.quant(quant2),
        let qo = CStructs.quant(outputQuant),
        let activation = CStructs.activation(activation, min: activationMin, max: activationMax)
    else { return OctetStatus.invalidArgument }
    return OctetStatus.of { () throws(KernelError) in
        try add(
            Tensor(input1, capacity: input1Capacity, shape: shape, quantization: q1),
            Tensor(input2, capacity: input2Capacity, shape: shape, quantization: q2),
            into: MutableTensor(output, capacity: outputCapacity, shape: shape, quantization: qo),
            activation: activation)
    }
}

/// octet.h: `octet_add_f32` — `add(_:_:into:activation:)` on Float.
@_cdecl("octet_add_f32")
public func octet_add_f32(
    _ shape: UnsafeRawPointer?,
    _ input1: UnsafePointer<Float>?, _ input1Capacity: UInt,
    _ input2: UnsafePointer<Float>?, _ input2Capacity: UInt,
    _ output: UnsafeMutablePointer<Float>?, _ outputCapacity: UInt,
    _ activation: Int32, _ activationMin: Float, _ activationMax: Float
) -> Int32 {
    guard let shape = CStructs.shape(shape),
        let activation = CStructs.activation(activation, min: activationMin, max: activationMax)
    else { return OctetStatus.invalidArgument }
    return OctetStatus.of { () throws(KernelError) in
        try add(
            Tensor(input1, capacity: input1Capacity, shape: shape), Tensor(input2, capacity: input2Capacity, shape: shape),
            into: MutableTensor(output, capacity: outputCapacity, shape: shape), activation: activation)
    }
}

/// octet.h: `octet_requantize_s8` — `requantize(_:into:activation:)`.
@_cdecl("octet_requantize_s8")
public func octet_requantize_s8(
    _ shape: UnsafeRawPointer?,
    _ inputQuant: UnsafeRawPointer?, _ input: UnsafePointer<Int8>?, _ inputCapacity: UInt,
    _ outputQuant: UnsafeRawPointer?, _ output: UnsafeMutablePointer<Int8>?, _ outputCapacity: UInt,
    _ activation: Int32, _ activationMin: Float, _ activationMax: Float
) -> Int32 {
    guard let shape = CStructs.shape(shape), let qi = CStructs.quant(inputQuant), let qo = CStructs.quant(outputQuant),
        let activation = CStructs.activation(activation, min: activationMin, max: activationMax)
    else { return OctetStatus.invalidArgument }
    return OctetStatus.of { () throws(KernelError) in
        try requantize(
            Tensor(input, capacity: inputCapacity, shape: shape, quantization: qi),
            into: MutableTensor(output, capacity: outputCapacity, shape: shape, quantization: qo),
            activation: activation)
    }
}

/// octet.h: `octet_clamp_s8` — `clamp(_:into:activation:)` on int8, input and output sharing `quant`.
@_cdecl("octet_clamp_s8")
public func octet_clamp_s8(
    _ shape: UnsafeRawPointer?, _ quant: UnsafeRawPointer?,
    _ input: UnsafePointer<Int8>?, _ inputCapacity: UInt,
    _ output: UnsafeMutablePointer<Int8>?, _ outputCapacity: UInt,
    _ activation: Int32, _ activationMin: Float, _ activationMax: Float
) -> Int32 {
    guard let shape = CStructs.shape(shape), let q = CStructs.quant(quant),
        let activation = CStructs.activation(activation, min: activationMin, max: activationMax)
    else { return OctetStatus.invalidArgument }
    return OctetStatus.of { () throws(KernelError) in
        try clamp(
            Tensor(input, capacity: inputCapacity, shape: shape, quantization: q),
            into: MutableTensor(output, capacity: outputCapacity, shape: shape, quantization: q),
            activation: activation)
    }
}

/// octet.h: `octet_clamp_f32` — `clamp(_:into:activation:)` on Float.
@_cdecl("octet_clamp_f32")
public func octet_clamp_f32(
    _ shape: UnsafeRawPointer?,
    _ input: UnsafePointer<Float>?, _ inputCapacity: UInt,
    _ output: UnsafeMutablePointer<Float>?, _ outputCapacity: UInt,
    _ activation: Int32, _ activationMin: Float, _ activationMax: Float
) -> Int32 {
    guard let shape = CStructs.shape(shape),
        let activation = CStructs.activation(activation, min: activationMin, max: activationMax)
    else { return OctetStatus.invalidArgument }
    return OctetStatus.of { () throws(KernelError) in
        try clamp(
            Tensor(input, capacity: inputCapacity, shape: shape),
            into: MutableTensor(output, capacity: outputCapacity, shape: shape), activation: activation)
    }
}

/// octet.h: `octet_quantize_s8` — `quantize(_:into:)`: float32 → int8.
@_cdecl("octet_quantize_s8")
public func octet_quantize_s8(
    _ shape: UnsafeRawPointer?,
    _ input: UnsafePointer<Float>?, _ inputCapacity: UInt,
    _ outputQuant: UnsafeRawPointer?, _ output: UnsafeMutablePointer<Int8>?, _ outputCapacity: UInt
) -> Int32 {
    guard let shape = CStructs.shape(shape), let qo = CStructs.quant(outputQuant) else { return OctetStatus.invalidArgument }
    return OctetStatus.of { () throws(KernelError) in
        try quantize(
            Tensor(input, capacity: inputCapacity, shape: shape),
            into: MutableTensor(output, capacity: outputCapacity, shape: shape, quantization: qo))
    }
}

/// octet.h: `octet_dequantize_s8` — `dequantize(_:into:)`: int8 → float32.
@_cdecl("octet_dequantize_s8")
public func octet_dequantize_s8(
    _ shape: UnsafeRawPointer?,
    _ inputQuant: UnsafeRawPointer?, _ input: UnsafePointer<Int8>?, _ inputCapacity: UInt,
    _ output: UnsafeMutablePointer<Float>?, _ outputCapacity: UInt
) -> Int32 {
    guard let shape = CStructs.shape(shape), let qi = CStructs.quant(inputQuant) else { return OctetStatus.invalidArgument }
    return OctetStatus.of { () throws(KernelError) in
        try dequantize(
            Tensor(input, capacity: inputCapacity, shape: shape, quantization: qi),
            into: MutableTensor(output, capacity: outputCapacity, shape: shape))
    }
}
