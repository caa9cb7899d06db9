import Foundation
import Octet

// Loader for the checked-in peer fixtures under Tests/Fixtures (host only: uses Foundation).
// Format "octet-pool-fixtures/v1", written by Tools/gen_pool_fixtures.py: a header naming the peer
// runtime and its version, then `cases`, each a flat channels-last tensor (NWC / NHWC / NDHWC) with
// the peer's output and, for max pooling, per-(n, c)-plane indices (DESIGN.md §3).

/// The pooling fixture files.
public enum PoolFixtureFileName: String, CaseIterable, Sendable, CustomStringConvertible {
    /// ONNX Runtime int8: MaxPool (+Indices), QLinearAveragePool, QLinearGlobalAveragePool.
    case ortInt8 = "ort_int8.json"
    /// PyTorch float32: max_pool, adaptive avg/max, lp_pool, max_unpool.
    case torchFloat = "torch_float.json"
    /// ONNX Runtime float32: LpPool, GlobalLpPool, MaxUnpool.
    case ortFloat = "ort_float.json"

    public var description: String { rawValue }
}

/// Why a fixture could not be used. Every case names the file and, where there is one, the case.
public enum FixtureError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file is missing or unreadable.
    case unreadable(file: String, path: String, reason: String)
    /// The JSON does not decode; `caseName` is the case the decoder was in, if any.
    case malformed(file: String, caseName: String?, reason: String)
    /// No case has this name.
    case missingCase(file: String, name: String)
    /// The case lacks a field its op needs.
    case missingField(file: String, caseName: String, field: String)
    /// A field is present but unusable (wrong length, out of range, unknown value).
    case invalidField(file: String, caseName: String, field: String, reason: String)

    public var description: String {
        switch self {
        case .unreadable(let file, let path, let reason):
            return "fixture \(file): cannot read \(path): \(reason)"
        case .malformed(let file, let caseName, let reason):
            return "fixture \(file)\(caseName.map { ", case \($0)" } ?? ""): malformed JSON: \(reason)"
        case .missingCase(let file, let name):
            return "fixture \(file): no case named \(name)"
        case .missingField(let file, let caseName, let field):
            return "fixture \(file), case \(caseName): missing field \"\(field)\""
        case .invalidField(let file, let caseName, let field, let reason):
            return "fixture \(file), case \(caseName): field \"\(field)\": \(reason)"
        }
    }
}

/// Quantization as written in a fixture: {"scale": …, "zero_point": …}.
public struct FixtureQuantization: Decodable, Equatable, Sendable {
    public var scale: Double
    public var zeroPoint: Int

    /// As Octet's QuantParams (the scale was written as the float32 value, so the conversion is exact).
    public var quantParams: QuantParams { QuantParams(scale: Float(scale), zeroPoint: Int32(zeroPoint)) }
}

/// The generator's count of elements where the peer and its model of the Octet rule differ.
public struct FixturePeerDifference: Decodable, Equatable, Sendable {
    public var differ: Int
    public var maxAbs: Int
    public var of: Int
}

/// One fixture file: the header (which runtime, which version, which generator) and the cases.
public struct PoolFixtureFile: Decodable, Sendable {
    public var format: String
    public var generator: String
    /// The peer and its version, e.g. "onnxruntime 1.31.1" or "torch 2.15.0+cu132".
    public var runtime: String
    public var platform: String?
    public var seed: Int?
    public var notes: [String]
    public var cases: [PoolFixtureCase]

    /// Set by the loader: the file name, for messages.
    public var file: String = ""

    enum CodingKeys: String, CodingKey {
        case format, generator, runtime, platform, seed, notes, cases
    }

    /// The case called `name`.
    public func fixtureCase(_ name: String) throws(FixtureError) -> PoolFixtureCase {
        guard let found = cases.first(where: { $0.name == name }) else { throw .missingCase(file: file, name: name) }
        return found
    }

    /// Names of the cases whose op is one of `ops`, in file order.
    public func caseNames(ops: Set<String>) -> [String] {
        cases.filter { ops.contains($0.op) }.map(\.name)
    }
}

