// C exports of spatial pyramid pooling (Kernels/Int8/PyramidPool.swift). The Swift API takes
// `levels: [Int]`; building that Array from the C pointer would allocate, and octet.h promises no
// heap use. So `CPyramid` reads the levels in place and runs the same adaptive pool per (sample,
// level) on the same views as `pyramidLevels` in PyramidPool.swift: identical arithmetic, identical
// NWC [N, Σ L^rank, C] level-major layout.

/// Spatial pyramid pooling over a C array of levels, without allocating. Every check the adaptive
/// pools would make is made for every level before the first one runs, so a refusal writes nothing.
enum CPyramid {
    /// The largest level (cells per axis) `spatialPyramidPoolShape` accepts.
    static let maximumLevel = 4096

    /// The levels `levels[0..<count]` as a buffer: empty for count < 1 (the shape check then refuses
    /// it as no levels), nil for a NULL pointer with count >= 1 (a NULL buffer has capacity 0).
    static func levels(_ p: UnsafePointer<Int32>?, count: Int32) -> UnsafeBufferPointer<Int32>? {
        guard count >= 1 else { return UnsafeBufferPointer(start: nil, count: 0) }
        guard let p else { return nil }
        return UnsafeBufferPointer(start: p, count: Int(count))
    }

    /// `spatialPyramidPoolShape(input:levels:)` for C levels: NWC [N, Σ L^rank, C]. Throws as it
    /// does — `.malformedShape(.input, …)`, `.unsupported(.pyramidLevel, …)` for no levels or a
    /// level outside 1...4096 — and `.malformedShape(.output, …)` when Σ L^rank exceeds Int32.max
    /// (the output's plane would not be well formed) or its element count does not fit `Int`.
    /// Sums in UInt64, saturating at 2^31 (each term is at most 4096^3 = 2^36): nothing overflows.
    static func shape(input: ActivationShape, levels: UnsafeBufferPointer<Int32>) throws(KernelError) -> ActivationShape {
        guard input.isWellFormed else { throw .malformedShape(.input, input) }
        guard !levels.isEmpty else { throw .unsupported(.pyramidLevel, value: 0) }
        let limit = UInt64(Int32.max) + 1
        var cells: UInt64 = 0
        for level in levels {
            guard level >= 1 && Int(level) <= maximumLevel else { throw .unsupported(.pyramidLevel, value: Int(level)) }
            var c: UInt64 = 1
            for _ in 0..<input.spatialRank { c *= UInt64(level) }
            cells = Swift.min(cells + c, limit)
        }
        let output = ActivationShape.nwc(input.batch, Int(clamping: cells), input.channels)
        guard cells < limit && CStructs.elementCountFits(output) && output.isWellFormed else {
            throw .malformedShape(.output, output)
        }
        return output
    }

    /// One level's output shape for one sample: L on each spatial axis the sample has.
    static func levelShape(_ sample: ActivationShape, _ level: Int) -> ActivationShape {
        var s = sample
        s.depth = sample.spatialRank == 3 ? level : 1
        s.height = sample.spatialRank >= 2 ? level : 1
        s.width = level
        return s
    }

    /// Validates everything, then runs `pool(sampleView, levelView)` once per (sample, level) as
    /// `pyramidLevels` does. `averageWindowLimit`: the int8 average pool's window bound
    /// (`maximumAverageWindow`), checked per level with `PoolPlan.maximumWindowCells`' formula
    /// Π (ceil(In/L) + 1), in UInt64 so it cannot overflow where `Int` has 32 bits (each factor is
    /// at most 2·In, so the product is at most 8·D·H·W < 2^34); nil for no bound.
    static func run<Element>(
        _ input: Tensor<Element>, levels: UnsafeBufferPointer<Int32>, into output: MutableTensor<Element>,
        averageWindowLimit: Int?,
        pool: (Tensor<Element>, MutableTensor<Element>) throws(KernelError) -> Void
    ) throws(KernelError) {
        try input.validate(as: .input)
        let shape = try shape(input: input.shape, levels: levels)
        try output.validate(as: .output, expected: shape)
        var sample = input.shape
        sample.batch = 1
        let sampleView = Tensor(input.data, shape: sample, quantization: input.quantization)
        for level in levels {
            let levelShape = levelShape(sample, Int(level))
            try CPool.checkAdaptive(sampleView, levelShape)
            if let averageWindowLimit {
                var cells: UInt64 = 1
                for axis in (3 - sample.spatialRank)..<3 {
                    let extent = UInt64(sample.extent(axis)), out = UInt64(level)
                    cells *= (extent + out - 1) / out + 1
                }
                guard cells <= UInt64(averageWindowLimit) else {
                    throw .unsupported(.windowCells, value: Int(clamping: cells))
                }
            }
        }
        let C = shape.channels
        for n in 0..<shape.batch {
            let x = UnsafeBufferPointer(rebasing: input.data[(n * sample.elementCount)..<((n + 1) * sample.elementCount)])
            var cell = n * shape.width
            for level in levels {
                let levelShape = levelShape(sample, Int(level))
                let count = levelShape.elementCount
                let y = UnsafeMutableBufferPointer(rebasing: output.data[(cell * C)..<(cell * C + count)])
                try pool(Tensor(x, shape: sample, quantization: input.quantization),
                         MutableTensor(y, shape: levelShape, quantization: output.quantization))
                cell += count / C
            }
        }
    }
}

