/// Float32 convolution (reference kernel), the int8 kernel's geometry: input NWC/NHWC, filter
/// OHWI [O, kh, kw, Cin/groups], bias [O] (optional), taps in the padding skipped (≡ zero padding);
/// sums in Double, one rounding to Float, then the activation clamp.
public func conv2D(
    _ input: Tensor<Float>, filter: FilterShape, weights: UnsafeBufferPointer<Float>, bias: UnsafeBufferPointer<Float>?,
    into output: MutableTensor<Float>, parameters: Conv2DParameters
) throws(KernelError) {
    try input.validate(as: .input)
    let geometry = try convGeometry(input.shape, filter, groups: parameters.groups, parameters: parameters)
    guard weights.count >= filter.elementCount else { throw .bufferTooSmall(.filter, required: filter.elementCount, actual: weights.count) }
    if let bias, bias.count != filter.outputChannels { throw .biasLength(expected: filter.outputChannels, actual: bias.count) }
    var outShape = geometry.output
    outShape.channels = filter.outputChannels
    try output.validate(as: .output, expected: outShape)
    let i = input.shape, x = input.data, y = output.data
    let outPerGroup = filter.outputChannels / parameters.groups
    let (lo, hi) = parameters.activation.realBounds
    var out = 0
    for n in 0..<outShape.batch {
        for oh in 0..<outShape.height {
            let wh = geometry.height.window(oh)
            for ow in 0..<outShape.width {
                let ww = geometry.width.window(ow)
                for oc in 0..<outShape.channels {
                    let group = oc / outPerGroup
                    var acc = Double(bias?[oc] ?? 0)
                    for ty in 0..<wh.count {
                        let ky = wh.firstTap + ty, iy = wh.first + ty * wh.step
                        for tx in 0..<ww.count {
                            let kx = ww.firstTap + tx, ix = ww.first + tx * ww.step
                            let xBase = ((n * i.height + iy) * i.width + ix) * i.channels + group * filter.inputChannels
                            let wBase = ((oc * filter.height + ky) * filter.width + kx) * filter.inputChannels
                            for c in 0..<filter.inputChannels { acc += Double(weights[wBase + c]) * Double(x[xBase + c]) }
                        }
                    }
                    let v = Float(acc)
                    y[out] = v.isNaN ? v : Swift.min(Swift.max(v, lo), hi)
                    out += 1
                }
            }
        }
    }
}

/// Float32 depthwise convolution (reference kernel): filter [1, kh, kw, C·M], output channel
/// c·M + m reads input channel c; as the int8 kernel, in Double, one rounding.
public func depthwiseConv2D(
    _ input: Tensor<Float>, filter: FilterShape, depthMultiplier: Int, weights: UnsafeBufferPointer<Float>,
    bias: UnsafeBufferPointer<Float>?, into output: MutableTensor<Float>, parameters: Conv2DParameters
) throws(KernelError) {
    try input.validate(as: .input)
    let (geometry, channels) = try depthwiseGeometry(input.shape, filter, depthMultiplier: depthMultiplier, parameters: parameters)
    guard weights.count >= filter.elementCount else { throw .bufferTooSmall(.filter, required: filter.elementCount, actual: weights.count) }
    if let bias, bias.count != channels { throw .biasLength(expected: channels, actual: bias.count) }
    var outShape = geometry.output
    outShape.channels = channels
    try output.validate(as: .output, expected: outShape)
    let i = input.shape, x = input.data, y = output.data
    let (lo, hi) = parameters.activation.realBounds
    var out = 0
    for n in 0..<outShape.batch {
        for oh in 0..<outShape.height {
            let wh = geometry.height.window(oh)
            for ow in 0..<outShape.width {
                let ww = geometry.width.window(ow)
                for oc in 0..<channels {
                    var acc = Double(bias?[oc] ?? 0)
                    for ty in 0..<wh.count {
                        let ky = wh.firstTap + ty, iy = wh.first + ty * wh.step
                        for tx in 0..<ww.count {
                            let kx = ww.firstTap + tx, ix = ww.first + tx * ww.step
                            acc += Double(weights[(ky * filter.width + kx) * channels + oc])
                                * Double(x[((n * i.height + iy) * i.width + ix) * i.channels + oc / depthMultiplier])
                        }
                    }
                    let v = Float(acc)
                    y[out] = v.isNaN ? v : Swift.min(Swift.max(v, lo), hi)
                    out += 1
                }
            }
        }
    }
}

/// Float32 fully connected (reference kernel): input [batch, I] as `.nwc(batch, 1, I)`, weights
/// [O, I], bias [O]; Double sums, one rounding, activation clamp.
public func fullyConnected(
    _ input: Tensor<Float>, weights: UnsafeBufferPointer<Float>, outputFeatures: Int, bias: UnsafeBufferPointer<Float>?,
    into output: MutableTensor<Float>, activation: FusedActivation = .none
) throws(KernelError) {
    try input.validate(as: .input)
    let I = input.shape.channels, batch = input.shape.batch
    guard input.shape == .nwc(batch, 1, I) else { throw .shapeMismatch(.input, expected: .nwc(batch, 1, I), actual: input.shape) }
    let filter = FilterShape(outputChannels: outputFeatures, height: 1, width: 1, inputChannels: I)
    guard filter.isWellFormed else { throw .invalidFilterShape(filter) }
    guard weights.count >= filter.elementCount else { throw .bufferTooSmall(.filter, required: filter.elementCount, actual: weights.count) }
    if let bias, bias.count != outputFeatures { throw .biasLength(expected: outputFeatures, actual: bias.count) }
    try output.validate(as: .output, expected: .nwc(batch, 1, outputFeatures))
    let (lo, hi) = activation.realBounds
    for b in 0..<batch {
        for o in 0..<outputFeatures {
            var acc = Double(bias?[o] ?? 0)
            for k in 0..<I { acc += Double(weights[o * I + k]) * Double(input.data[b * I + k]) }
            let v = Float(acc)
            output.data[b * outputFeatures + o] = v.isNaN ? v : Swift.min(Swift.max(v, lo), hi)
        }
    }
}