/// One case. Fields that do not apply to an op are absent in the JSON, hence optional here; read
/// them through `require`, which names the file, the case and the field when one is missing.
public struct PoolFixtureCase: Decodable, Sendable, CustomStringConvertible {
    public var name: String
    /// max_pool, avg_pool, global_avg_pool, adaptive_avg_pool, adaptive_max_pool, lp_pool, max_unpool.
    public var op: String
    public var rank: Int?
    public var dtype: String?
    public var inputShape: [Int]?
    public var outputShape: [Int]?
    public var window: [Int]?
    public var stride: [Int]?
    public var dilation: [Int]?
    /// ONNX order: [begin per axis…, end per axis…].
    public var pads: [Int]?
    public var ceilMode: Bool?
    public var countIncludePad: Bool?
    public var inputQuant: FixtureQuantization?
    public var outputQuant: FixtureQuantization?
    /// Flat channels-last values (integers for int8 cases).
    public var input: [Double]?
    public var output: [Double]?
    /// Max pooling: per-(n, c)-plane flat index of each output's winner.
    public var indices: [Int]?
    /// Max unpooling: per-plane indices of `input` in the unpooled output.
    public var unpoolIndices: [Int]?
    /// Int8 average pools: the generator's Python model of DESIGN.md §3 (NOT a peer output).
    public var octetReferenceOutput: [Int]?
    public var p: Double?
    /// Lp pooling: "onnx" ((Σ|x|^p)^(1/p), Octet's) or "torch" (PyTorch's signed form for odd p).
    public var definition: String?
    /// Global Lp pooling (window = the whole input).
    public var global: Bool?
    public var outputSize: [Int]?
    public var explicitOutputSize: Bool?
    public var peerKnownWrongIndices: Bool?
    public var peerDivisorDiffersFromOctet: Bool?
    public var peerVsOctetReference: FixturePeerDifference?
    public var note: String?

    /// Set by the loader: the file this case came from, for messages.
    public var file: String = ""

    enum CodingKeys: String, CodingKey {
        case name, op, rank, dtype, inputShape, outputShape, window, stride, dilation, pads, ceilMode
        case countIncludePad, inputQuant, outputQuant, input, output, indices, unpoolIndices
        case octetReferenceOutput, p, definition, global, outputSize, explicitOutputSize
        case peerKnownWrongIndices, peerDivisorDiffersFromOctet, peerVsOctetReference, note
    }

    /// "file / case", the prefix of every failure message about this case.
    public var description: String { "\(file) / \(name)" }

    /// The value of an optional field, or `.missingField` naming file, case and field.
    public func require<T>(_ field: KeyPath<PoolFixtureCase, T?>, _ fieldName: String) throws(FixtureError) -> T {
        guard let value = self[keyPath: field] else {
            throw .missingField(file: file, caseName: name, field: fieldName)
        }
        return value
    }

    func invalid(_ field: String, _ reason: String) -> FixtureError {
        .invalidField(file: file, caseName: name, field: field, reason: reason)
    }

    // MARK: Octet views of the fields

    /// A fixture shape [N, spatial…, C] as an ActivationShape (rank from the number of spatial axes).
    public func activationShape(_ dims: [Int], field: String) throws(FixtureError) -> ActivationShape {
        switch dims.count {
        case 3: return .nwc(dims[0], dims[1], dims[2])
        case 4: return .nhwc(dims[0], dims[1], dims[2], dims[3])
        case 5: return .ndhwc(dims[0], dims[1], dims[2], dims[3], dims[4])
        default: throw invalid(field, "expected [N, spatial…, C] with 1…3 spatial axes, got \(dims)")
        }
    }

    public func inputActivationShape() throws(FixtureError) -> ActivationShape {
        try activationShape(require(\.inputShape, "input_shape"), field: "input_shape")
    }

    public func outputActivationShape() throws(FixtureError) -> ActivationShape {
        try activationShape(require(\.outputShape, "output_shape"), field: "output_shape")
    }