/// octet.h: `octet_spatial_pyramid_pool_shape` — `spatialPyramidPoolShape(input:levels:)`.
@_cdecl("octet_spatial_pyramid_pool_shape")
public func octet_spatial_pyramid_pool_shape(
    _ inputShape: UnsafeRawPointer?, _ levels: UnsafePointer<Int32>?, _ levelCount: Int32,
    _ outputShape: UnsafeMutableRawPointer?
) -> Int32 {
    guard let shape = CStructs.shape(inputShape), let levels = CPyramid.levels(levels, count: levelCount),
        let outputShape
    else { return OctetStatus.invalidArgument }
    return OctetStatus.of { () throws(KernelError) in
        CStructs.store(try CPyramid.shape(input: shape, levels: levels), to: outputShape)
    }
}

/// octet.h: `octet_spatial_pyramid_pool_s8` — `spatialPyramidPool(_:levels:pooling:into:activation:)`
/// on int8.
@_cdecl("octet_spatial_pyramid_pool_s8")
public func octet_spatial_pyramid_pool_s8(
    _ inputShape: UnsafeRawPointer?, _ quant: UnsafeRawPointer?,
    _ input: UnsafePointer<Int8>?, _ inputCapacity: UInt,
    _ levels: UnsafePointer<Int32>?, _ levelCount: Int32, _ pooling: Int32,
    _ output: UnsafeMutablePointer<Int8>?, _ outputCapacity: UInt,
    _ activation: Int32, _ activationMin: Float, _ activationMax: Float
) -> Int32 {
    guard let shape = CStructs.shape(inputShape), let q = CStructs.quant(quant),
        let levels = CPyramid.levels(levels, count: levelCount), let pooling = CStructs.pyramidPooling(pooling),
        let activation = CStructs.activation(activation, min: activationMin, max: activationMax)
    else { return OctetStatus.invalidArgument }
    return OctetStatus.of { () throws(KernelError) in
        let x = Tensor(input, capacity: inputCapacity, shape: shape, quantization: q)
        let outShape = try CPyramid.shape(input: shape, levels: levels)
        try q.validate(as: .input)
        let y = MutableTensor(output, capacity: outputCapacity, shape: outShape, quantization: q)
        try CPyramid.run(x, levels: levels, into: y, averageWindowLimit: pooling == .average ? maximumAverageWindow : nil) {
            (x: Tensor<Int8>, y: MutableTensor<Int8>) throws(KernelError) in
            pooling == .max
                ? try adaptiveMaxPool(x, into: y, activation: activation)
                : try adaptiveAveragePool(x, into: y, activation: activation)
        }
    }
}

/// octet.h: `octet_spatial_pyramid_pool_f32` — `spatialPyramidPool(_:levels:pooling:into:activation:)`
/// on Float.
@_cdecl("octet_spatial_pyramid_pool_f32")
public func octet_spatial_pyramid_pool_f32(
    _ inputShape: UnsafeRawPointer?,
    _ input: UnsafePointer<Float>?, _ inputCapacity: UInt,
    _ levels: UnsafePointer<Int32>?, _ levelCount: Int32, _ pooling: Int32,
    _ output: UnsafeMutablePointer<Float>?, _ outputCapacity: UInt,
    _ activation: Int32, _ activationMin: Float, _ activationMax: Float
) -> Int32 {
    guard let shape = CStructs.shape(inputShape), let levels = CPyramid.levels(levels, count: levelCount),
        let pooling = CStructs.pyramidPooling(pooling),
        let activation = CStructs.activation(activation, min: activationMin, max: activationMax)
    else { return OctetStatus.invalidArgument }
    return OctetStatus.of { () throws(KernelError) in
        let x = Tensor(input, capacity: inputCapacity, shape: shape)
        let outShape = try CPyramid.shape(input: shape, levels: levels)
        let y = MutableTensor(output, capacity: outputCapacity, shape: outShape)
        try CPyramid.run(x, levels: levels, into: y, averageWindowLimit: nil) {
            (x: Tensor<Float>, y: MutableTensor<Float>) throws(KernelError) in
            pooling == .max
                ? try adaptiveMaxPool(x, into: y, activation: activation)
                : try adaptiveAveragePool(x, into: y, activation: activation)
        }
    }
}
