import Foundation

/// Writes `value` as pretty-printed, key-sorted JSON to `path`; false (after a message on stderr)
/// when it cannot.
func writeJSON(_ value: some Encodable, to path: String, command: String) -> Bool {
    do {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try encoder.encode(value).write(to: URL(fileURLWithPath: path), options: .atomic)
        return true
    } catch {
        standardError("octet-bench \(command): could not write \(path): \(error)")
        return false
    }
}
