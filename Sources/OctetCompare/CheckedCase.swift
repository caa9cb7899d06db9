import Octet

/// A conformance case that passed validation: Octet's types, int8 data in range, every array
/// the length its shape needs. `ConformanceRunner` builds the kernel plan from it and runs it.
public struct CheckedCase: Equatable, Sendable {
    /// The case file, for messages.
    public var file: String
    public var op: ConformanceOp
    /// The runtime that produced the expected outputs.
    public var source: String
    public var input: ActivationShape
    public var inputQuantization: QuantParams
    /// Add only (`.identity` otherwise).
    public var input2Quantization: QuantParams
    public var output: ActivationShape
    public var outputQuantization: QuantParams
    /// The output shape as the file writes it, for element coordinates in messages.
    public var outputDims: [Int]
    public var kernel: CheckedKernel
    public var vectors: [CheckedVector]
}

/// The op's own parameters and constant operands.
public enum CheckedKernel: Equatable, Sendable {
    case conv(filter: FilterShape, weights: [Int8], scales: [Float], bias: [Int32]?, parameters: Conv2DParameters)
    /// `filter` is [1, kh, kw, C·M].
    case depthwise(
        filter: FilterShape, multiplier: Int, weights: [Int8], scales: [Float], bias: [Int32]?,
        parameters: Conv2DParameters)
    /// Weights [out, in].
    case fullyConnected(
        inputFeatures: Int, outputFeatures: Int, weights: [Int8], scales: [Float], bias: [Int32]?,
        activation: FusedActivation)
    case maxPool(PoolParameters)
    case avgPool(PoolParameters)
    case mean(FusedActivation)
    case globalAveragePool(FusedActivation)
    case add(FusedActivation)
}

/// One vector: the operands and the expected output (and, for max pool, the expected indices).
public struct CheckedVector: Equatable, Sendable {
    public var input: [Int8]
    public var input2: [Int8]?
    public var output: [Int8]
    public var indices: [Int32]?

    public init(input: [Int8], input2: [Int8]? = nil, output: [Int8], indices: [Int32]? = nil) {
        self.input = input
        self.input2 = input2
        self.output = output
        self.indices = indices
    }
}
