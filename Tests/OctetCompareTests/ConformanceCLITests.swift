import Foundation
import Testing

/// The built `octet` executable end to end: argument parsing, help, output and exit statuses.
/// Everything behind the parser is also tested in-process (runner, report, suite tests); these
/// need a binary at least as new as its sources (see `OctetTool.url`).
@Suite(
    "octet CLI",
    .enabled(if: OctetTool.url != nil, "needs an octet binary newer than its object files: run `swift build`"))
struct ConformanceCLITests {
    private func octet(_ arguments: String...) throws -> ToolRun { try OctetTool.run(arguments) }

    @Test("octet --help: overview, subcommands, exit statuses, an example; exit 0")
    func help() throws {
        let run = try octet("--help")
        #expect(run.status == 0)
        #expect(run.stderr.isEmpty)
        #expect(run.stdout.contains("USAGE: octet <subcommand>"))
        #expect(run.stdout.contains("conformance PATH..."))
        #expect(run.stdout.contains("EXAMPLES:\n  octet demo\n  octet conformance"))
        #expect(try octet("-h").stdout == run.stdout)
        #expect(try octet("help").stdout == run.stdout)
    }

    @Test("octet conformance --help: usage, tolerance, error policy, exit statuses, examples; exit 0")
    func conformanceHelp() throws {
        let run = try octet("conformance", "--help")
        #expect(run.status == 0)
        #expect(run.stdout.contains("USAGE: octet conformance [--tolerance K] [--tolerance OP=K]... [--] PATH..."))
        #expect(run.stdout.contains("--tolerance K"))
        #expect(run.stdout.contains("octet: error: FILE: FIELD: reason"))
        #expect(run.stdout.contains("the remaining files still run, and the exit status is 2"))
        #expect(run.stdout.contains("EXIT STATUS:\n  0  every case passed"))
        #expect(run.stdout.contains("EXAMPLES:\n  octet conformance "))
        #expect(try octet("help", "conformance").stdout == run.stdout)
        #expect(try octet("conformance", "x.json", "-h").stdout == run.stdout)
    }

    @Test("Usage errors exit 2 with a message and a pointer to --help on stderr", arguments: [
        ([], "missing subcommand"),
        (["frob"], "unknown subcommand 'frob'"),
        (["--frob"], "unknown option '--frob'"),
        (["help", "frob"], "no help topic 'frob'"),
        (["conformance"], "expected at least one PATH"),
        (["conformance", "--tolerance"], "--tolerance needs a value"),
        (["conformance", "--tolerance", "256", "x"], "'256' is not an integer in 0...255"),
        (["conformance", "--tolerance", "-1", "x"], "'-1' is not an integer in 0...255"),
        (["conformance", "--tolerance=one", "x"], "'one' is not an integer"),
        (["conformance", "--tolerance", "softmax=1", "x"], "unknown op 'softmax'"),
        (["conformance", "--verbose", "x"], "unknown option '--verbose'"),
    ])
    func usageErrors(_ arguments: [String], _ message: String) throws {
        let run = try OctetTool.run(arguments)
        #expect(run.status == 2)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr.contains("octet: error: ") && run.stderr.contains(message), "\(run.stderr)")
        #expect(run.stderr.contains("--help'."))
    }

    @Test("All hand-computed cases pass: one line per op, then exactly \"8 passed, 0 failed\"; exit 0")
    func passing() throws {
        let run = try octet("conformance", "Tests/Fixtures/conformance-cli/pass")
        #expect(run.status == 0)
        #expect(run.stderr.isEmpty)
        #expect(run.stdoutLines.count == 9)
        #expect(run.stdoutLines.first == "conv2d: 1 case (1 passed, 0 failed), 4 outputs compared, 0 differ, max |diff| 0")
        #expect(run.stdoutLines.last == "8 passed, 0 failed")
    }

    @Test("A mismatch: FAIL line with the element, final line, exit 1; tolerance 1 passes")
    func mismatch() throws {
        let path = "Tests/Fixtures/conformance-cli/mismatch/add_wrong_output.json"
        let run = try octet("conformance", path)
        #expect(run.status == 1)
        #expect(run.stderr.isEmpty)
        #expect(run.stdoutLines == [
            "FAIL \(path) (add, hand-computed (DESIGN.md section 3)): 1 of 4 outputs differ by more than 0 LSB (max |diff| 1)",
            "  vectors[0].output[3] at [0, 0, 1, 1]: expected 0, Octet -1 (|diff| 1)",
            "add: 1 case (0 passed, 1 failed), 4 outputs compared, 1 differ (25.00%), max |diff| 1",
            "0 passed, 1 failed",
        ])
        #expect(try octet("conformance", "--tolerance", "1", path).status == 0)
        #expect(try octet("conformance", "--tolerance=add=1", path).status == 0)
        #expect(try octet("conformance", "--tolerance", "mean=1", path).status == 1)
        #expect(try octet("conformance", "--tolerance", "1", "--tolerance", "add=0", path).status == 1)
        #expect(try octet("conformance", "--", path).status == 1)
    }

    @Test("Bad files: one stderr line each naming file and field, the rest still run, exit 2")
    func inputErrors() throws {
        let run = try octet(
            "conformance", "Tests/Fixtures/conformance-cli/pass", "Tests/Fixtures/conformance-cli/bad",
            "Tests/Fixtures/conformance-cli/mismatch", "Tests/Fixtures/nowhere")
        #expect(run.status == 2)
        #expect(run.stderrLines.count == 11)
        #expect(run.stderrLines.allSatisfy { $0.hasPrefix("octet: error: Tests/Fixtures/") })
        #expect(run.stderrLines.first == "octet: error: Tests/Fixtures/nowhere: no such file or directory")
        #expect(run.stderrLines.contains(
            "octet: error: Tests/Fixtures/conformance-cli/bad/out_of_range_vectors0_output2.json: vectors[0].output[2]: 128 is outside -128...127"))
        #expect(run.stderrLines.contains(
            "octet: error: Tests/Fixtures/conformance-cli/bad/conv_filter_channels.json: filter.shape[3]: 2 input channels (OHWI), but input.shape[3] is 1"))
        #expect(run.stdoutLines.suffix(2) == ["11 input errors (files not run; see stderr)", "8 passed, 1 failed"])
    }
}