    /// Per-axis values (window, stride, dilation) as a Spatial of the case's rank.
    public func spatial(_ values: [Int], field: String) throws(FixtureError) -> Spatial {
        switch values.count {
        case 1: return Spatial(values[0])
        case 2: return Spatial(values[0], values[1])
        case 3: return Spatial(values[0], values[1], values[2])
        default: throw invalid(field, "expected 1…3 values, got \(values)")
        }
    }

    /// Window, stride, dilation, explicit padding, ceil mode and count_include_pad as PoolParameters.
    public func poolParameters() throws(FixtureError) -> PoolParameters {
        let window = try spatial(require(\.window, "window"), field: "window")
        let stride = try spatial(require(\.stride, "stride"), field: "stride")
        let dilation = try spatial(self.dilation ?? [Int](repeating: 1, count: window.rank), field: "dilation")
        let pads = try require(\.pads, "pads")
        let r = window.rank
        guard pads.count == 2 * r else { throw invalid("pads", "expected \(2 * r) values, got \(pads)") }
        let padding = Padding.explicit(
            begin: try spatial(Array(pads[0..<r]), field: "pads"), end: try spatial(Array(pads[r...]), field: "pads"))
        return PoolParameters(
            window: window, stride: stride, dilation: dilation, padding: padding,
            ceilMode: ceilMode ?? false, countIncludePad: countIncludePad ?? false)
    }

    public func inputQuantization() throws(FixtureError) -> QuantParams {
        try require(\.inputQuant, "input_quant").quantParams
    }

    public func outputQuantization() throws(FixtureError) -> QuantParams {
        try require(\.outputQuant, "output_quant").quantParams
    }

    /// `values` as int8, checking the count against `shape` and that every value is an int8 integer.
    public func int8s(_ values: [Double], count: Int, field: String) throws(FixtureError) -> [Int8] {
        guard values.count == count else { throw invalid(field, "\(values.count) values, shape needs \(count)") }
        var out = [Int8]()
        out.reserveCapacity(count)
        for (k, v) in values.enumerated() {
            guard v == v.rounded(), v >= -128, v <= 127 else { throw invalid(field, "element \(k) = \(v) is not an int8") }
            out.append(Int8(v))
        }
        return out
    }

    /// `values` as Float (the fixtures hold float32 values, so the conversion is exact).
    public func floats(_ values: [Double], count: Int, field: String) throws(FixtureError) -> [Float] {
        guard values.count == count else { throw invalid(field, "\(values.count) values, shape needs \(count)") }
        return values.map { Float($0) }
    }

    /// Indices as Int32, checking the count.
    public func int32s(_ values: [Int], count: Int, field: String) throws(FixtureError) -> [Int32] {
        guard values.count == count else { throw invalid(field, "\(values.count) values, shape needs \(count)") }
        var out = [Int32]()
        out.reserveCapacity(count)
        for (k, v) in values.enumerated() {
            guard let i = Int32(exactly: v) else { throw invalid(field, "element \(k) = \(v) does not fit Int32") }
            out.append(i)
        }
        return out
    }

    public func int8Input() throws(FixtureError) -> [Int8] {
        try int8s(require(\.input, "input"), count: inputActivationShape().elementCount, field: "input")
    }

    public func int8Output() throws(FixtureError) -> [Int8] {
        try int8s(require(\.output, "output"), count: outputActivationShape().elementCount, field: "output")
    }

    public func floatInput() throws(FixtureError) -> [Float] {
        try floats(require(\.input, "input"), count: inputActivationShape().elementCount, field: "input")
    }

    public func floatOutput() throws(FixtureError) -> [Float] {
        try floats(require(\.output, "output"), count: outputActivationShape().elementCount, field: "output")
    }

    /// The peer's max-pool indices (output shape).
    public func peerIndices() throws(FixtureError) -> [Int32] {
        try int32s(require(\.indices, "indices"), count: outputActivationShape().elementCount, field: "indices")
    }

    /// Max unpooling's indices (input shape: the pooled tensor).
    public func unpoolIndexValues() throws(FixtureError) -> [Int32] {
        try int32s(require(\.unpoolIndices, "unpool_indices"), count: inputActivationShape().elementCount, field: "unpool_indices")
    }

