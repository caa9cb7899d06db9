import Foundation

/// ONNX Runtime as the peer: a running `python3 Tools/ort_pool_bench.py` that times ORT on the
/// same input files, one case per request, so each case is timed on Octet and on ORT back to back.
/// The script documents the line protocol (one JSON object per line each way) and how it times.
final class OrtPeer {
    struct Quantization: Encodable {
        var scale: Float
        var zeroPoint: Int32
    }

    struct Case: Encodable {
        var name: String
        var op: String
        var inputShape: [Int]
        var outputShape: [Int]
        var window: [Int]
        var stride: [Int]
        /// [top, left, bottom, right] (ONNX `pads` order).
        var pads: [Int]
        var countIncludePad: Bool
        var input: Quantization
        var output: Quantization
        var inputPath: String
        var outputPath: String
    }

    struct CaseResult: Decodable {
        var name: String
        var ortOp: String?
        var layout: String?
        var executedOps: [String]?
        var medianNs: Double?
        var q1Ns: Double?
        var q3Ns: Double?
        var samples: Int?
        var iterationsPerSample: Int?
        var note: String?
    }

    /// The script's first line.
    struct Hello: Decodable {
        var available: Bool
        var reason: String?
        var ortVersion: String?
        var numpyVersion: String?
        var python: String?
    }

    struct Failure: Error {
        var reason: String
    }

    private struct CaseRequest: Encodable {
        var samples: Int
        var minimumSampleSeconds: Double
        var `case`: Case
    }

    private struct OverheadRequest: Encodable {
        var samples: Int
        var minimumSampleSeconds: Double
        var overhead = true
    }

    private struct OverheadAnswer: Decodable {
        var callOverheadNs: Double
    }

    /// `Tools/ort_pool_bench.py` under the working directory (where `swift run` starts), else next
    /// to this source file's directory.
    static var script: URL {
        let local = URL(fileURLWithPath: "Tools/ort_pool_bench.py")
        if FileManager.default.fileExists(atPath: local.path) { return local }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("ort_pool_bench.py")
    }

    let hello: Hello
    private let process: Process
    private let requests: FileHandle
    private let answers: FileHandle
    private var pending: Data

    /// Starts the script and reads its first line (whether onnxruntime imports). Its stderr passes
    /// through to ours.
    init() throws(Failure) {
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", OrtPeer.script.path]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        requests = input.fileHandleForWriting
        answers = output.fileHandleForReading
        do {
            try process.run()
        } catch {
            throw Failure(reason: "could not start python3 \(OrtPeer.script.path): \(error)")
        }
        var buffer = Data()
        let first = try OrtPeer.readLine(output.fileHandleForReading, &buffer, process)
        pending = buffer
        hello = try OrtPeer.decode(Hello.self, from: first)
    }

    deinit { finish() }

    /// Times one case on ORT (the script also writes ORT's output to `c.outputPath`).
    func time(_ c: Case, samples: Int, minimumSampleSeconds: Double) throws(Failure) -> CaseResult {
        try send(CaseRequest(samples: samples, minimumSampleSeconds: minimumSampleSeconds, case: c))
        return try OrtPeer.decode(CaseResult.self, from: OrtPeer.readLine(answers, &pending, process))
    }

    /// Median time of one call on a one-element Identity graph: the floor in every ORT median.
    func callOverhead(samples: Int, minimumSampleSeconds: Double) throws(Failure) -> Double {
        try send(OverheadRequest(samples: samples, minimumSampleSeconds: minimumSampleSeconds))
        return try OrtPeer.decode(OverheadAnswer.self, from: OrtPeer.readLine(answers, &pending, process))
            .callOverheadNs
    }

    /// Closes the script's input (it exits at end of input) and waits for it.
    func finish() {
        try? requests.close()
        if process.isRunning { process.waitUntilExit() }
    }

    private func send(_ request: some Encodable) throws(Failure) {
        do {
            var line = try JSONEncoder().encode(request)
            line.append(UInt8(ascii: "\n"))
            try requests.write(contentsOf: line)
        } catch {
            throw Failure(reason: "could not send a request to the peer: \(error)")
        }
    }

    /// The next line of the script's output (without the newline).
    private static func readLine(_ handle: FileHandle, _ pending: inout Data, _ process: Process) throws(Failure) -> Data {
        while true {
            if let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                let line = pending[pending.startIndex..<newline]
                pending = Data(pending[pending.index(after: newline)...])
                return Data(line)
            }
            let chunk = handle.availableData
            if chunk.isEmpty {
                process.waitUntilExit()
                throw Failure(reason: "the peer exited (status \(process.terminationStatus)) before answering")
            }
            pending.append(chunk)
        }
    }

    private static func decode<T: Decodable>(_ type: T.Type, from line: Data) throws(Failure) -> T {
        do {
            return try JSONDecoder().decode(type, from: line)
        } catch {
            throw Failure(reason: "unreadable answer from the peer: \(String(decoding: line, as: UTF8.self))")
        }
    }
}
