import Octet
import OctetModel
import OctetTestSupport

// Graph builders and an interpreter harness for the writer / runtime tests.

struct GraphBuilder {
    var graph = Graph()

    mutating func activation(_ name: String, _ type: ElementType, _ shape: [Int], _ q: QuantParams? = nil) -> Int {
        graph.add(GraphTensor(
            name: name, type: type, shape: shape, spatialRank: shape.count - 2, quantization: q.map { .perTensor($0) }))
    }

    mutating func constant(_ name: String, _ data: TensorData, _ shape: [Int], _ q: TensorQuantization? = nil) -> Int {
        let type: ElementType = data.type
        return graph.add(GraphTensor(name: name, type: type, shape: shape, spatialRank: 0, quantization: q, data: data))
    }

    mutating func node(_ name: String, _ op: GraphOperator, _ inputs: [Int?], _ outputs: [Int]) {
        graph.nodes.append(GraphNode(name: name, op: op, inputs: inputs, outputs: outputs))
    }
}

/// A 16-aligned copy of `bytes` (the reader's alignment rule), freed by the caller.
func alignedCopy(_ bytes: [UInt8]) -> UnsafeMutableRawBufferPointer {
    let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: Swift.max(bytes.count, 1), alignment: 16)
    buffer.copyBytes(from: bytes)
    return UnsafeMutableRawBufferPointer(rebasing: buffer[0..<bytes.count])
}

func byteArray<T>(_ values: [T]) -> [UInt8] {
    values.withUnsafeBytes { Array($0) }
}

func typedArray<T>(_ bytes: [UInt8], as: T.Type) -> [T] {
    bytes.withUnsafeBytes { raw in
        (0..<(bytes.count / MemoryLayout<T>.stride)).map { raw.loadUnaligned(fromByteOffset: $0 * MemoryLayout<T>.stride, as: T.self) }
    }
}

/// Serializes, loads and runs `graph` on `inputs` (raw bytes per graph input); returns each graph
/// output's bytes.
func interpret(_ graph: Graph, inputs: [[UInt8]]) throws -> [[UInt8]] {
    let bytes = try serializeOctet(graph)
    let buffer = alignedCopy(bytes)
    defer { buffer.deallocate() }
    let model = try ModelFile(bytes: UnsafeRawBufferPointer(buffer))
    let interpreter = try Interpreter(model: model)
    for (k, input) in inputs.enumerated() {
        let target = interpreter.inputBuffer(k)
        precondition(target.count == input.count, "input size")
        target.copyBytes(from: input)
    }
    try interpreter.run()
    return (0..<interpreter.outputCount).map { Array(UnsafeRawBufferPointer(interpreter.outputBuffer($0))) }
}

/// Random bytes for a graph input tensor: int8 uniform, float32 in −4...4.
func randomInput(_ t: GraphTensor, _ rng: inout SeededRandom) -> [UInt8] {
    switch t.type {
    case .int8: return byteArray(rng.int8s(t.elementCount))
    case .float32: return byteArray(rng.floats(t.elementCount, in: -4...4))
    case .int32: return byteArray((0..<t.elementCount).map { _ in Int32.random(in: 0...3, using: &rng) })
    }
}

/// Runs a kernel into a new array of `count` elements.
func output<T: Numeric>(_ count: Int, _ body: (UnsafeMutableBufferPointer<T>) throws -> Void) rethrows -> [T] {
    var result = [T](repeating: 0, count: count)
    try result.withUnsafeMutableBufferPointer { try body($0) }
    return result
}

extension GraphTensor {
    var quant: QuantParams {
        if case .perTensor(let q)? = quantization { return q }
        return .identity
    }
}
