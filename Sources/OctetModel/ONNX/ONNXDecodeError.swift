/// Why an ONNX file could not be decoded. Tensor errors carry the tensor's name and `offset`, the
/// absolute byte offset of the TensorProto's first byte (after its length prefix).
public enum ONNXDecodeError: Error, Equatable, Sendable, CustomStringConvertible, ProtobufFailure {
    /// Not valid protobuf: the wire error names the field and byte offset.
    case malformed(ProtobufError)
    /// The file is missing or unreadable.
    case unreadableFile(path: String)
    /// ModelProto has no graph.
    case missingGraph
    /// The tensor's data lives in an external file (data_location = EXTERNAL).
    case externalData(tensor: String, offset: Int)
    /// A TensorProto.DataType Octet does not decode (strings, float16, uint64, …).
    case unsupportedDataType(tensor: String, offset: Int, dataType: Int32)
    /// Negative dims, or a product that overflows Int64.
    case invalidDims(tensor: String, offset: Int, dims: [Int64])
    /// raw_data whose byte count is not a multiple of the element size.
    case rawDataSize(tensor: String, offset: Int, bytes: Int, elementSize: Int)
    /// The data holds `actual` elements, the dims need `expected`.
    case elementCountMismatch(tensor: String, offset: Int, expected: Int, actual: Int)
    /// An int32_data element outside the tensor's type (e.g. 300 in a UINT8 tensor); `index` is its position.
    case valueOutOfRange(tensor: String, offset: Int, index: Int, value: Int32, dataType: Int32)
    /// A TENSOR attribute without a tensor; `offset` is the AttributeProto's first byte.
    case missingAttributeTensor(attribute: String, offset: Int)
    /// A field Octet cannot ignore safely and does not support (e.g. "GraphProto.sparse_initializer").
    case unsupportedField(field: String, offset: Int)

    public init(_ error: ProtobufError) { self = .malformed(error) }

    public var description: String {
        switch self {
        case .malformed(let error):
            return "malformed ONNX file: \(error)"
        case .unreadableFile(let path):
            return "cannot read ONNX file \(path)"
        case .missingGraph:
            return "ModelProto has no graph"
        case .externalData(let tensor, let offset):
            return "tensor \"\(tensor)\" (byte \(offset)) uses external data, which is not supported"
        case .unsupportedDataType(let tensor, let offset, let dataType):
            return "tensor \"\(tensor)\" (byte \(offset)): unsupported data type \(Self.typeName(dataType))"
        case .invalidDims(let tensor, let offset, let dims):
            return "tensor \"\(tensor)\" (byte \(offset)): invalid dims \(dims)"
        case .rawDataSize(let tensor, let offset, let bytes, let elementSize):
            return "tensor \"\(tensor)\" (byte \(offset)): raw_data has \(bytes) bytes, not a multiple of the element size \(elementSize)"
        case .elementCountMismatch(let tensor, let offset, let expected, let actual):
            return "tensor \"\(tensor)\" (byte \(offset)): dims need \(expected) elements, the data holds \(actual)"
        case .valueOutOfRange(let tensor, let offset, let index, let value, let dataType):
            return "tensor \"\(tensor)\" (byte \(offset)): element \(index) = \(value) is out of range for \(Self.typeName(dataType))"
        case .missingAttributeTensor(let attribute, let offset):
            return "attribute \"\(attribute)\" (byte \(offset)) has type TENSOR but no tensor"
        case .unsupportedField(let field, let offset):
            return "\(field) at byte \(offset) is not supported"
        }
    }

    /// "FLOAT (1)", or the bare number for types without a name here.
    static func typeName(_ dataType: Int32) -> String {
        let names: [Int32: String] = [
            0: "UNDEFINED", 1: "FLOAT", 2: "UINT8", 3: "INT8", 4: "UINT16", 5: "INT16", 6: "INT32", 7: "INT64",
            8: "STRING", 9: "BOOL", 10: "FLOAT16", 11: "DOUBLE", 12: "UINT32", 13: "UINT64", 14: "COMPLEX64",
            15: "COMPLEX128", 16: "BFLOAT16",
        ]
        return names[dataType].map { "\($0) (\(dataType))" } ?? "\(dataType)"
    }
}
