// C exports of the float32 reference convolutions (Kernels/Float32/ConvFloat32.swift). They take
// the weights on every call (no plan, no packing) and allocate nothing.

/// octet.h: `octet_conv2d_f32` — `conv2D(_:filter:weights:bias:into:parameters:)` on Float.
@_cdecl("octet_conv2d_f32")
public func octet_conv2d_f32(
    _ inputShape: UnsafeRawPointer?, _ input: UnsafePointer<Float>?, _ inputCapacity: UInt,
    _ filterShape: UnsafeRawPointer?, _ weights: UnsafePointer<Float>?, _ weightsCapacity: UInt,
    _ bias: UnsafePointer<Float>?, _ biasCount: UInt,
    _ parameters: UnsafeRawPointer?,
    _ output: UnsafeMutablePointer<Float>?, _ outputCapacity: UInt
) -> Int32 {
    guard let shape = CStructs.shape(inputShape), let filter = CStructs.filterShape(filterShape),
        let parameters = CStructs.convParameters(parameters, input: shape, filter: filter),
        bias != nil || biasCount == 0
    else { return OctetStatus.invalidArgument }
    return OctetStatus.of { () throws(KernelError) in
        let x = Tensor(input, capacity: inputCapacity, shape: shape)
        try x.validate(as: .input)
        let outputShape = try CConv.convOutput(shape, filter, parameters)
        try conv2D(
            x, filter: filter, weights: UnsafeBufferPointer(c: weights, count: weightsCapacity),
            bias: bias.map { UnsafeBufferPointer(c: $0, count: biasCount) },
            into: MutableTensor(output, capacity: outputCapacity, shape: outputShape), parameters: parameters)
    }
}

/// octet.h: `octet_depthwise_conv2d_f32` — `depthwiseConv2D(_:filter:depthMultiplier:weights:bias:into:parameters:)`.
@_cdecl("octet_depthwise_conv2d_f32")
public func octet_depthwise_conv2d_f32(
    _ inputShape: UnsafeRawPointer?, _ input: UnsafePointer<Float>?, _ inputCapacity: UInt,
    _ filterShape: UnsafeRawPointer?, _ depthMultiplier: Int32,
    _ weights: UnsafePointer<Float>?, _ weightsCapacity: UInt,
    _ bias: UnsafePointer<Float>?, _ biasCount: UInt,
    _ parameters: UnsafeRawPointer?,
    _ output: UnsafeMutablePointer<Float>?, _ outputCapacity: UInt
) -> Int32 {
    guard let shape = CStructs.shape(inputShape), let filter = CStructs.filterShape(filterShape),
        let parameters = CStructs.convParameters(parameters, input: shape, filter: filter), parameters.groups == 1,
        bias != nil || biasCount == 0
    else { return OctetStatus.invalidArgument }
    return OctetStatus.of { () throws(KernelError) in
        let x = Tensor(input, capacity: inputCapacity, shape: shape)
        try x.validate(as: .input)
        let outputShape = try CConv.depthwiseOutput(shape, filter, multiplier: Int(depthMultiplier), parameters)
        try depthwiseConv2D(
            x, filter: filter, depthMultiplier: Int(depthMultiplier),
            weights: UnsafeBufferPointer(c: weights, count: weightsCapacity),
            bias: bias.map { UnsafeBufferPointer(c: $0, count: biasCount) },
            into: MutableTensor(output, capacity: outputCapacity, shape: outputShape), parameters: parameters)
    }
}

/// octet.h: `octet_fully_connected_f32` — `fullyConnected(_:weights:outputFeatures:bias:into:activation:)`.
@_cdecl("octet_fully_connected_f32")
public func octet_fully_connected_f32(
    _ batch: Int32, _ inputFeatures: Int32, _ outputFeatures: Int32,
    _ input: UnsafePointer<Float>?, _ inputCapacity: UInt,
    _ weights: UnsafePointer<Float>?, _ weightsCapacity: UInt,
    _ bias: UnsafePointer<Float>?, _ biasCount: UInt,
    _ output: UnsafeMutablePointer<Float>?, _ outputCapacity: UInt,
    _ activation: Int32, _ activationMin: Float, _ activationMax: Float
) -> Int32 {
    guard let activation = CStructs.activation(activation, min: activationMin, max: activationMax),
        bias != nil || biasCount == 0
    else { return OctetStatus.invalidArgument }
    return OctetStatus.of { () throws(KernelError) in
        let shapes = try CConv.fullyConnectedShapes(
            batch: Int(batch), inputFeatures: Int(inputFeatures), outputFeatures: Int(outputFeatures))
        try fullyConnected(
            Tensor(input, capacity: inputCapacity, shape: shapes.input),
            weights: UnsafeBufferPointer(c: weights, count: weightsCapacity), outputFeatures: Int(outputFeatures),
            bias: bias.map { UnsafeBufferPointer(c: $0, count: biasCount) },
            into: MutableTensor(output, capacity: outputCapacity, shape: shapes.output), activation: activation)
    }
}
