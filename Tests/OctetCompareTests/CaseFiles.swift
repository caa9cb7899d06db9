import Foundation
import OctetCompare
import OctetTestSupport
import Testing

// Shared helpers of the OctetCompare tests: where the case files are, in-memory edits of a case's
// JSON, loading a case and catching its error, and running the built `octet` binary.

enum CaseFiles {
    /// Tests/Fixtures/conformance-cli: the hand-written cases (see its README.md).
    static let cli = Fixtures.testsDirectory.appendingPathComponent("Fixtures/conformance-cli")
    /// Tests/Fixtures/conformance: generated peer fixtures (tflite/, ort/).
    static let peers = Fixtures.testsDirectory.appendingPathComponent("Fixtures/conformance")

    /// The hand-computed passing case of `op`: Tests/Fixtures/conformance-cli/pass/<op>.json.
    static func passPath(_ op: ConformanceOp) -> String {
        cli.appendingPathComponent("pass/\(op.rawValue).json").path
    }

    static func path(_ relative: String) -> String { cli.appendingPathComponent(relative).path }

    static func text(_ op: ConformanceOp) throws -> String {
        try String(contentsOfFile: passPath(op), encoding: .utf8)
    }

    /// The *.json files of a fixture subdirectory, sorted; empty if it does not exist.
    static func peerFiles(_ runtime: String) -> [String] {
        let directory = peers.appendingPathComponent(runtime).path
        guard FileManager.default.fileExists(atPath: directory) else { return [] }
        return ConformanceSuite.caseFiles([directory]).files
    }
}

// MARK: - Editing a case's JSON

/// One step of a JSON path: an object key or an array index.
enum JSONStep: Equatable {
    case key(String)
    case index(Int)
}

/// "vectors[0].input[2]" → [key vectors, index 0, key input, index 2].
func jsonSteps(_ path: String) -> [JSONStep] {
    var steps = [JSONStep]()
    for part in path.split(separator: ".") {
        var rest = Substring(part)
        if let bracket = rest.firstIndex(of: "[") {
            if bracket > rest.startIndex { steps.append(.key(String(rest[..<bracket]))) }
            rest = rest[bracket...]
            while rest.hasPrefix("["), let close = rest.firstIndex(of: "]") {
                steps.append(.index(Int(rest[rest.index(after: rest.startIndex)..<close])!))
                rest = rest[rest.index(after: close)...]
            }
        } else {
            steps.append(.key(String(rest)))
        }
    }
    return steps
}

/// `node` with the value at `steps` replaced by `value` (nil removes the key or element).
private func replacing(_ node: Any, _ steps: ArraySlice<JSONStep>, with value: Any?) -> Any {
    guard let step = steps.first else { return value as Any }
    switch step {
    case .key(let key):
        var object = node as! [String: Any]
        object[key] = steps.count == 1 ? value : replacing(object[key]!, steps.dropFirst(), with: value)
        return object
    case .index(let index):
        var array = node as! [Any]
        if steps.count == 1 {
            if let value { array[index] = value } else { array.remove(at: index) }
        } else {
            array[index] = replacing(array[index], steps.dropFirst(), with: value)
        }
        return array
    }
}

/// `text` (a JSON object) with each (path, JSON value or nil to remove) edit applied.
func edited(_ text: String, _ edits: [(String, String?)]) throws -> Data {
    var root = try JSONSerialization.jsonObject(with: Data(text.utf8))
    for (path, json) in edits {
        let value = try json.map { try JSONSerialization.jsonObject(with: Data($0.utf8), options: .fragmentsAllowed) }
        root = replacing(root, jsonSteps(path)[...], with: value)
    }
    return try JSONSerialization.data(withJSONObject: root)
}

// MARK: - Loading and running

/// Decodes, validates and runs a case from bytes; the result, or the ConformanceError.
func runCase(_ data: Data, file: String = "memory.json", tolerance: ConformanceTolerance = .exact)
    -> Result<CaseResult, ConformanceError>
{
    do throws(ConformanceError) {
        let checked = try ConformanceCase.decode(data, file: file).validated(file: file)
        return .success(try ConformanceRunner(tolerance: tolerance).run(checked))
    } catch {
        return .failure(error)
    }
}

