import Foundation

/// Tests/Fixtures/models/manifest.json, written by Tools/gen_model_fixtures.py: float ONNX models
/// with ONNX Runtime's outputs, and invalid models with the error text they must produce.
public struct ModelCases: Decodable, Sendable {
    public struct Tensor: Decodable, Sendable {
        public var name: String
        public var file: String
        public var shape: [Int]
        public var dtype: String?
    }

    public struct Case: Decodable, Sendable, CustomStringConvertible {
        public var name: String
        public var file: String
        public var opset: Int
        public var inputs: [Tensor]
        public var outputs: [Tensor]
        public var ops: [String]
        public var description: String { name }
    }

    public struct Invalid: Decodable, Sendable, CustomStringConvertible {
        public var name: String
        public var file: String
        public var expectedError: String
        public var description: String { name }

        enum CodingKeys: String, CodingKey {
            case name, file
            case expectedError = "expected_error"
        }
    }

    public var onnxruntime: String
    public var cases: [Case]
    public var invalid: [Invalid]

    /// Tests/Fixtures/models.
    public static let directory = Fixtures.testsDirectory.appendingPathComponent("Fixtures").appendingPathComponent("models")

    /// The manifest, decoded once.
    public static let manifest: ModelCases = {
        let url = directory.appendingPathComponent("manifest.json")
        do {
            return try JSONDecoder().decode(ModelCases.self, from: Data(contentsOf: url))
        } catch {
            fatalError("cannot read \(url.path): \(error)")
        }
    }()

    /// The path of a file named in the manifest.
    public static func path(_ file: String) -> String {
        directory.appendingPathComponent(file).path
    }
}
