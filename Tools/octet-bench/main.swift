import Foundation

// octet-bench: release-build benchmarks of Octet's kernels against a peer runtime measured in the
// same run (DESIGN.md §6). Host only.

let usage = """
    USAGE: octet-bench <subcommand> [options]

    SUBCOMMANDS:
      pool    Int8 max / average / global average pooling vs ONNX Runtime.

    Run `octet-bench pool --help` for its options.

    EXAMPLE:
      swift run -c release octet-bench pool
    """

func standardError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}

let arguments = Array(CommandLine.arguments.dropFirst())
let status: ExitStatus
switch arguments.first {
case "pool":
    do throws(PoolOptions.UsageError) {
        if let options = try PoolOptions.parse(Array(arguments.dropFirst())) {
            status = PoolBenchmark.run(options)
        } else {
            print(PoolOptions.help)
            status = .success
        }
    } catch {
        standardError("octet-bench pool: \(error.message)\n\n\(PoolOptions.help)")
        status = .usage
    }
case "-h", "--help", "help":
    print(usage)
    status = .success
case let other:
    standardError((other.map { "octet-bench: unknown subcommand '\($0)'\n\n" } ?? "") + usage)
    status = .usage
}
exit(status.rawValue)
