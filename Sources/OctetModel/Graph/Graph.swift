import Octet

/// A model as Octet runs it: tensors, nodes in topological order, graph inputs and outputs.
/// The ONNX importer produces a float32 graph; the quantizer rewrites it to int8; the .octet
/// writer serializes it and the runtime interpreter (module Octet) runs it.
public struct Graph: Equatable, Sendable {
    public var tensors: [GraphTensor]
    public var nodes: [GraphNode]
    public var inputs: [Int]
    public var outputs: [Int]

    public init(tensors: [GraphTensor] = [], nodes: [GraphNode] = [], inputs: [Int] = [], outputs: [Int] = []) {
        self.tensors = tensors
        self.nodes = nodes
        self.inputs = inputs
        self.outputs = outputs
    }

    /// The index of the tensor named `name`, if any.
    public func tensorIndex(named name: String) -> Int? {
        tensors.firstIndex { $0.name == name }
    }

    /// Appends a tensor and returns its index.
    @discardableResult
    public mutating func add(_ tensor: GraphTensor) -> Int {
        tensors.append(tensor)
        return tensors.count - 1
    }
}
