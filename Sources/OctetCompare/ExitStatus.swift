/// The octet CLI's exit statuses (DESIGN.md §4); each means one thing.
public enum ExitStatus: Int32, Comparable, Sendable {
    /// Everything ran and passed.
    case success = 0
    /// A gate failed: a conformance mismatch (or, later, drift over a threshold).
    case gateFailed = 1
    /// Usage or input error; the message is on stderr.
    case inputError = 2
    /// A bug in octet itself.
    case internalError = 3

    /// Severity order: when several apply, the largest wins.
    public static func < (a: ExitStatus, b: ExitStatus) -> Bool { a.rawValue < b.rawValue }
}
