import OctetCompare

// Hand-written command-line parsing: turns the arguments into a `Command` or a `UsageError`.
// No numerics here; the work happens in OctetCompare.

/// What the command line asks for.
enum Command: Equatable {
    /// Print this help text to stdout and exit 0.
    case help(String)
    /// `octet conformance [--tolerance …]… PATH...`.
    case conformance(paths: [String], tolerance: ConformanceTolerance)
    /// `octet inspect MODEL`.
    case inspect(model: String)
    /// `octet run MODEL --input X.npy [--output Y.npy]`.
    case run(model: String, input: String, output: String?)
    /// `octet quantize MODEL.onnx --ranges FILE -o MODEL.octet [--keep-float NODE,...]`.
    case quantize(model: String, ranges: String, output: String, keepFloat: [String])
    /// `octet demo [--output-dir DIR]`.
    case demo(outputDirectory: String?)
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
        case "inspect": return .help(Help.inspect)
        case "run": return .help(Help.run)
        case "quantize": return .help(Help.quantize)
        case "demo": return .help(Help.demo)
        case let topic?: throw UsageError(message: "no help topic '\(topic)'", command: "octet")
        }
    case "conformance":
        return try parseConformance(rest)
    case "inspect", "run", "quantize", "demo":
        return try parseModelCommand(first, rest)
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

/// The model subcommands: options with one value each (`--name V` or `--name=V`) and positional
/// MODEL arguments; each subcommand checks what it needs.
private func parseModelCommand(_ name: String, _ arguments: [String]) throws(UsageError) -> Command {
    func usage(_ message: String) -> UsageError { UsageError(message: message, command: "octet \(name)") }
    let takes: [String: [String]] = [
        "inspect": [], "run": ["--input", "--output"], "quantize": ["--ranges", "-o", "--output", "--keep-float"],
        "demo": ["--output-dir"],
    ]
    var options: [String: String] = [:]
    var positional: [String] = []
    var k = 0
    while k < arguments.count {
        var argument = arguments[k]
        k += 1
        if argument == "-h" || argument == "--help" {
            switch name {
            case "inspect": return .help(Help.inspect)
            case "run": return .help(Help.run)
            case "quantize": return .help(Help.quantize)
            default: return .help(Help.demo)
            }
        }
        guard argument.hasPrefix("-") && argument != "-" else {
            positional.append(argument)
            continue
        }
        var value: String?
        if let eq = argument.firstIndex(of: "="), argument.hasPrefix("--") {
            value = String(argument[argument.index(after: eq)...])
            argument = String(argument[..<eq])
        }
        guard takes[name]!.contains(argument) else { throw usage("unknown option '\(argument)'") }
        if value == nil {
            guard k < arguments.count else { throw usage("\(argument) needs a value") }
            value = arguments[k]
            k += 1
        }
        if argument == "-o" { argument = "--output" }
        guard options[argument] == nil else { throw usage("\(argument) given twice") }
        options[argument] = value
    }
    func model() throws(UsageError) -> String {
        guard positional.count == 1 else {
            throw usage(positional.isEmpty ? "expected a MODEL (.onnx or .octet)" : "expected one MODEL, got \(positional.count) arguments")
        }
        let path = positional[0]
        guard path.hasSuffix(".onnx") || path.hasSuffix(".octet") else { throw usage("MODEL '\(path)' must end in .onnx or .octet") }
        return path
    }
    switch name {
    case "inspect":
        return .inspect(model: try model())
    case "run":
        guard let input = options["--input"] else { throw usage("--input X.npy is required") }
        return .run(model: try model(), input: input, output: options["--output"])
    case "quantize":
        let path = try model()
        guard path.hasSuffix(".onnx") else { throw usage("quantize takes an ONNX model") }
        guard let ranges = options["--ranges"] else { throw usage("--ranges FILE is required") }
        guard let output = options["--output"] else { throw usage("-o MODEL.octet is required") }
        guard output.hasSuffix(".octet") else { throw usage("-o '\(output)' must end in .octet") }
        let keep = options["--keep-float"].map { $0.split(separator: ",").map(String.init) } ?? []
        return .quantize(model: path, ranges: ranges, output: output, keepFloat: keep)
    default:
        guard positional.isEmpty else { throw usage("unexpected argument '\(positional[0])'") }
        return .demo(outputDirectory: options["--output-dir"])
    }
}