/// The error `data` is rejected with, or nil (recording an issue) if it runs.
func rejection(_ data: Data, file: String = "memory.json", sourceLocation: SourceLocation = #_sourceLocation) -> ConformanceError? {
    switch runCase(data, file: file) {
    case .failure(let error): return error
    case .success:
        Issue.record("the case ran; expected an error", sourceLocation: sourceLocation)
        return nil
    }
}

extension ConformanceError {
    /// The case's name, for comparing kinds without their payloads.
    var kind: String {
        switch self {
        case .noSuchPath: return "noSuchPath"
        case .noCaseFiles: return "noCaseFiles"
        case .unreadable: return "unreadable"
        case .notJSON: return "notJSON"
        case .unsupportedFormat: return "unsupportedFormat"
        case .missingField: return "missingField"
        case .wrongType: return "wrongType"
        case .unusedField: return "unusedField"
        case .unknownName: return "unknownName"
        case .wrongLength: return "wrongLength"
        case .outOfRange: return "outOfRange"
        case .invalidValue: return "invalidValue"
        case .layoutMismatch: return "layoutMismatch"
        case .kernelRejected: return "kernelRejected"
        }
    }
}

// MARK: - The built CLI

/// What a run of the `octet` binary printed and returned.
struct ToolRun {
    var status: Int32
    var stdout: String
    var stderr: String

    var stdoutLines: [String] { stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init).filter { !$0.isEmpty } }
    var stderrLines: [String] { stderr.split(separator: "\n").map(String.init) }
}

enum OctetTool {
    /// The `octet` executable next to this test bundle (same build configuration), else
    /// .build/debug/octet — if it exists and is newer than every object file of the octet,
    /// OctetCompare and Octet modules. `swift build` and `swift test` link it; a binary that is
    /// missing or older than its objects (a build stopped before linking) would test other code,
    /// so the CLI suite is skipped then, saying why.
    static let url: URL? = {
        let candidates = [
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("octet"),
            Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("octet"),
            Fixtures.packageRoot.appendingPathComponent(".build/debug/octet"),
        ]
        guard let binary = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }),
              let linked = modificationDate(binary.path)
        else { return nil }
        let buildDirectory = binary.deletingLastPathComponent()
        let objects = ["octet.build", "OctetCompare.build", "OctetModel.build", "Octet.build"].map { buildDirectory.appendingPathComponent($0).path }
        if let newest = newestFile(in: objects, suffix: ".o"), newest > linked { return nil }
        return binary
    }()

    private static func modificationDate(_ path: String) -> Date? {
        (try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date
    }

    /// The latest modification time of the files ending in `suffix` under `directories`.
    private static func newestFile(in directories: [String], suffix: String) -> Date? {
        var newest: Date? = nil
        for directory in directories {
            guard let walk = FileManager.default.enumerator(atPath: directory) else { continue }
            while let relative = walk.nextObject() as? String {
                guard relative.hasSuffix(suffix) else { continue }
                if let date = modificationDate(directory + "/" + relative), newest.map({ date > $0 }) ?? true { newest = date }
            }
        }
        return newest
    }

    /// Runs `octet arguments…` in the package root and waits.
    static func run(_ arguments: [String]) throws -> ToolRun {
        guard let url else { throw ToolMissing() }
        let process = Process()
        process.executableURL = url
        process.arguments = arguments
        process.currentDirectoryURL = Fixtures.packageRoot
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Read to the end before waiting. The tool's stderr here is far below a pipe's buffer, so
        // reading stdout first cannot leave the child blocked on stderr.
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return ToolRun(
            status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self))
    }

    struct ToolMissing: Error, CustomStringConvertible {
        var description: String { "no current octet executable next to the tests or in .build/debug; run `swift build`" }
    }
}