    /// The generator's model of the Octet rule (int8 average pools), output shape.
    public func octetReference() throws(FixtureError) -> [Int8] {
        let values = try require(\.octetReferenceOutput, "octet_reference_output").map(Double.init)
        return try int8s(values, count: outputActivationShape().elementCount, field: "octet_reference_output")
    }
}

/// Where the fixtures live and a cached, decoded copy of each pooling file.
public enum Fixtures {
    /// Tests/ — this file is Tests/OctetTestSupport/Fixtures.swift.
    public static let testsDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()

    /// The package root (holds Package.swift and Tools/).
    public static let packageRoot = testsDirectory.deletingLastPathComponent()

    /// Tests/Fixtures/pooling.
    public static let poolingDirectory = testsDirectory.appendingPathComponent("Fixtures").appendingPathComponent("pooling")

    /// Every pooling file, read and decoded once per test process.
    private static let cache: [PoolFixtureFileName: Result<PoolFixtureFile, FixtureError>] = {
        var all: [PoolFixtureFileName: Result<PoolFixtureFile, FixtureError>] = [:]
        for name in PoolFixtureFileName.allCases {
            do throws(FixtureError) {
                all[name] = .success(try decode(name))
            } catch {
                all[name] = .failure(error)
            }
        }
        return all
    }()

    /// The decoded file, or the reason it could not be loaded.
    public static func pooling(_ name: PoolFixtureFileName) throws(FixtureError) -> PoolFixtureFile {
        try cache[name]!.get()
    }

    /// One case of a pooling file.
    public static func poolingCase(_ file: PoolFixtureFileName, _ name: String) throws(FixtureError) -> PoolFixtureCase {
        try pooling(file).fixtureCase(name)
    }

    /// The names of a file's cases with one of `ops`, for `@Test(arguments:)`.
    public static func poolingCaseNames(_ file: PoolFixtureFileName, ops: Set<String>) throws(FixtureError) -> [String] {
        try pooling(file).caseNames(ops: ops)
    }

    private static func decode(_ name: PoolFixtureFileName) throws(FixtureError) -> PoolFixtureFile {
        let url = poolingDirectory.appendingPathComponent(name.rawValue)
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw .unreadable(file: name.rawValue, path: url.path, reason: "\(error)")
        }
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        var file: PoolFixtureFile
        do {
            file = try decoder.decode(PoolFixtureFile.self, from: data)
        } catch let error as DecodingError {
            throw .malformed(file: name.rawValue, caseName: caseName(at: error, in: data), reason: describe(error))
        } catch {
            throw .malformed(file: name.rawValue, caseName: nil, reason: "\(error)")
        }
        file.file = name.rawValue
        for k in file.cases.indices { file.cases[k].file = name.rawValue }
        return file
    }

    /// The name (or position) of the case a decoding error happened in, found by re-reading the
    /// JSON untyped: the coding path is "cases", index, field….
    private static func caseName(at error: DecodingError, in data: Data) -> String? {
        let path: [any CodingKey]
        switch error {
        case .keyNotFound(_, let c), .typeMismatch(_, let c), .valueNotFound(_, let c), .dataCorrupted(let c):
            path = c.codingPath
        @unknown default:
            return nil
        }
        guard path.count >= 2, path[0].stringValue == "cases", let index = path[1].intValue else { return nil }
        let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        let cases = root?["cases"] as? [[String: Any]]
        if let cases, index < cases.count, let name = cases[index]["name"] as? String { return name }
        return "cases[\(index)]"
    }

    private static func describe(_ error: DecodingError) -> String {
        func path(_ c: DecodingError.Context) -> String {
            c.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
        }
        switch error {
        case .keyNotFound(let key, let c):
            return "missing field \"\(key.stringValue)\" at \(path(c))"
        case .typeMismatch(let type, let c):
            return "expected \(type) at \(path(c)): \(c.debugDescription)"
        case .valueNotFound(let type, let c):
            return "null where \(type) is needed at \(path(c))"
        case .dataCorrupted(let c):
            return "\(c.debugDescription) at \(path(c))"
        @unknown default:
            return "\(error)"
        }
    }
}
