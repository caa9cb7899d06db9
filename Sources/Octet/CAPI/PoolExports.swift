// Pooling geometry for the C interface, shared by every pooling export: `octet_shape` +
// `octet_pool_params` → a validated `PoolPlan`. Exports follow one pattern:
//
//     guard let shape = CStructs.shape(…), let q = CStructs.quant(…),
//           let parameters = CStructs.poolParameters(…, input: shape)
//     else { return OctetStatus.invalidArgument }
//     return OctetStatus.of { () throws(KernelError) in
//         let input = Tensor(pointer, capacity: …, shape: shape, quantization: q)
//         let plan = try CPool.plan(input, parameters)
//         try kernel(input, into: MutableTensor(out, capacity: …, shape: plan.output, …), plan: plan, …)
//     }

enum CPool {
    /// Validates `input` (shape and buffer capacity) before anything sized by it runs, then plans
    /// the pool. Throws `.malformedShape(.output, …)` when the output's element count would not fit
    /// `Int` (possible with large windows and padding), so the kernel's checks cannot overflow.
    static func plan<Element>(_ input: Tensor<Element>, _ parameters: PoolParameters) throws(KernelError) -> PoolPlan {
        try input.validate(as: .input)
        return try checked(PoolPlan(input: input.shape, parameters: parameters))
    }

    /// Global pooling: validates `input`, then plans a window over all of it (output extents 1).
    static func globalPlan<Element>(_ input: Tensor<Element>) throws(KernelError) -> PoolPlan {
        try input.validate(as: .input)
        return try PoolPlan(globalInput: input.shape)
    }

    /// A caller-chosen output shape (adaptive pooling, unpooling), which the kernel compares with
    /// its spatial extents and the input's batch and channels: refuses it when that shape's element
    /// count would not fit `Int`, so the kernel's comparison cannot overflow.
    static func checkOutput(_ output: ActivationShape, input: ActivationShape) throws(KernelError) {
        var expected = output
        expected.batch = input.batch
        expected.channels = input.channels
        guard CStructs.elementCountFits(expected) else { throw .malformedShape(.output, expected) }
    }

    /// Adaptive pooling: validates `input` before anything sized by it runs, checks the output
    /// shape (`checkOutput`), and refuses output extents whose window arithmetic ((i + 1)·In)
    /// would overflow `Int` (only possible where `Int` has 32 bits) as `.unsupported(.outputExtent, …)`.
    static func checkAdaptive<Element>(_ input: Tensor<Element>, _ output: ActivationShape) throws(KernelError) {
        try input.validate(as: .input)
        try checkOutput(output, input: input.shape)
        for axis in 0..<3 {
            let reach = Int64(input.shape.extent(axis)).magnitude * (Int64(output.extent(axis)).magnitude + 1)
            guard reach <= UInt64(Int.max) else { throw .unsupported(.outputExtent, value: output.extent(axis)) }
        }
    }

    static func checked(_ plan: PoolPlan) throws(KernelError) -> PoolPlan {
        guard CStructs.elementCountFits(plan.output) else { throw .malformedShape(.output, plan.output) }
        return plan
    }
}

/// octet.h: `octet_status octet_pool_output_shape(const octet_shape *input,
/// const octet_pool_params *params, octet_shape *output)`.
@_cdecl("octet_pool_output_shape")
public func octet_pool_output_shape(
    _ inputShape: UnsafeRawPointer?, _ parameters: UnsafeRawPointer?, _ outputShape: UnsafeMutableRawPointer?
) -> Int32 {
    guard let shape = CStructs.shape(inputShape), let parameters = CStructs.poolParameters(parameters, input: shape),
        let outputShape
    else { return OctetStatus.invalidArgument }
    return OctetStatus.of { () throws(KernelError) in
        guard shape.isWellFormed else { throw .malformedShape(.input, shape) }
        let plan = try CPool.checked(PoolPlan(input: shape, parameters: parameters))
        CStructs.store(plan.output, to: outputShape)
    }
}
