import Foundation

/// Reads and decodes the ONNX file at `path`.
public func loadONNXModel(path: String) throws(ONNXDecodeError) -> ONNXModel {
    guard let data = FileManager.default.contents(atPath: path) else { throw .unreadableFile(path: path) }
    return try decodeONNXModel([UInt8](data))
}
