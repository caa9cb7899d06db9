import Octet

/// Why a conformance case file (or a path given on the command line) could not be run. Every case
/// names the file and, where there is one, the field as a JSON path (`vectors[2].input`,
/// `filter.scales[3]`, `params.padding`; `$` is the whole document). These are input errors:
/// the CLI reports them on stderr and exits 2.
public enum ConformanceError: Error, Equatable, Sendable {
    /// The path does not exist.
    case noSuchPath(path: String)
    /// A directory holds no `*.json` file (at any depth).
    case noCaseFiles(directory: String)
    /// The file exists but cannot be read.
    case unreadable(file: String, reason: String)
    /// The bytes are not JSON.
    case notJSON(file: String, reason: String)
    /// "format" is not `octet-conformance/v1`.
    case unsupportedFormat(file: String, found: String)
    /// A required field is absent (or null).
    case missingField(file: String, field: String)
    /// A field has the wrong JSON type (`expected` says what it should be).
    case wrongType(file: String, field: String, expected: String)
    /// A field is present but the op does not take it (e.g. "input2" for conv2d).
    case unusedField(file: String, field: String, op: ConformanceOp)
    /// A name outside its vocabulary (op, padding, activation).
    case unknownName(file: String, field: String, value: String, allowed: [String])
    /// An array has the wrong number of elements for its shape (or the op).
    case wrongLength(file: String, field: String, expected: Int, actual: Int)
    /// An integer outside its type's or field's range (int8 data, int32 bias, zero point, index).
    case outOfRange(file: String, field: String, value: Int, range: ClosedRange<Int>)
    /// A value that is well typed but unusable: a non-positive extent or scale, a wrong rank.
    case invalidValue(file: String, field: String, reason: String)
    /// Shapes that do not fit together: a filter's channels vs the input's, an output shape vs
    /// the one the op computes, differing operand shapes.
    case layoutMismatch(file: String, field: String, reason: String)
    /// The Octet kernel refused the case's parameters; `field` is the part of the case it names.
    case kernelRejected(file: String, field: String, error: KernelError)

    /// The case file (or command-line path) the error is about.
    public var file: String {
        switch self {
        case .noSuchPath(let path): return path
        case .noCaseFiles(let directory): return directory
        case .unreadable(let file, _), .notJSON(let file, _), .unsupportedFormat(let file, _),
             .missingField(let file, _), .wrongType(let file, _, _), .unusedField(let file, _, _),
             .unknownName(let file, _, _, _), .wrongLength(let file, _, _, _), .outOfRange(let file, _, _, _),
             .invalidValue(let file, _, _), .layoutMismatch(let file, _, _), .kernelRejected(let file, _, _):
            return file
        }
    }

    /// The JSON path of the offending field, if the error is about one.
    public var field: String? {
        switch self {
        case .noSuchPath, .noCaseFiles, .unreadable, .notJSON: return nil
        case .unsupportedFormat: return "format"
        case .missingField(_, let field), .wrongType(_, let field, _), .unusedField(_, let field, _),
             .unknownName(_, let field, _, _), .wrongLength(_, let field, _, _), .outOfRange(_, let field, _, _),
             .invalidValue(_, let field, _), .layoutMismatch(_, let field, _), .kernelRejected(_, let field, _):
            return field
        }
    }

    /// What is wrong, without the file and field.
    public var reason: String {
        switch self {
        case .noSuchPath: return "no such file or directory"
        case .noCaseFiles: return "no *.json case files in this directory"
        case .unreadable(_, let reason): return "cannot read the file: \(reason)"
        case .notJSON(_, let reason): return "not valid JSON: \(reason)"
        case .unsupportedFormat(_, let found):
            return "is \"\(found)\"; this reader understands \"\(ConformanceCase.currentFormat)\""
        case .missingField: return "missing"
        case .wrongType(_, _, let expected): return "expected \(expected)"
        case .unusedField(_, _, let op): return "op \(op) does not take this field"
        case .unknownName(_, _, let value, let allowed):
            return "unknown value \"\(value)\"; expected one of " + allowed.map { "\"\($0)\"" }.joined(separator: ", ")
        case .wrongLength(_, _, let expected, let actual): return "has \(actual) values, expected \(expected)"
        case .outOfRange(_, _, let value, let range):
            return "\(value) is outside \(range.lowerBound)...\(range.upperBound)"
        case .invalidValue(_, _, let reason), .layoutMismatch(_, _, let reason): return reason
        case .kernelRejected(_, _, let error): return "rejected by the Octet kernel: \(error)"
        }
    }
}

extension ConformanceError: CustomStringConvertible {
    /// "FILE: FIELD: reason" (or "FILE: reason" when no field applies).
    public var description: String {
        "\(file): " + (field.map { "\($0): " } ?? "") + reason
    }
}
