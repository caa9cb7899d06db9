// octet.h's convolution structs, read as `CStructs` reads the pooling structs: field by field at the
// offsets asserted in the header, unaligned, nil for NULL or for what no Swift value can hold.
// Everything else (extents < 1, strides, groups, quantization, ...) is the kernels' own validation.

extension CStructs {
    /// `octet_filter_shape` {output_channels @0, height @4, width @8, input_channels @12}.
    static func filterShape(_ p: UnsafeRawPointer?) -> FilterShape? {
        guard let p else { return nil }
        return FilterShape(outputChannels: int(p, 0), height: int(p, 4), width: int(p, 8), inputChannels: int(p, 12))
    }

    /// `octet_conv_params`: spatial_rank @0, stride[2] @4, dilation[2] @12, pad_begin[2] @20,
    /// pad_end[2] @28, padding @36, groups @40, activation @44, act_min @48, act_max @52. Arrays are
    /// (h, w); rank 1 takes [1] (w) only. Nil for a rank outside 1...2, an unknown padding or
    /// activation code, a geometry beyond octet.h's size limit for `input` (the pooling limit with
    /// the filter's (kh, kw) as the window), or |filter.input_channels · groups| > INT32_MAX (no
    /// input can have that many channels; refused here so that the kernels' product of the two
    /// cannot overflow a 32-bit `Int`).
    static func convParameters(_ p: UnsafeRawPointer?, input: ActivationShape, filter: FilterShape) -> Conv2DParameters? {
        guard let p else { return nil }
        let rank = int(p, 0)
        guard rank == 1 || rank == 2 else { return nil }
        func axes(_ offset: Int) -> Spatial {
            rank == 1 ? Spatial(int(p, offset + 4)) : Spatial(int(p, offset), int(p, offset + 4))
        }
        guard let padding = padding(int(p, 36), begin: axes(20), end: axes(28)),
            let activation = activation(
                p.loadUnaligned(fromByteOffset: 44, as: Int32.self),
                min: p.loadUnaligned(fromByteOffset: 48, as: Float.self),
                max: p.loadUnaligned(fromByteOffset: 52, as: Float.self))
        else { return nil }
        let groups = int(p, 40)
        guard (Int64(filter.inputChannels) * Int64(groups)).magnitude <= UInt64(Int32.max) else { return nil }
        let parameters = Conv2DParameters(
            stride: axes(4), dilation: axes(12), padding: padding, groups: groups, activation: activation)
        let kernel = rank == 1 ? Spatial(filter.width) : Spatial(filter.height, filter.width)
        return geometryFits(parameters.poolParameters(kernel: kernel), input: input) ? parameters : nil
    }
}
