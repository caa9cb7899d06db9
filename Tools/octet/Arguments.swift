import OctetCompare

// Hand-written command-line parsing: turns the arguments into a `Command` or a `UsageError`.
// No numerics here; the work happens in OctetCompare.

/// What the command line asks for.
enum Command: Equatable {
    /// Print this help text to stdout and exit 0.
    case help(String)
    /// `octet conformance [--tolerance …]… PATH...`.
    case conformance(paths: [String], tolerance: ConformanceTolerance)
}

/// A command line that cannot be run: the message, and the help topic to point to.
struct UsageError: Error, Equatable {
    var message: String
    /// "octet" or "octet conformance".
    var command: String
}

/// Parses the arguments after the program name.
func parseCommandLine(_ arguments: [String]) throws(UsageError) -> Command {
    guard let first = arguments.first else {
        throw UsageError(message: "missing subcommand", command: "octet")
    }
    let rest = Array(arguments.dropFirst())
    switch first {
    case "-h", "--help":
        return .help(Help.octet)
    case "help":
        switch rest.first {
        case nil: return .help(Help.octet)
        case "conformance": return .help(Help.conformance)
        case let topic?: throw UsageError(message: "no help topic '\(topic)'", command: "octet")
        }
    case "conformance":
        return try parseConformance(rest)
    default:
        let what = first.hasPrefix("-") ? "unknown option" : "unknown subcommand"
        throw UsageError(message: "\(what) '\(first)'", command: "octet")
    }
}

/// `[--tolerance K | --tolerance OP=K]... [--] PATH...`; `--tolerance=V` also works.
private func parseConformance(_ arguments: [String]) throws(UsageError) -> Command {
    func usage(_ message: String) -> UsageError { UsageError(message: message, command: "octet conformance") }
    var paths = [String]()
    var tolerance = ConformanceTolerance.exact
    var k = 0
    while k < arguments.count {
        let argument = arguments[k]
        k += 1
        switch argument {
        case "-h", "--help":
            return .help(Help.conformance)
        case "--":
            paths += arguments[k...]
            k = arguments.count
        case "--tolerance":
            guard k < arguments.count else { throw usage("--tolerance needs a value: K or OP=K") }
            try parseTolerance(arguments[k], into: &tolerance)
            k += 1
        case _ where argument.hasPrefix("--tolerance="):
            try parseTolerance(String(argument.dropFirst("--tolerance=".count)), into: &tolerance)
        case _ where argument.hasPrefix("-") && argument != "-":
            throw usage("unknown option '\(argument)'")
        default:
            paths.append(argument)
        }
    }
    guard !paths.isEmpty else { throw usage("expected at least one PATH (a case file or a directory)") }
    return .conformance(paths: paths, tolerance: tolerance)
}

/// "K" sets the tolerance of every op without an override; "OP=K" overrides one op. Later wins.
private func parseTolerance(_ value: String, into tolerance: inout ConformanceTolerance) throws(UsageError) {
    func usage(_ message: String) -> UsageError { UsageError(message: message, command: "octet conformance") }
    let parts = value.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
    let op: ConformanceOp?
    if parts.count == 2 {
        guard let named = ConformanceOp(rawValue: String(parts[0])) else {
            let ops = ConformanceOp.allCases.map(\.rawValue).joined(separator: ", ")
            throw usage("--tolerance \(value): unknown op '\(parts[0])' (ops: \(ops))")
        }
        op = named
    } else {
        op = nil
    }
    let number = String(parts.last!)
    guard let lsb = Int(number), (0...ConformanceTolerance.maximum).contains(lsb) else {
        throw usage("--tolerance \(value): '\(number)' is not an integer in 0...\(ConformanceTolerance.maximum) (LSB)")
    }
    if let op { tolerance.perOp[op] = lsb } else { tolerance.all = lsb }
}
