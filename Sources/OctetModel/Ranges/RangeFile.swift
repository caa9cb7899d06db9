import Foundation

/// Why a ranges file could not be read.
public enum RangeFileError: Error, Equatable, CustomStringConvertible {
    case unreadable(path: String)
    case notJSON(path: String)
    /// `tensor` is not a [min, max] pair of finite numbers with min ≤ max.
    case invalidEntry(path: String, tensor: String)

    public var description: String {
        switch self {
        case .unreadable(let p): return "\(p): cannot read the file"
        case .notJSON(let p): return "\(p): not a JSON object of {\"tensor\": [min, max]}"
        case .invalidEntry(let p, let t): return "\(p): tensor '\(t)': expected [min, max], finite, min <= max"
        }
    }
}

/// Reads a plain ranges file: a JSON object mapping tensor names to [min, max] (the calibration
/// file of `octet calibrate` also carries this object under "ranges"; both are accepted).
public func readRanges(path: String) throws(RangeFileError) -> [String: TensorRange] {
    guard let data = FileManager.default.contents(atPath: path) else { throw .unreadable(path: path) }
    guard var object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else { throw .notJSON(path: path) }
    if let nested = object["ranges"] as? [String: Any] { object = nested }
    var ranges: [String: TensorRange] = [:]
    for (name, value) in object {
        guard let pair = value as? [NSNumber], pair.count == 2 else { throw .invalidEntry(path: path, tensor: name) }
        let r = TensorRange(min: pair[0].floatValue, max: pair[1].floatValue)
        guard r.min.isFinite && r.max.isFinite && r.min <= r.max else { throw .invalidEntry(path: path, tensor: name) }
        ranges[name] = r
    }
    return ranges
}

/// The JSON text of a ranges object, keys sorted (stable bytes for identical ranges).
public func rangesJSON(_ ranges: [String: TensorRange]) -> String {
    let lines = ranges.keys.sorted().map { name in
        "  \(jsonString(name)): [\(ranges[name]!.min), \(ranges[name]!.max)]"
    }
    return "{\n" + lines.joined(separator: ",\n") + "\n}\n"
}

/// A JSON string literal.
func jsonString(_ s: String) -> String {
    var out = "\""
    for u in s.unicodeScalars {
        switch u {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case _ where u.value < 0x20: out += String(format: "\\u%04x", u.value)
        default: out.unicodeScalars.append(u)
        }
    }
    return out + "\""
}
