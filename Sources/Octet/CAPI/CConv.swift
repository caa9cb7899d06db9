// Convolution geometry for the C interface, shared by the conv, depthwise and fully-connected
// exports (int8 plans and float32 reference kernels). The shape helpers call the kernels' own
// validated geometry (`convGeometry`, `depthwiseGeometry`: overflow-checked channel products,
// output shapes checked with `isWellFormed`), so octet.h's shape helpers accept exactly the shapes
// and parameters the kernels accept.

enum CConv {
    /// Conv (grouped, 1-D or 2-D): the kernels' geometry, output channels = filter.outputChannels.
    static func convOutput(
        _ input: ActivationShape, _ filter: FilterShape, _ parameters: Conv2DParameters
    ) throws(KernelError) -> ActivationShape {
        var output = try convGeometry(input, filter, groups: parameters.groups, parameters: parameters).output
        output.channels = filter.outputChannels
        return output
    }

    /// Depthwise conv, filter [1, kh, kw, C·M]: the kernels' geometry, output channels C·M.
    static func depthwiseOutput(
        _ input: ActivationShape, _ filter: FilterShape, multiplier: Int, _ parameters: Conv2DParameters
    ) throws(KernelError) -> ActivationShape {
        let (geometry, channels) = try depthwiseGeometry(input, filter, depthMultiplier: multiplier, parameters: parameters)
        var output = geometry.output
        output.channels = channels
        return output
    }

    /// Fully connected on `batch` rows: the input and output shapes [batch, 1, features] (NWC).
    /// Throws `.malformedShape` for a batch < 1 and when either element count would not fit `Int`.
    static func fullyConnectedShapes(
        batch: Int, inputFeatures: Int, outputFeatures: Int
    ) throws(KernelError) -> (input: ActivationShape, output: ActivationShape) {
        let input = ActivationShape.nwc(batch, 1, inputFeatures), output = ActivationShape.nwc(batch, 1, outputFeatures)
        guard input.isWellFormed else { throw .malformedShape(.input, input) }
        guard output.isWellFormed else { throw .malformedShape(.output, output) }
        return (input, output)
    }
}
