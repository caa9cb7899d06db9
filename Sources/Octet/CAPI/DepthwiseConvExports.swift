// C exports of int8 depthwise convolution (Kernels/Int8/DepthwiseConv.swift) as a plan lifecycle
// (PlanBox), as ConvExports.swift. The filter is [1, kh, kw, C·M] (octet_filter_shape with
// output_channels 1, input_channels C·M); octet_conv_params.groups must be 1.

/// octet.h: `octet_depthwise_conv2d_output_shape` — int8 plan or float32.
@_cdecl("octet_depthwise_conv2d_output_shape")
public func octet_depthwise_conv2d_output_shape(
    _ inputShape: UnsafeRawPointer?, _ filterShape: UnsafeRawPointer?, _ parameters: UnsafeRawPointer?,
    _ depthMultiplier: Int32, _ outputShape: UnsafeMutableRawPointer?
) -> Int32 {
    guard let shape = CStructs.shape(inputShape), let filter = CStructs.filterShape(filterShape),
        let parameters = CStructs.convParameters(parameters, input: shape, filter: filter), parameters.groups == 1,
        let outputShape
    else { return OctetStatus.invalidArgument }
    return OctetStatus.of { () throws(KernelError) in
        let output = try CConv.depthwiseOutput(shape, filter, multiplier: Int(depthMultiplier), parameters)
        CStructs.store(output, to: outputShape)
    }
}

/// octet.h: `octet_depthwise_conv2d_s8_prepare` — `DepthwiseConv2DPlan.init`, boxed into a new handle.
@_cdecl("octet_depthwise_conv2d_s8_prepare")
public func octet_depthwise_conv2d_s8_prepare(
    _ inputShape: UnsafeRawPointer?, _ inputQuant: UnsafeRawPointer?,
    _ filterShape: UnsafeRawPointer?, _ depthMultiplier: Int32,
    _ weights: UnsafePointer<Int8>?, _ weightsCapacity: UInt,
    _ filterScales: UnsafePointer<Float>?, _ filterScaleCount: UInt,
    _ bias: UnsafePointer<Int32>?, _ biasCount: UInt,
    _ outputQuant: UnsafeRawPointer?, _ parameters: UnsafeRawPointer?,
    _ plan: UnsafeMutablePointer<UnsafeMutableRawPointer?>?
) -> Int32 {
    guard let shape = CStructs.shape(inputShape), let qi = CStructs.quant(inputQuant),
        let qo = CStructs.quant(outputQuant), let filter = CStructs.filterShape(filterShape),
        let parameters = CStructs.convParameters(parameters, input: shape, filter: filter), parameters.groups == 1,
        filterScales != nil || filterScaleCount == 0, bias != nil || biasCount == 0, let plan
    else { return OctetStatus.invalidArgument }
    return OctetStatus.of { () throws(KernelError) in
        let prepared = try DepthwiseConv2DPlan(
            input: shape, inputQuantization: qi, filter: filter, depthMultiplier: Int(depthMultiplier),
            weights: UnsafeBufferPointer(c: weights, count: weightsCapacity),
            filterScales: UnsafeBufferPointer(c: filterScales, count: filterScaleCount),
            bias: bias.map { UnsafeBufferPointer(c: $0, count: biasCount) },
            outputQuantization: qo, parameters: parameters)
        plan.pointee = PlanBox.handle(.depthwise(prepared))
    }
}

/// octet.h: `octet_depthwise_conv2d_s8_run` — `depthwiseConv2D(_:into:plan:)`.
@_cdecl("octet_depthwise_conv2d_s8_run")
public func octet_depthwise_conv2d_s8_run(
    _ handle: UnsafeRawPointer?,
    _ input: UnsafePointer<Int8>?, _ inputCapacity: UInt,
    _ output: UnsafeMutablePointer<Int8>?, _ outputCapacity: UInt
) -> Int32 {
    guard case .depthwise(let plan)? = PlanBox.plan(handle) else { return OctetStatus.invalidArgument }
    return OctetStatus.of { () throws(KernelError) in
        try depthwiseConv2D(
            Tensor(input, capacity: inputCapacity, shape: plan.input),
            into: MutableTensor(output, capacity: outputCapacity, shape: plan.output), plan: plan)
    }
}

/// octet.h: `octet_depthwise_conv2d_plan_shapes`.
@_cdecl("octet_depthwise_conv2d_plan_shapes")
public func octet_depthwise_conv2d_plan_shapes(
    _ handle: UnsafeRawPointer?, _ inputShape: UnsafeMutableRawPointer?, _ outputShape: UnsafeMutableRawPointer?
) -> Int32 {
    guard case .depthwise(let plan)? = PlanBox.plan(handle) else { return OctetStatus.invalidArgument }
    if let inputShape { CStructs.store(plan.input, to: inputShape) }
    if let outputShape { CStructs.store(plan.output, to: outputShape) }
    return OctetStatus.ok
}

/// octet.h: `octet_depthwise_conv2d_plan_destroy`.
@_cdecl("octet_depthwise_conv2d_plan_destroy")
public func octet_depthwise_conv2d_plan_destroy(_ handle: UnsafeMutableRawPointer?) {
    PlanBox.destroy(handle)
}
