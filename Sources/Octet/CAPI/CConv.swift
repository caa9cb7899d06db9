// Convolution geometry for the C interface, shared by the conv, depthwise and fully-connected
// exports (int8 plans and float32 reference kernels). The shape functions call the kernels' own
// geometry code (`convGeometry`, `PoolPlan`), so octet.h's shape helpers accept the shapes and
// parameters the kernels accept; and they refuse, before a kernel runs, the values whose arithmetic
// would trap inside it instead of being reported: an output element count beyond `Int` (which
// `MutableTensor.validate` computes unchecked), and on 32-bit targets the products C·M and I·groups.

enum CConv {
    /// Conv (grouped, 1-D or 2-D): `convGeometry` as the int8 and float32 kernels call it, with
    /// output channels = filter.outputChannels.
    static func convOutput(
        _ input: ActivationShape, _ filter: FilterShape, _ parameters: Conv2DParameters
    ) throws(KernelError) -> ActivationShape {
        var output = try convGeometry(input, filter, groups: parameters.groups, parameters: parameters).output
        output.channels = filter.outputChannels
        try checkOutput(output)
        return output
    }

    /// Depthwise conv, filter [1, kh, kw, C·M]: `DepthwiseConv2DPlan.init`'s checks before its tap
    /// limit, in its order, returning C·M — except that C·M is multiplied with overflow detection
    /// (the kernels' `C * M` would trap on a 32-bit `Int`; a product that overflows cannot equal the
    /// filter's int32 channels, so it is the same `.groupsMismatch`).
    static func depthwiseChannels(
        _ input: ActivationShape, _ filter: FilterShape, multiplier: Int
    ) throws(KernelError) -> Int {
        guard input.isWellFormed else { throw .malformedShape(.input, input) }
        guard input.spatialRank <= 2 else { throw .rankMismatch(expected: 2, actual: input.spatialRank) }
        guard filter.isWellFormed, filter.outputChannels == 1, input.spatialRank == 2 || filter.height == 1 else {
            throw .invalidFilterShape(filter)
        }
        guard multiplier >= 1 else { throw .unsupported(.depthMultiplier, value: multiplier) }
        let (channels, overflow) = input.channels.multipliedReportingOverflow(by: multiplier)
        guard !overflow, channels == filter.inputChannels else {
            throw .groupsMismatch(inputChannels: input.channels, outputChannels: filter.inputChannels, groups: input.channels)
        }
        return channels
    }

    /// Depthwise conv output: `depthwiseChannels`, then the geometry of a conv with one input
    /// channel per group (as the float kernel computes it), output channels C·M.
    static func depthwiseOutput(
        _ input: ActivationShape, _ filter: FilterShape, multiplier: Int, _ parameters: Conv2DParameters
    ) throws(KernelError) -> ActivationShape {
        let channels = try depthwiseChannels(input, filter, multiplier: multiplier)
        let asConv = FilterShape(outputChannels: channels, height: filter.height, width: filter.width, inputChannels: 1)
        var output = try convGeometry(input, asConv, groups: input.channels, parameters: parameters).output
        output.channels = channels
        try checkOutput(output)
        return output
    }

    /// Fully connected on `batch` rows: the input and output shapes [batch, 1, features] (NWC).
    /// Throws `.malformedShape` for a batch < 1 and when either element count would not fit `Int`.
    static func fullyConnectedShapes(
        batch: Int, inputFeatures: Int, outputFeatures: Int
    ) throws(KernelError) -> (input: ActivationShape, output: ActivationShape) {
        let input = ActivationShape.nwc(batch, 1, inputFeatures), output = ActivationShape.nwc(batch, 1, outputFeatures)
        guard input.isWellFormed else { throw .malformedShape(.input, input) }
        try checkOutput(output)
        return (input, output)
    }

    /// Refuses an output whose element count would not fit `Int` (large dilated filters with
    /// padding can make the output much larger than the input), so the kernels' capacity check
    /// cannot overflow.
    static func checkOutput(_ output: ActivationShape) throws(KernelError) {
        guard CStructs.elementCountFits(output) else { throw .malformedShape(.output, output) }
    }
}
