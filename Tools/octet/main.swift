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
}
