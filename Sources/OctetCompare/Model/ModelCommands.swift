import Foundation
import Octet
import OctetModel

/// What a model subcommand printed and how it ended: `lines` go to stdout, `errors` to stderr.
public struct CommandResult: Sendable {
    public var lines: [String] = []
    public var errors: [String] = []
    public var status: ExitStatus = .success

    public init() {}

    static func failure(_ message: String, status: ExitStatus = .inputError) -> CommandResult {
        var r = CommandResult()
        r.errors = [message]
        r.status = status
        return r
    }
}

/// The model subcommands' work: `octet inspect`, `octet run`, `octet quantize`.
public enum ModelCommands {
    /// A model file: ONNX (imported as float32) or .octet (int8 or float32, as written).
    static func load(_ path: String, batch: Int = 1) -> Result<(ModelRunner, ImportedModel?), CommandFailure> {
        if path.hasSuffix(".octet") {
            guard let data = FileManager.default.contents(atPath: path) else {
                return .failure(CommandFailure("\(path): cannot read the file"))
            }
            do throws(RunnerError) {
                return .success((try ModelRunner(octet: [UInt8](data)), nil))
            } catch {
                return .failure(CommandFailure("\(path): \(error)"))
            }
        }
        let model: ImportedModel
        do throws(ImportError) {
            model = try importONNX(path: path, batch: batch)
        } catch {
            return .failure(CommandFailure("\(path): \(error)"))
        }
        do throws(RunnerError) {
            return .success((try ModelRunner(model), model))
        } catch {
            return .failure(CommandFailure("\(path): \(error)", status: .internalError))
        }
    }

    /// `octet inspect MODEL`: inputs, outputs, nodes, quantization, weight and arena bytes.
    public static func inspect(path: String) -> CommandResult {
        switch load(path) {
        case .failure(let f): return .failure(f.message, status: f.status)
        case .success(let (runner, _)):
            var r = CommandResult()
            r.lines = describeModel(runner, title: path)
            return r
        }
    }

    /// `octet run MODEL --input X.npy [--output Y.npy]`: float32 run for ONNX, the file's own
    /// precision for .octet. The input's first axis is the batch; outputs stack the same way.
    public static func run(path: String, input: String, output: String?) -> CommandResult {
        let array: NPYArray
        do throws(NPYError) { array = try readNPY(path: input) } catch { return .failure("\(input): \(error)") }
        guard let samples = array.floatValues, let count = array.shape.first, array.shape.count >= 2 else {
            return .failure("\(input): expected a float array [N, ...] (float32, float64, int8, uint8 or int64 values), got shape \(array.shape)")
        }
        let runner: ModelRunner
        switch load(path, batch: 1) {
        case .failure(let f): return .failure(f.message, status: f.status)
        case .success(let (r, _)): runner = r
        }
        guard runner.inputs.count == 1 else {
            return .failure("\(path): the model has \(runner.inputs.count) inputs; octet run feeds one")
        }
        let sampleShape = Array(runner.inputs[0].onnxShape.dropFirst())
        guard Array(array.shape.dropFirst()) == sampleShape else {
            return .failure("\(input): shape \(array.shape) does not fit input '\(runner.inputs[0].name)' [N, \(sampleShape.map(String.init).joined(separator: ", "))]")
        }
        let outputs: [TensorData]
        do throws(RunnerError) {
            outputs = try runner.run(samples: samples, count: count)
        } catch {
            return .failure("\(path): \(error)", status: .internalError)
        }
        var r = CommandResult()
        for (k, b) in runner.outputs.enumerated() {
            let shape = [count] + b.onnxShape.dropFirst()
            r.lines.append("output \(k) '\(b.name)': shape \(shape)")
            guard let output else { continue }
            let file = k == 0 ? output : output.replacingOccurrences(of: ".npy", with: "") + ".\(k).npy"
            let values: NPYValues
            switch outputs[k] {
            case .float32(let v): values = .float32(v)
            case .int32(let v): values = .int64(v.map(Int64.init))
            case .int8(let v): values = .int8(v)
            }
            do throws(NPYError) {
                try writeNPY(NPYArray(shape: shape, values: values), path: file)
                r.lines.append("  written to \(file)")
            } catch {
                return .failure("\(file): \(error)")
            }
        }
        if output == nil, case .float32(let v) = outputs[0] {
            let width = v.count / Swift.max(count, 1)
            for n in 0..<Swift.min(count, 8) {
                let row = Array(v[(n * width)..<((n + 1) * width)])
                let top = row.indices.max { row[$0] < row[$1] } ?? 0
                r.lines.append("  sample \(n): argmax \(top), values \(row.prefix(10).map { String(format: "%.4f", $0) }.joined(separator: " "))\(width > 10 ? " …" : "")")
            }
        }
        return r
    }

    /// `octet quantize MODEL.onnx --ranges FILE -o MODEL.octet [--keep-float NODE,...]`.
    public static func quantize(path: String, ranges rangesPath: String, output: String, keepFloat: [String]) -> CommandResult {
        let ranges: [String: TensorRange]
        do throws(RangeFileError) { ranges = try readRanges(path: rangesPath) } catch { return .failure("\(error)") }
        let model: ImportedModel
        do throws(ImportError) { model = try importONNX(path: path) } catch { return .failure("\(path): \(error)") }
        let quantized: ImportedModel
        do throws(QuantizeError) {
            quantized = try OctetModel.quantize(model, ranges: ranges, options: QuantizationOptions(keepFloat: Set(keepFloat)))
        } catch {
            return .failure("\(path): \(error)")
        }
        do throws(OctetWriteError) {
            try writeOctet(quantized.graph, to: output)
        } catch {
            return .failure("\(output): \(error)")
        }
        var r = CommandResult()
        let size = (try? FileManager.default.attributesOfItem(atPath: output)[.size] as? Int) ?? 0
        r.lines.append("wrote \(output): \(size) bytes, \(quantized.graph.nodes.count) nodes")
        return r
    }
}

/// A failed step: the message and the exit status it maps to.
struct CommandFailure: Error {
    var message: String
    var status: ExitStatus = .inputError

    init(_ message: String, status: ExitStatus = .inputError) {
        self.message = message
        self.status = status
    }
}

extension NPYArray {
    /// The values as Float (float64 rounded once; integers converted), nil for an empty array.
    var floatValues: [Float]? {
        switch values {
        case .float32(let v): return v
        case .float64(let v): return v.map { Float($0) }
        case .uint8(let v): return v.map { Float($0) }
        case .int8(let v): return v.map { Float($0) }
        case .int64(let v): return v.map { Float($0) }
        case .int32(let v): return v.map { Float($0) }
        }
    }
}
