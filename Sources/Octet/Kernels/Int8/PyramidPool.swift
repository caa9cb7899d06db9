/// Which adaptive pool each pyramid level uses.
public enum PyramidPooling: Equatable, Sendable {
    case max
    case average
}

/// The output shape of spatial pyramid pooling: NWC [N, Σ_levels L^rank, C]. Element (n, k, c)
/// is cell k of the concatenated levels — level 0's L0^rank cells in (d, h, w) row-major order,
/// then level 1's, … — for channel c. Flattened per sample this is (level, d, h, w, c) order;
/// PyTorch's SPP (flatten of NCHW per level) orders (level, c, d, h, w): a fully-connected layer
/// after it takes its weights permuted accordingly.
public func spatialPyramidPoolShape(input: ActivationShape, levels: [Int]) throws(KernelError) -> ActivationShape {
    guard input.isWellFormed else { throw .malformedShape(.input, input) }
    guard !levels.isEmpty else { throw .unsupported(.pyramidLevel, value: 0) }
    var cells = 0
    for level in levels {
        guard level >= 1 && level <= 4096 else { throw .unsupported(.pyramidLevel, value: level) }
        var c = 1
        for _ in 0..<input.spatialRank { c = c.multipliedReportingOverflow(by: level).partialValue }  // ≤ 4096³ < 2^37
        let (sum, overflow) = cells.addingReportingOverflow(c)
        guard !overflow && sum <= Int(Int32.max) else { throw .unsupported(.pyramidLevel, value: level) }
        cells = sum
    }
    let shape = ActivationShape.nwc(input.batch, cells, input.channels)
    guard shape.isWellFormed else { throw .malformedShape(.output, shape) }
    return shape
}

/// Spatial pyramid pooling (He et al. 2014): adaptive max or average pooling of the input to
/// L^rank cells for each level L (e.g. [1, 2, 4]), flattened and concatenated
/// (`spatialPyramidPoolShape`). Each level is exactly `adaptiveMaxPool` / `adaptiveAveragePool`
/// (PyTorch's windows; their rounding, tie rule and clamp); quantization equal on input and output.
/// Every level is validated before any is written.
public func spatialPyramidPool(
    _ input: Tensor<Int8>, levels: [Int], pooling: PyramidPooling, into output: MutableTensor<Int8>,
    activation: FusedActivation = .none
) throws(KernelError) {
    try pyramidLevels(input, levels: levels, into: output, capsWindows: pooling == .average) { (x: Tensor<Int8>, y: MutableTensor<Int8>) throws(KernelError) in
        pooling == .max
            ? try adaptiveMaxPool(x, into: y, activation: activation)
            : try adaptiveAveragePool(x, into: y, activation: activation)
    }
}

/// Float32 spatial pyramid pooling (reference kernel), as the int8 version.
public func spatialPyramidPool(
    _ input: Tensor<Float>, levels: [Int], pooling: PyramidPooling, into output: MutableTensor<Float>,
    activation: FusedActivation = .none
) throws(KernelError) {
    try pyramidLevels(input, levels: levels, into: output, capsWindows: false) { (x: Tensor<Float>, y: MutableTensor<Float>) throws(KernelError) in
        pooling == .max
            ? try adaptiveMaxPool(x, into: y, activation: activation)
            : try adaptiveAveragePool(x, into: y, activation: activation)
    }
}

/// Runs `pool` once per (sample, level) on views into `input` and `output`; `capsWindows`: int8
/// average pooling's window limit applies (checked for every level before anything is written).
private func pyramidLevels<Element>(
    _ input: Tensor<Element>, levels: [Int], into output: MutableTensor<Element>, capsWindows: Bool,
    pool: (Tensor<Element>, MutableTensor<Element>) throws(KernelError) -> Void
) throws(KernelError) {
    try input.validate(as: .input)
    let shape = try spatialPyramidPoolShape(input: input.shape, levels: levels)
    try output.validate(as: .output, expected: shape)
    guard input.quantization == output.quantization else {
        throw .quantizationMismatch(input: input.quantization, output: output.quantization)
    }
    var sample = input.shape
    sample.batch = 1
    // Validate every level's windows first (average pooling caps a window's cells) so an error
    // never follows a partial write.
    for level in levels {
        let plan = try PoolPlan(input: sample, adaptiveOutput: .uniform(level, rank: sample.spatialRank))
        guard !capsWindows || plan.maximumWindowCells <= maximumAverageWindow else {
            throw .unsupported(.windowCells, value: plan.maximumWindowCells)
        }
    }
    let C = shape.channels
    for n in 0..<shape.batch {
        let x = UnsafeBufferPointer(rebasing: input.data[(n * sample.elementCount)..<((n + 1) * sample.elementCount)])
        var cell = n * shape.width
        for level in levels {
            let size = Spatial.uniform(level, rank: sample.spatialRank)
            var levelShape = sample
            levelShape.depth = sample.spatialRank == 3 ? level : 1
            levelShape.height = sample.spatialRank >= 2 ? level : 1
            levelShape.width = size.width
            let count = levelShape.elementCount
            let y = UnsafeMutableBufferPointer(rebasing: output.data[(cell * C)..<(cell * C + count)])
            try pool(Tensor(x, shape: sample, quantization: input.quantization),
                     MutableTensor(y, shape: levelShape, quantization: output.quantization))
            cell += count / C
        }
    }
}
