/// A float32 graph imported from ONNX, with its boundary: the graph inputs and outputs as ONNX
/// names them, their ONNX shapes and layouts, and every ONNX tensor name that has an Octet tensor
/// (taps are keyed by these names; Identity/Dropout outputs share their input's tensor).
public struct ImportedModel: Sendable {
    public var graph: Graph
    public var inputs: [BoundaryTensor]
    public var outputs: [BoundaryTensor]
    /// The default-domain opset the model declares.
    public var opset: Int64
    /// ONNX tensor name → Octet tensor index, for every activation the graph keeps.
    public var tensorNames: [String: Int]
}
