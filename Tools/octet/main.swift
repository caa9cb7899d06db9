import Foundation
import OctetCompare

// The octet CLI: parse, call OctetCompare, print, exit with ExitStatus (see Help.swift).

func printError(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}

let command: Command
do throws(UsageError) {
    command = try parseCommandLine(Array(CommandLine.arguments.dropFirst()))
} catch {
    printError("octet: error: \(error.message)")
    printError("See '\(error.command) --help'.")
    exit(ExitStatus.inputError.rawValue)
}

switch command {
case .help(let text):
    print(text)
    exit(ExitStatus.success.rawValue)
case .conformance(let paths, let tolerance):
    let report = ConformanceSuite.run(paths: paths, tolerance: tolerance)
    for error in report.errors { printError("octet: error: \(error)") }
    for line in report.failureLines + report.summaryLines { print(line) }
    exit(report.exitStatus.rawValue)
case .inspect(let model):
    finish(ModelCommands.inspect(path: model))
case .run(let model, let input, let output):
    finish(ModelCommands.run(path: model, input: input, output: output))
case .quantize(let model, let ranges, let output, let keepFloat):
    finish(ModelCommands.quantize(path: model, ranges: ranges, output: output, keepFloat: keepFloat))
case .demo(let outputDirectory):
    guard let directory = Bundle.module.path(forResource: "Demo", ofType: nil) else {
        printError("octet: error: the demo resources are missing from this build")
        exit(ExitStatus.internalError.rawValue)
    }
    finish(DemoPipeline.run(directory: directory, outputDirectory: outputDirectory))
}

/// Prints a model command's result and exits with its status.
func finish(_ result: CommandResult) -> Never {
    for line in result.lines { print(line) }
    for error in result.errors { printError("octet: error: \(error)") }
    exit(result.status.rawValue)
}
