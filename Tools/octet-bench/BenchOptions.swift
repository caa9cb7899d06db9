/// Command-line options of `octet-bench pool` and `octet-bench conv` (the same set), validated
/// before any work.
struct BenchOptions {
    /// Time ONNX Runtime too (`--no-peer` turns it off).
    var peer = true
    /// Timing samples per case, for Octet and for the peer (`--repeat N`).
    var samples = 21
    /// Only rows whose name contains this, case-insensitively (`--filter SUBSTRING`).
    var filter: String?
    /// Also write the results as JSON here (`--json PATH`).
    var jsonPath: String?
    /// Seed of the inputs (`--seed N`, decimal or 0x-hex); case k uses seed + k·golden-ratio.
    var seed: UInt64 = 0x0C7E_7000

    struct UsageError: Error {
        var message: String
    }

    /// Parses the arguments after the subcommand; nil when help was asked for.
    static func parse(_ arguments: [String]) throws(UsageError) -> BenchOptions? {
        var options = BenchOptions()
        var rest = arguments[...]
        func value(for flag: String) throws(UsageError) -> String {
            guard let v = rest.popFirst() else { throw UsageError(message: "\(flag) needs a value") }
            return v
        }
        while let argument = rest.popFirst() {
            switch argument {
            case "-h", "--help":
                return nil
            case "--no-peer":
                options.peer = false
            case "--repeat":
                let text = try value(for: argument)
                guard let n = Int(text), n >= 1, n <= 100_000 else {
                    throw UsageError(message: "--repeat needs a whole number in 1...100000, got '\(text)'")
                }
                options.samples = n
            case "--filter":
                options.filter = try value(for: argument)
            case "--json":
                options.jsonPath = try value(for: argument)
            case "--seed":
                let text = try value(for: argument)
                let parsed = text.hasPrefix("0x") ? UInt64(text.dropFirst(2), radix: 16) : UInt64(text)
                guard let seed = parsed else {
                    throw UsageError(message: "--seed needs a decimal or 0x-hex UInt64, got '\(text)'")
                }
                options.seed = seed
            default:
                throw UsageError(message: "unknown option '\(argument)'")
            }
        }
        return options
    }

    func selects(_ rowName: String) -> Bool {
        guard let filter, !filter.isEmpty else { return true }
        return rowName.lowercased().contains(filter.lowercased())
    }
}
