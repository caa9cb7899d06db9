import Foundation
import Octet
import OctetModel

/// `octet demo`: the whole job on the shipped demo (Tools/octet/Demo) — import the float ONNX
/// model, take min/max ranges from a float run over the calibration split, quantize to an int8
/// .octet, run float32 and int8 over the test split and report accuracy, top-1 agreement and the
/// float executor's distance to ONNX Runtime's logits.
public enum DemoPipeline {
    struct Manifest: Decodable {
        var model: String
        var calibration: String
        var test: String
        var labels: String
        var referenceLogits: String?

        enum CodingKeys: String, CodingKey {
            case model, calibration, test, labels
            case referenceLogits = "reference_logits_ort"
        }
    }

    /// Runs the demo in `directory` (holding demo-manifest.json); with `outputDirectory`, writes
    /// the int8 model (demo.octet) and the ranges (ranges.json) there.
    public static func run(directory: String, outputDirectory: String?) -> CommandResult {
        switch runSteps(directory: directory, outputDirectory: outputDirectory) {
        case .success(let lines):
            var r = CommandResult()
            r.lines = lines
            return r
        case .failure(let f):
            return .failure(f.message, status: f.status)
        }
    }

    static func runSteps(directory: String, outputDirectory: String?) -> Result<[String], CommandFailure> {
        func path(_ name: String) -> String { (directory as NSString).appendingPathComponent(name) }
        let manifestPath = path("demo-manifest.json")
        guard let data = FileManager.default.contents(atPath: manifestPath),
              let manifest = try? JSONDecoder().decode(Manifest.self, from: data)
        else { return .failure(CommandFailure("\(manifestPath): missing or not a demo manifest")) }
        func array(_ name: String) -> Result<NPYArray, CommandFailure> {
            do throws(NPYError) { return .success(try readNPY(path: path(name))) } catch {
                return .failure(CommandFailure("\(path(name)): \(error)"))
            }
        }
        var lines: [String] = []
        do throws(CommandFailure) {
            let calibration = try array(manifest.calibration).get()
            let test = try array(manifest.test).get()
            let labelArray = try array(manifest.labels).get()
            guard case .int64(let labels) = labelArray.values, let calibrationValues = calibration.floatValues,
                  let testValues = test.floatValues, labels.count == test.shape[0]
            else { throw CommandFailure("\(directory): calibration/test must be float arrays and labels int64 [N]") }
            let model: ImportedModel
            do throws(ImportError) { model = try importONNX(path: path(manifest.model)) } catch {
                throw CommandFailure("\(path(manifest.model)): \(error)")
            }
            lines.append("model        \(manifest.model): \(model.graph.nodes.count) nodes after import (BatchNormalization folded, ReLU fused), opset \(model.opset)")
            let float = try runner(model)
            let ranges: [String: TensorRange]
            do throws(RunnerError) {
                ranges = try minMaxRanges(float, samples: calibrationValues, count: calibration.shape[0])
            } catch { throw CommandFailure("calibration run: \(error)", status: .internalError) }
            lines.append("calibration  \(calibration.shape[0]) samples, min/max ranges of \(ranges.count) tensors")
            let quantized: ImportedModel
            do throws(QuantizeError) { quantized = try quantize(model, ranges: ranges) } catch {
                throw CommandFailure("quantize: \(error)", status: .internalError)
            }
            let bytes: [UInt8]
            do throws(OctetWriteError) { bytes = try serializeOctet(quantized.graph) } catch {
                throw CommandFailure("quantize: \(error)", status: .internalError)
            }
            let int8: ModelRunner
            do throws(RunnerError) {
                int8 = try ModelRunner(octet: bytes, inputs: quantized.inputs, outputs: quantized.outputs)
            } catch { throw CommandFailure("load: \(error)", status: .internalError) }
            lines.append("int8 model   \(bytes.count) bytes .octet, arena \(int8.arenaSize) bytes (float32 graph: arena \(float.arenaSize) bytes)")
            let count = test.shape[0]
            let floatLogits = try logits(float, testValues, count)
            let int8Logits = try logits(int8, testValues, count)
            let classes = floatLogits.count / count
            let floatTop = argmaxes(floatLogits, classes), int8Top = argmaxes(int8Logits, classes)
            func accuracy(_ top: [Int]) -> Double {
                Double(zip(top, labels).filter { Int64($0) == $1 }.count) / Double(count)
            }
            let agreement = Double(zip(floatTop, int8Top).filter { $0 == $1 }.count) / Double(count)
            lines.append(String(format: "float32      accuracy %.2f%% on %d test samples (Octet's float32 reference kernels)", 100 * accuracy(floatTop), count))
            lines.append(String(format: "int8         accuracy %.2f%%, top-1 agreement with float32 %.2f%%, accuracy drop %.2f points",
                                100 * accuracy(int8Top), 100 * agreement, 100 * (accuracy(floatTop) - accuracy(int8Top))))
            if let reference = manifest.referenceLogits, case .success(let ort) = array(reference), let ortValues = ort.floatValues,
               ortValues.count == floatLogits.count {
                let maxDiff = zip(floatLogits, ortValues).map { abs($0 - $1) }.max() ?? 0
                lines.append(String(format: "float32 vs ONNX Runtime logits: max |diff| %.3g", maxDiff))
            }
            if let out = outputDirectory {
                do {
                    try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
                } catch { throw CommandFailure("\(out): cannot create the directory") }
                let octetPath = (out as NSString).appendingPathComponent("demo.octet")
                let rangesPath = (out as NSString).appendingPathComponent("ranges.json")
                guard (try? Data(bytes).write(to: URL(fileURLWithPath: octetPath), options: .atomic)) != nil,
                      (try? Data(rangesJSON(ranges).utf8).write(to: URL(fileURLWithPath: rangesPath), options: .atomic)) != nil
                else { throw CommandFailure("\(out): cannot write demo.octet / ranges.json") }
                lines.append("wrote        \(octetPath), \(rangesPath)")
            }
        } catch {
            return .failure(error)
        }
        return .success(lines)
    }

    static func runner(_ model: ImportedModel) throws(CommandFailure) -> ModelRunner {
        do throws(RunnerError) { return try ModelRunner(model) } catch {
            throw CommandFailure("load: \(error)", status: .internalError)
        }
    }

    static func logits(_ runner: ModelRunner, _ samples: [Float], _ count: Int) throws(CommandFailure) -> [Float] {
        let outputs: [TensorData]
        do throws(RunnerError) { outputs = try runner.run(samples: samples, count: count) } catch {
            throw CommandFailure("run: \(error)", status: .internalError)
        }
        guard case .float32(let v) = outputs[0] else {
            throw CommandFailure("the demo model's output is not float32", status: .internalError)
        }
        return v
    }

    /// Per row, the first index of the largest value.
    static func argmaxes(_ values: [Float], _ width: Int) -> [Int] {
        stride(from: 0, to: values.count, by: width).map { start in
            var best = start
            for i in start..<(start + width) where values[i] > values[best] { best = i }
            return best - start
        }
    }
}
