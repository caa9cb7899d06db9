/// Why a .npy file could not be read or written. Offsets are absolute byte offsets in the file.
public enum NPYError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file is missing or unreadable.
    case unreadableFile(path: String)
    /// The file (or its temporary) could not be written.
    case unwritableFile(path: String, reason: String)
    /// An error inside the file at `path`.
    indirect case inFile(path: String, NPYError)
    /// The first 6 bytes are not \x93NUMPY.
    case badMagic
    /// The file ends at `available` bytes, the preamble or header needs `needed`.
    case truncatedHeader(needed: Int, available: Int)
    /// A format version other than 1.0, 2.0, 3.0 (bytes 6–7).
    case unsupportedVersion(major: UInt8, minor: UInt8)
    /// The header is not a Python dict literal of the expected form.
    case malformedHeader(offset: Int, reason: String)
    /// A required header key is absent.
    case missingKey(String)
    /// A header key has a value of the wrong kind (e.g. 'shape' not a tuple of non-negative ints).
    case invalidValue(key: String, offset: Int, reason: String)
    /// A big-endian multi-byte descr such as '>f4'.
    case bigEndian(descr: String)
    /// A descr Octet does not read (bool, float16, complex, strings, objects, …).
    case unsupportedDType(descr: String)
    /// 'fortran_order': True.
    case fortranOrder
    /// The data after the header is not product(shape) · itemsize bytes.
    case dataSize(offset: Int, expected: Int, actual: Int)
    /// An array whose value count does not match its shape (writing).
    case valueCountMismatch(shape: [Int], count: Int)

    public var description: String {
        switch self {
        case .unreadableFile(let path): return "cannot read .npy file \(path)"
        case .unwritableFile(let path, let reason): return "cannot write .npy file \(path): \(reason)"
        case .inFile(let path, let error): return "\(path): \(error)"
        case .badMagic: return "not a .npy file: bytes 0–5 are not \\x93NUMPY"
        case .truncatedHeader(let needed, let available): return "truncated .npy header: needs \(needed) bytes, the file has \(available)"
        case .unsupportedVersion(let major, let minor): return "unsupported .npy format version \(major).\(minor) (byte 6)"
        case .malformedHeader(let offset, let reason): return "malformed .npy header at byte \(offset): \(reason)"
        case .missingKey(let key): return "the .npy header has no '\(key)'"
        case .invalidValue(let key, let offset, let reason): return "'\(key)' at byte \(offset): \(reason)"
        case .bigEndian(let descr): return "'descr': big-endian dtype '\(descr)' is not supported"
        case .unsupportedDType(let descr): return "'descr': dtype '\(descr)' is not supported (float32, float64, uint8, int8, int32, int64)"
        case .fortranOrder: return "'fortran_order': Fortran order not supported"
        case .dataSize(let offset, let expected, let actual):
            return "data at byte \(offset): shape and dtype need \(expected) bytes, the file has \(actual)"
        case .valueCountMismatch(let shape, let count): return "shape \(shape) needs a different value count than \(count)"
        }
    }
}
