import Octet

/// Runs a graph — float32 from the importer, int8 from the quantizer, or a .octet file — through
/// Octet's runtime interpreter (the same code a device runs): the graph is serialized to .octet
/// bytes, validated by `ModelFile`, and run by `Interpreter`. Inputs and outputs are converted
/// between the ONNX layout (NCHW, [N, F]) and Octet's channels-last layout at the boundary; taps
/// report every node output in Octet's layout, keyed by tensor name.
///
/// One runner runs the batch its graph was built for (`batch`); `run(samples:)` splits a larger
/// batch into runs of that size.
public final class ModelRunner {
    /// The model bytes, 16-aligned, alive as long as the runner (the interpreter reads them in place).
    private let storage: UnsafeMutableRawBufferPointer
    public let file: ModelFile
    private let interpreter: Interpreter
    public let inputs: [BoundaryTensor]
    public let outputs: [BoundaryTensor]
    /// Tensor names, by index.
    public let tensorNames: [String]

    /// Serializes and loads an imported (float32) or quantized (int8) model.
    public convenience init(_ model: ImportedModel) throws(RunnerError) {
        let bytes: [UInt8]
        do { bytes = try serializeOctet(model.graph) } catch { throw .write(error) }
        try self.init(octet: bytes, inputs: model.inputs, outputs: model.outputs)
    }

    /// Loads .octet bytes. Without `inputs`/`outputs`, the boundary follows the tensors' shapes:
    /// spatial tensors are NCHW (N, C, spatial...) at the boundary, [N, 1, F] tensors are [N, F].
    public init(octet bytes: [UInt8], inputs: [BoundaryTensor]? = nil, outputs: [BoundaryTensor]? = nil) throws(RunnerError) {
        storage = .allocate(byteCount: Swift.max(bytes.count, 1), alignment: 16)
        storage.copyBytes(from: bytes)
        let loaded: (ModelFile, Interpreter)
        do throws(ModelError) {
            let file = try ModelFile(bytes: UnsafeRawBufferPointer(rebasing: storage[0..<bytes.count]))
            loaded = (file, try Interpreter(model: file))
        } catch {
            storage.deallocate()
            throw .load(error)
        }
        (file, interpreter) = loaded
        tensorNames = (0..<file.tensors.count).map { String(decoding: loaded.0.nameBytes(ofTensor: $0), as: UTF8.self) }
        let names = tensorNames
        func inferred(_ t: Int) -> BoundaryTensor {
            let tensor = loaded.0.tensors[t]
            let s = tensor.shape
            if tensor.spatialRank == 1 && s[1] == 1 {
                return BoundaryTensor(name: names[t], index: t, onnxShape: [s[0], s[2]], layout: .features)
            }
            return BoundaryTensor(
                name: names[t], index: t, onnxShape: [s[0], s[s.count - 1]] + s[1..<(s.count - 1)],
                layout: .channelsFirst(spatialRank: tensor.spatialRank))
        }
        self.inputs = inputs ?? file.inputs.map(inferred)
        self.outputs = outputs ?? file.outputs.map(inferred)
    }

    deinit { storage.deallocate() }

    /// The batch one run takes.
    public var batch: Int { inputs.first?.onnxShape.first ?? 1 }

    /// Bytes of activation memory a run uses.
    public var arenaSize: Int { interpreter.arenaSize }

    /// Runs once. `inputs[k]`: graph input k's float32 values in its ONNX layout. Returns each
    /// output in its ONNX layout: float32, or Int32 max-pool indices as ONNX's flat NCHW indices.
    /// `tap` receives every node output (Octet layout) after the node runs.
    public func run(_ values: [[Float]], tap: ((TapValue) -> Void)? = nil) throws(RunnerError) -> [TensorData] {
        guard values.count == inputs.count else { throw .inputCount(expected: inputs.count, actual: values.count) }
        for (k, b) in inputs.enumerated() {
            let expected = b.onnxShape.reduce(1, *)
            guard values[k].count == expected else {
                throw .inputSize(name: b.name, shape: b.onnxShape, expected: expected, actual: values[k].count)
            }
            let buffer = interpreter.inputBuffer(k)
            let octet = b.toOctet(values[k])
            octet.withUnsafeBytes { buffer.copyMemory(from: $0) }
        }
        do throws(RunError) {
            if let tap {
                try interpreter.run { _, t, bytes in tap(self.tapValue(t, bytes)) }
            } else {
                try interpreter.run()
            }
        } catch {
            throw .run(error)
        }
        return outputs.indices.map { k in
            let b = outputs[k]
            let value = tapValue(file.outputs[k], UnsafeRawBufferPointer(interpreter.outputBuffer(k)))
            switch value.values {
            case .float32(let v): return .float32(b.toONNX(v))
            case .int8(let v): return .float32(b.toONNX(v.map { value.quantization!.dequantize($0) }))
            case .int32(let v): return .int32(onnxIndices(b.toONNX(v), shape: b.onnxShape, planeSize: indexPlaneSize(file.outputs[k])))
            }
        }
    }

