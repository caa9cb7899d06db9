import Foundation

// octet-bench: release-build benchmarks of Octet's kernels against a peer runtime measured in the
// same run (DESIGN.md §6). Host only.

let usage = """
    USAGE: octet-bench <subcommand> [options]

    SUBCOMMANDS:
      pool    Int8 max / average / global average pooling vs ONNX Runtime.
      conv    Int8 convolution, depthwise convolution and fully connected vs ONNX Runtime.
      model   The demo model end to end (int8 .octet and float32) vs ONNX Runtime.

    Run `octet-bench pool --help` or `octet-bench conv --help` for their options.

    EXAMPLE:
      swift run -c release octet-bench conv
    """

func standardError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}

/// Parses the arguments after the subcommand (printing `help` when asked) and runs it.
func runSubcommand(
    _ name: String, _ options: [String], help: String, _ run: (BenchOptions) -> ExitStatus
) -> ExitStatus {
    do throws(BenchOptions.UsageError) {
        guard let options = try BenchOptions.parse(options) else {
            print(help)
            return .success
        }
        return run(options)
    } catch {
        standardError("octet-bench \(name): \(error.message)\n\n\(help)")
        return .usage
    }
}

let arguments = Array(CommandLine.arguments.dropFirst())
let status: ExitStatus
switch arguments.first {
case "pool":
    status = runSubcommand("pool", Array(arguments.dropFirst()), help: PoolBenchmark.help, PoolBenchmark.run)
case "conv":
    status = runSubcommand("conv", Array(arguments.dropFirst()), help: ConvBenchmark.help, ConvBenchmark.run)
case "model":
    status = runSubcommand("model", Array(arguments.dropFirst()), help: ModelBenchmark.help, ModelBenchmark.run)
case "-h", "--help", "help":
    print(usage)
    status = .success
case let other:
    standardError((other.map { "octet-bench: unknown subcommand '\($0)'\n\n" } ?? "") + usage)
    status = .usage
}
exit(status.rawValue)
