import Foundation

extension ConformanceCase {
    /// Reads, decodes and validates the case file at `path`; errors name `path` and the field.
    public static func load(path: String) throws(ConformanceError) -> CheckedCase {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw .unreadable(file: path, reason: (error as NSError).localizedDescription)
        }
        return try decode(data, file: path).validated(file: path)
    }

    /// Decodes a case from JSON bytes. Decoding errors become `ConformanceError`s naming `file`
    /// and the JSON path of the field (missing, null, ill-typed, unrepresentable number).
    public static func decode(_ data: Data, file: String) throws(ConformanceError) -> ConformanceCase {
        do {
            return try JSONDecoder().decode(ConformanceCase.self, from: data)
        } catch let error as DecodingError {
            throw conformanceError(error, file: file, data: data)
        } catch {
            throw .notJSON(file: file, reason: "\(error)")
        }
    }

    static func conformanceError(_ error: DecodingError, file: String, data: Data) -> ConformanceError {
        switch error {
        case .keyNotFound(let key, let context):
            return .missingField(file: file, field: jsonPath(context.codingPath + [key]))
        case .valueNotFound(_, let context):
            return .missingField(file: file, field: jsonPath(context.codingPath))
        case .typeMismatch(let type, let context):
            return .wrongType(file: file, field: jsonPath(context.codingPath), expected: jsonTypeName(type, context))
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty { return .notJSON(file: file, reason: syntaxError(data) ?? context.debugDescription) }
            return .invalidValue(file: file, field: jsonPath(context.codingPath), reason: context.debugDescription)
        @unknown default:
            return .notJSON(file: file, reason: "\(error)")
        }
    }

    /// Where JSONSerialization finds the document malformed, e.g. "Invalid value around
    /// character 8." (JSONDecoder's own message does not say).
    static func syntaxError(_ data: Data) -> String? {
        do {
            _ = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
            return nil
        } catch {
            return (error as NSError).userInfo["NSDebugDescription"] as? String
        }
    }

    /// "vectors[2].input[5]" from a coding path; "$" for the document itself.
    static func jsonPath(_ path: [any CodingKey]) -> String {
        var text = ""
        for key in path {
            if let index = key.intValue {
                text += "[\(index)]"
            } else {
                text += (text.isEmpty ? "" : ".") + key.stringValue
            }
        }
        return text.isEmpty ? "$" : text
    }

    /// What a field should have been, in JSON's words.
    static func jsonTypeName(_ type: Any.Type, _ context: DecodingError.Context) -> String {
        switch type {
        case is String.Type: return "a string"
        case is Bool.Type: return "true or false"
        case is Int.Type: return "an integer"
        case is Double.Type: return "a number"
        case is PaddingSpec.Type: return "\"same\", \"valid\" or [top, left, bottom, right]"
        default:
            let name = String(describing: type)
            if name.hasPrefix("Array") || (name.hasPrefix("[") && !name.contains(":")) { return "an array" }
            return "an object"
        }
    }
}
