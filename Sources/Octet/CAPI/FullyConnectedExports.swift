// C exports of the int8 fully-connected layer (Kernels/Int8/FullyConnected.swift) as a plan
// lifecycle (PlanBox), as ConvExports.swift. The plan is batch-agnostic: each run gives its batch.

/// octet.h: `octet_fully_connected_s8_prepare` — `FullyConnectedPlan.init`, boxed into a new handle.
@_cdecl("octet_fully_connected_s8_prepare")
public func octet_fully_connected_s8_prepare(
    _ inputFeatures: Int32, _ outputFeatures: Int32, _ inputQuant: UnsafeRawPointer?,
    _ weights: UnsafePointer<Int8>?, _ weightsCapacity: UInt,
    _ filterScales: UnsafePointer<Float>?, _ filterScaleCount: UInt,
    _ bias: UnsafePointer<Int32>?, _ biasCount: UInt,
    _ outputQuant: UnsafeRawPointer?,
    _ activation: Int32, _ activationMin: Float, _ activationMax: Float,
    _ plan: UnsafeMutablePointer<UnsafeMutableRawPointer?>?
) -> Int32 {
    guard let qi = CStructs.quant(inputQuant), let qo = CStructs.quant(outputQuant),
        let activation = CStructs.activation(activation, min: activationMin, max: activationMax),
        filterScales != nil || filterScaleCount == 0, bias != nil || biasCount == 0, let plan
    else { return OctetStatus.invalidArgument }
    return OctetStatus.of { () throws(KernelError) in
        let prepared = try FullyConnectedPlan(
            inputFeatures: Int(inputFeatures), outputFeatures: Int(outputFeatures), inputQuantization: qi,
            weights: UnsafeBufferPointer(c: weights, count: weightsCapacity),
            filterScales: UnsafeBufferPointer(c: filterScales, count: filterScaleCount),
            bias: bias.map { UnsafeBufferPointer(c: $0, count: biasCount) },
            outputQuantization: qo, activation: activation)
        plan.pointee = PlanBox.handle(.fullyConnected(prepared))
    }
}

/// octet.h: `octet_fully_connected_s8_run` — `fullyConnected(_:into:plan:)` on `batch` rows.
@_cdecl("octet_fully_connected_s8_run")
public func octet_fully_connected_s8_run(
    _ handle: UnsafeRawPointer?, _ batch: Int32,
    _ input: UnsafePointer<Int8>?, _ inputCapacity: UInt,
    _ output: UnsafeMutablePointer<Int8>?, _ outputCapacity: UInt
) -> Int32 {
    guard case .fullyConnected(let plan)? = PlanBox.plan(handle) else { return OctetStatus.invalidArgument }
    return OctetStatus.of { () throws(KernelError) in
        let shapes = try CConv.fullyConnectedShapes(
            batch: Int(batch), inputFeatures: plan.inputFeatures, outputFeatures: plan.outputFeatures)
        try fullyConnected(
            Tensor(input, capacity: inputCapacity, shape: shapes.input),
            into: MutableTensor(output, capacity: outputCapacity, shape: shapes.output), plan: plan)
    }
}

/// octet.h: `octet_fully_connected_plan_features` — the plan's input and output features.
@_cdecl("octet_fully_connected_plan_features")
public func octet_fully_connected_plan_features(
    _ handle: UnsafeRawPointer?, _ inputFeatures: UnsafeMutablePointer<Int32>?, _ outputFeatures: UnsafeMutablePointer<Int32>?
) -> Int32 {
    guard case .fullyConnected(let plan)? = PlanBox.plan(handle) else { return OctetStatus.invalidArgument }
    // Both fit Int32: they came from the Int32 arguments of prepare.
    inputFeatures?.pointee = Int32(truncatingIfNeeded: plan.inputFeatures)
    outputFeatures?.pointee = Int32(truncatingIfNeeded: plan.outputFeatures)
    return OctetStatus.ok
}

/// octet.h: `octet_fully_connected_plan_destroy`.
@_cdecl("octet_fully_connected_plan_destroy")
public func octet_fully_connected_plan_destroy(_ handle: UnsafeMutableRawPointer?) {
    PlanBox.destroy(handle)
}
