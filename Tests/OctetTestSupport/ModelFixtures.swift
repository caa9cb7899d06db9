import Foundation

/// The OctetModel fixtures: ONNX files and .npy files written by Tools/gen_onnx_decoder_fixtures.py,
/// each directory with an expected.json of what python's onnx / numpy read from them.
public enum ModelFixtures {
    /// Tests/Fixtures/onnx-decoder.
    public static let onnxDecoderDirectory = Fixtures.testsDirectory.appendingPathComponent("Fixtures").appendingPathComponent("onnx-decoder")

    /// Tests/Fixtures/npy.
    public static let npyDirectory = Fixtures.testsDirectory.appendingPathComponent("Fixtures").appendingPathComponent("npy")

    /// The bytes of `name` in `directory`.
    public static func bytes(_ name: String, in directory: URL) throws(FixtureError) -> [UInt8] {
        let url = directory.appendingPathComponent(name)
        do {
            return [UInt8](try Data(contentsOf: url))
        } catch {
            throw .unreadable(file: name, path: url.path, reason: error.localizedDescription)
        }
    }

    /// `directory`/expected.json as a JSON object (JSONSerialization: numbers are NSNumber).
    public static func expected(in directory: URL) throws(FixtureError) -> [String: Any] {
        let data = try bytes("expected.json", in: directory)
        do {
            guard let object = try JSONSerialization.jsonObject(with: Data(data)) as? [String: Any] else {
                throw FixtureError.malformed(file: "expected.json", caseName: nil, reason: "not a JSON object")
            }
            return object
        } catch let error as FixtureError {
            throw error
        } catch {
            throw .malformed(file: "expected.json", caseName: nil, reason: "\(error)")
        }
    }
}
