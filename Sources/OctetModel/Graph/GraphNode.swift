import Octet

/// One operation of a graph, channels-last. Inputs and outputs are indices into `Graph.tensors`;
/// an absent optional input (a conv without bias) is nil.
public struct GraphNode: Equatable, Sendable {
    /// The ONNX node name (or a generated one, unique in the graph).
    public var name: String
    public var op: GraphOperator
    public var inputs: [Int?]
    public var outputs: [Int]

    public init(name: String, op: GraphOperator, inputs: [Int?], outputs: [Int]) {
        self.name = name
        self.op = op
        self.inputs = inputs
        self.outputs = outputs
    }
}

/// The operators of the graph IR and of the .octet format (one op code each, see
/// Sources/Octet/Runtime/OctetFormat.md). Every op runs in float32 or int8; which one is decided
/// by its tensors' element types.
public enum GraphOperator: Equatable, Sendable {
    /// inputs [x, w (OHWI), bias?], outputs [y]; 1-D (`stride.rank` 1) or 2-D, grouped.
    case conv(Conv2DParameters)
    /// inputs [x, w ([1, kh, kw, C·M]), bias?], outputs [y].
    case depthwiseConv(Conv2DParameters, multiplier: Int)
    /// inputs [x ([N, 1, I]), w ([O, I]), bias?], outputs [y ([N, 1, O])].
    case fullyConnected(FusedActivation)
    /// inputs [x], outputs [y, indices?] (indices Int32, flat within the (n, c) plane).
    case maxPool(PoolParameters)
    case averagePool(PoolParameters)
    /// (Σ|x|^p)^(1/p) over the window.
    case lpPool(PoolParameters, p: Int)
    case globalAveragePool
    case globalMaxPool
    case globalLpPool(p: Int)
    /// inputs [x, indices], outputs [y] (the output's shape is the tensor's).
    case maxUnpool
    /// inputs [a, b] of one shape.
    case add(FusedActivation)
    /// Along channels (the last axis).
    case concat
    /// Same elements, new shape (row-major order kept).
    case reshape
    /// float32 → int8.
    case quantize
    /// int8 → float32.
    case dequantize
    /// int8 → int8 with other parameters.
    case requantize
    case clamp(FusedActivation)
    /// Softmax over the last axis, float32 only.
    case softmax
}
