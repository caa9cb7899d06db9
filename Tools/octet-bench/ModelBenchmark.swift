import Foundation
import Octet
import OctetModel

/// `octet-bench model`: the shipped demo model (Tools/octet/Demo), batch 1, 1 thread — Octet's
/// int8 .octet and float32 latency per sample, and ONNX Runtime's float32 and int8 (its own
/// quantize_static QDQ model, min/max over the same calibration split) in the same run
/// (Tools/ort_model_bench.py).
enum ModelBenchmark {
    static let help = """
        USAGE: octet-bench model [--repeat N] [--no-peer] [--json PATH]

        Times the demo model (Tools/octet/Demo/digits-cnn.onnx), one sample per call, cycling over
        the test split: Octet int8 (.octet through the runtime interpreter, min/max ranges from the
        calibration split) and Octet float32 (reference kernels), then ONNX Runtime float32 and
        int8 (quant_pre_process + quantize_static, QDQ, per-channel int8 weights, MinMax over the
        same calibration split), 1 intra-op thread. Medians of N samples (default 21).

        EXAMPLE:
          swift run -c release octet-bench model
        """

    static let demoDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("octet/Demo")

    struct Peer: Decodable {
        var ort: String
        var floatMedianNs: Double
        var int8MedianNs: Double
        var int8Q1Ns: Double
        var int8Q3Ns: Double
        var executedInt8Ops: [String]
    }

    static func run(_ options: BenchOptions) -> ExitStatus {
        func path(_ name: String) -> String { demoDirectory.appendingPathComponent(name).path }
        let octet: (int8: ModelRunner, float: ModelRunner, test: [Float], count: Int, bytes: Int)
        do {
            let model = try importONNX(path: path("digits-cnn.onnx"))
            let calibration = try readNPY(path: path("calibration.npy"))
            let test = try readNPY(path: path("test.npy"))
            guard case .float32(let c) = calibration.values, case .float32(let t) = test.values else {
                standardError("octet-bench model: the demo arrays are not float32")
                return .modelFailed
            }
            let float = try ModelRunner(model)
            let ranges = try minMaxRanges(float, samples: c, count: calibration.shape[0])
            let quantized = try quantize(model, ranges: ranges)
            let bytes = try serializeOctet(quantized.graph)
            let int8 = try ModelRunner(octet: bytes, inputs: quantized.inputs, outputs: quantized.outputs)
            octet = (int8, float, t, test.shape[0], bytes.count)
        } catch {
            standardError("octet-bench model: \(error)")
            return .modelFailed
        }
        let perSample = octet.test.count / octet.count
        let samples = (0..<octet.count).map { Array(octet.test[($0 * perSample)..<(($0 + 1) * perSample)]) }
        func time(_ runner: ModelRunner) -> Timing? {
            var k = 0
            return try? Timing.measure(samples: options.samples, minimumSample: .milliseconds(20)) { () throws(RunnerError) in
                _ = try runner.run([samples[k % samples.count]])
                k += 1
            }
        }
        guard let int8 = time(octet.int8), let float = time(octet.float) else {
            standardError("octet-bench model: a run failed")
            return .modelFailed
        }
        var peer: Peer?
        if options.peer {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            let script = demoDirectory.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("ort_model_bench.py").path
            process.arguments = ["python3", script, path("digits-cnn.onnx"), path("calibration.npy"), path("test.npy"),
                                 "--repeat", String(options.samples)]
            let pipe = Pipe()
            process.standardOutput = pipe
            process.standardError = FileHandle.nullDevice
            do {
                try process.run()
                let data = pipe.fileHandleForReading.readDataToEndOfFile()
                process.waitUntilExit()
                peer = try JSONDecoder().decode(Peer.self, from: data.split(separator: UInt8(ascii: "\n")).last ?? Data())
            } catch {
                standardError("octet-bench model: ONNX Runtime peer unavailable (\(error)); pip install onnxruntime onnx numpy")
            }
        }
        func us(_ ns: Double) -> String { String(format: "%.1f", ns / 1000) }
        print("demo model digits-cnn (Tools/octet/Demo), batch 1, 1 thread; .octet \(octet.bytes) bytes, arena \(octet.int8.arenaSize) bytes")
        print("")
        print("| runtime | precision | median µs/sample | q1–q3 µs | vs ORT int8 | vs ORT float32 |")
        print("|---|---|--:|--:|--:|--:|")
        func row(_ precision: String, _ t: Timing) {
            let q = "\(us(t.lowerQuartileNanoseconds ?? 0))–\(us(t.upperQuartileNanoseconds ?? 0))"
            let vsInt8 = peer.map { String(format: "%.2f×", t.medianNanoseconds / $0.int8MedianNs) } ?? "—"
            let vsFloat = peer.map { String(format: "%.2f×", t.medianNanoseconds / $0.floatMedianNs) } ?? "—"
            print("| Octet | \(precision) | \(us(t.medianNanoseconds)) | \(q) | \(vsInt8) | \(vsFloat) |")
        }
        row("int8", int8)
        row("float32 (reference kernels)", float)
        if let peer {
            print("| ONNX Runtime \(peer.ort) | int8 (QDQ) | \(us(peer.int8MedianNs)) | \(us(peer.int8Q1Ns))–\(us(peer.int8Q3Ns)) | 1.00× | \(String(format: "%.2f×", peer.int8MedianNs / peer.floatMedianNs)) |")
            print("| ONNX Runtime \(peer.ort) | float32 | \(us(peer.floatMedianNs)) | | \(String(format: "%.2f×", peer.floatMedianNs / peer.int8MedianNs)) | 1.00× |")
            print("")
            print("Ratios are time / time (lower is faster). ORT's int8 graph ops: \(peer.executedInt8Ops.joined(separator: ", ")).")
        }
        return .success
    }
}
