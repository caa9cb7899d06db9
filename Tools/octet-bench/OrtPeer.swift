import Foundation

/// ONNX Runtime as the peer: a running `python3 Tools/ort_pool_bench.py` (pooling) or
/// `Tools/ort_conv_bench.py` (conv, depthwise, fully connected) that times ORT on the same input
/// files, one case per request, so each case is timed on Octet and on ORT back to back. The scripts
/// document the line protocol (one JSON object per line each way) and how they time.
final class OrtPeer {
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
        /// Every ORT formulation the script timed (conv script only); the fastest equivalent one
        /// is the result above.
        var candidates: [Candidate]?
    }

    /// One ORT formulation of a case: timed, or refused by ORT.
    struct Candidate: Codable {
        var ortOp: String
        var layout: String
        var medianNs: Double?
        var executedOps: [String]?
        /// Why this formulation was refused by ORT.
        var refused: String?
        /// Why this formulation is timed but not the same math (never chosen).
        var notEquivalent: String?
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

    private struct CaseRequest<Case: Encodable>: Encodable {
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

    /// `Tools/<name>` under the working directory (where `swift run` starts), else next to this
    /// source file's directory.
    static func script(named name: String) -> URL {
        let local = URL(fileURLWithPath: "Tools").appendingPathComponent(name)
        if FileManager.default.fileExists(atPath: local.path) { return local }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent(name)
    }

    let script: URL
    let hello: Hello
    private let process: Process
    private let requests: FileHandle
    private let answers: FileHandle
    private var pending: Data

    /// Starts the script and reads its first line (whether onnxruntime imports). Its stderr passes
    /// through to ours.
    init(script: URL) throws(Failure) {
        self.script = script
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script.path]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        requests = input.fileHandleForWriting
        answers = output.fileHandleForReading
        do {
            try process.run()
        } catch {
            throw Failure(reason: "could not start python3 \(script.path): \(error)")
        }
        var buffer = Data()
        let first = try OrtPeer.readLine(output.fileHandleForReading, &buffer, process)
        pending = buffer
        hello = try OrtPeer.decode(Hello.self, from: first)
    }

    deinit { finish() }

    /// Starts `script` for a benchmark run when `wanted`, and creates `directory` for the files
    /// exchanged with it: the running peer, or nil and why not.
    static func start(script: URL, wanted: Bool, directory: URL) -> (OrtPeer?, PeerSummary) {
        guard wanted else { return (nil, PeerSummary(available: false, reason: "skipped (--no-peer)")) }
        let started: OrtPeer
        do throws(Failure) {
            started = try OrtPeer(script: script)
        } catch {
            return (nil, PeerSummary(available: false, reason: error.reason))
        }
        guard started.hello.available else {
            return (nil, PeerSummary(available: false, reason: started.hello.reason ?? "onnxruntime unavailable"))
        }
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            return (nil, PeerSummary(available: false, reason: "could not create \(directory.path): \(error)"))
        }
        return (started, PeerSummary(
            available: true, ortVersion: started.hello.ortVersion, python: started.hello.python,
            numpyVersion: started.hello.numpyVersion))
    }

    /// Times one case on ORT (the script also writes ORT's output to the case's `outputPath`).
    func time(_ c: some Encodable, samples: Int, minimumSampleSeconds: Double) throws(Failure) -> CaseResult {
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