    /// Runs a single-input model over `count` samples stacked along the batch axis, `batch`
    /// samples per run (`samples.count` = count · the per-sample size). Returns the outputs
    /// stacked the same way.
    public func run(samples: [Float], count: Int, tap: ((Int, TapValue) -> Void)? = nil) throws(RunnerError) -> [TensorData] {
        guard inputs.count == 1 else { throw .inputCount(expected: inputs.count, actual: 1) }
        let perRun = inputs[0].onnxShape.reduce(1, *)
        guard count % batch == 0, samples.count == count / batch * perRun else {
            throw .inputSize(name: inputs[0].name, shape: inputs[0].onnxShape, expected: count / Swift.max(batch, 1) * perRun, actual: samples.count)
        }
        var stacked: [TensorData] = outputs.map { _ in .float32([]) }
        for r in 0..<(count / batch) {
            let slice = Array(samples[(r * perRun)..<((r + 1) * perRun)])
            let out = try run([slice], tap: tap.map { f in { f(r, $0) } })
            for k in out.indices { stacked[k].append(out[k]) }
        }
        return stacked
    }

    func tapValue(_ t: Int, _ bytes: UnsafeRawBufferPointer) -> TapValue {
        let tensor = file.tensors[t]
        let values: TensorData
        switch tensor.elementType {
        case .int8: values = .int8(Array(bytes.bindMemory(to: Int8.self)))
        case .int32: values = .int32(Array(bytes.bindMemory(to: Int32.self)))
        case .float32: values = .float32(Array(bytes.bindMemory(to: Float.self)))
        }
        return TapValue(name: tensorNames[t], tensor: t, shape: tensor.shape, quantization: tensor.quantization, values: values)
    }
}

extension ModelRunner {
    /// The cells of one (n, c) plane of the max pool input whose indices tensor `t` is.
    func indexPlaneSize(_ t: Int) -> Int {
        guard let node = file.nodes.first(where: { $0.outputs.contains(t) }), let x = node.inputs.first ?? nil else { return 1 }
        return file.tensors[x].activationShape?.spatialCount ?? 1
    }
}

/// Octet's max-pool indices are flat within each (n, c) plane of the pool's input; ONNX's are
/// flat over the whole NCHW input: onnx = (n·C + c)·S + plane index, S = `planeSize` (the input
/// plane's cells). `planeIndices` is in ONNX order [N, C, out...], `shape` its ONNX shape.
func onnxIndices(_ planeIndices: [Int32], shape: [Int], planeSize: Int) -> [Int32] {
    let outputPlane = shape.dropFirst(2).reduce(1, *)
    return planeIndices.enumerated().map { i, v in Int32(truncatingIfNeeded: (i / outputPlane) * planeSize + Int(v)) }
}

extension TensorData {
    mutating func append(_ other: TensorData) {
        switch (self, other) {
        case (.float32(let a), .float32(let b)): self = .float32(a + b)
        case (.int8(let a), .int8(let b)): self = .int8(a + b)
        case (.int32(let a), .int32(let b)): self = .int32(a + b)
        case (.float32(let a), _) where a.isEmpty: self = other
        default: preconditionFailure("TensorData.append: element types differ")
        }
    }
}

/// A node output observed during a run, in Octet's channels-last layout.
public struct TapValue: Sendable {
    public var name: String
    /// The tensor's index in the runner's model.
    public var tensor: Int
    public var shape: [Int]
    /// Int8 tensors.
    public var quantization: QuantParams?
    public var values: TensorData

    /// The real values: int8 dequantized (scale · (q − zero point)), Int32 converted.
    public func dequantized() -> [Float] {
        switch values {
        case .float32(let v): return v
        case .int8(let v): return v.map { quantization!.dequantize($0) }
        case .int32(let v): return v.map(Float.init)
        }
    }
}

/// Why a model could not be run.
public enum RunnerError: Error, Equatable, CustomStringConvertible {
    case write(OctetWriteError)
    case load(ModelError)
    case run(RunError)
    case inputCount(expected: Int, actual: Int)
    case inputSize(name: String, shape: [Int], expected: Int, actual: Int)

    public var description: String {
        switch self {
        case .write(let e): return "cannot serialize the graph: \(e)"
        case .load(let e): return "invalid .octet model: \(e)"
        case .run(let e): return "run failed: \(e)"
        case .inputCount(let e, let a): return "the model takes \(e) input(s), \(a) given"
        case .inputSize(let name, let shape, let e, let a):
            return "input '\(name)' of shape \(shape) needs \(e) values, \(a) given"
        }
    }
}
