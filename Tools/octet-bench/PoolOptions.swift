/// Command-line options of `octet-bench pool`, validated before any work.
struct PoolOptions {
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

    static let help = """
        USAGE: octet-bench pool [--no-peer] [--repeat N] [--filter SUBSTRING] [--json PATH] [--seed N]

        Times Octet's int8 pooling kernels (max, average, global average; batch 1, NHWC) and, when
        `python3 -c "import onnxruntime"` works, ONNX Runtime's kernels for the same cases in the
        same run (via Tools/ort_pool_bench.py), and prints a Markdown table:
        case | Octet median (µs) | GB/s | ORT median (µs) | ORT/Octet.
        Rows ending in [reference] time the plain reference loop of that case.

        OPTIONS:
          --no-peer            Skip ONNX Runtime.
          --repeat N           Timing samples per case, each at least 1 ms of calls (default 21).
          --filter SUBSTRING   Only cases whose name contains SUBSTRING (case-insensitive),
                               e.g. "maxpool", "1x28x28", "reference".
          --json PATH          Also write every result (and the peer's details) as JSON to PATH.
          --seed N             Seed of the random int8 inputs (default 0x0C7E7000).
          -h, --help           Show this help.

        EXAMPLE:
          swift run -c release octet-bench pool --filter avgpool --repeat 31 --json pool.json

        EXIT STATUS: 0 ran; 1 an optimized kernel differed from its reference loop; 2 a kernel
        rejected a case; 3 the JSON file could not be written; 64 bad command line.
        """

    struct UsageError: Error {
        var message: String
    }

    /// Parses the arguments after `pool`; nil when help was asked for.
    static func parse(_ arguments: [String]) throws(UsageError) -> PoolOptions? {
        var options = PoolOptions()
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
