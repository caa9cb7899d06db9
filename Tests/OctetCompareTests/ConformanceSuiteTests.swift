import Foundation
import OctetCompare
import Testing

/// Finding case files under command-line paths, and running a mixed set of files.
@Suite("Conformance suite")
struct ConformanceSuiteTests {
    /// A fresh temporary directory holding `files` (relative path → contents).
    private func directory(_ files: [String: String]) throws -> String {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("octet-suite-\(UUID().uuidString)")
        for (relative, contents) in files {
            let url = root.appendingPathComponent(relative)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try contents.write(to: url, atomically: true, encoding: .utf8)
        }
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        return root.path
    }

    @Test("Directories: recursive, *.json only, hidden entries skipped, sorted by path")
    func discovery() throws {
        let root = try directory([
            "b.json": "{}", "a/z.json": "{}", "a/c/d.json": "{}", "a/notes.txt": "", "README.md": "",
            ".hidden/x.json": "{}", ".y.json": "{}", "a/.z.json": "{}", "B.json": "{}",
        ])
        defer { try? FileManager.default.removeItem(atPath: root) }
        let (files, errors) = ConformanceSuite.caseFiles([root])
        #expect(errors.isEmpty)
        #expect(files == ["B.json", "a/c/d.json", "a/z.json", "b.json"].map { root + "/" + $0 })
        // A trailing slash gives the same files, without a doubled separator.
        #expect(ConformanceSuite.caseFiles([root + "/"]).files == files)
    }

    @Test("Files given by name run as given, in argument order, each once")
    func explicitFiles() throws {
        let root = try directory(["case.txt": "{}", "x.json": "{}"])
        defer { try? FileManager.default.removeItem(atPath: root) }
        let (files, errors) = ConformanceSuite.caseFiles([root + "/x.json", root + "/case.txt", root, root + "/./x.json"])
        #expect(errors.isEmpty)
        #expect(files == [root + "/x.json", root + "/case.txt"])
    }

    @Test("A missing path and a directory without case files are input errors")
    func pathErrors() throws {
        let root = try directory(["notes.txt": ""])
        defer { try? FileManager.default.removeItem(atPath: root) }
        let (files, errors) = ConformanceSuite.caseFiles([root + "/nowhere", root])
        #expect(files.isEmpty)
        #expect(errors == [.noSuchPath(path: root + "/nowhere"), .noCaseFiles(directory: root)])
        #expect(errors[0].description == root + "/nowhere: no such file or directory")
        #expect(errors[1].description == root + ": no *.json case files in this directory")
    }

    @Test("Hand-written fixture tree: every file found, in sorted order")
    func fixtureTree() {
        let (files, errors) = ConformanceSuite.caseFiles([CaseFiles.cli.path])
        #expect(errors.isEmpty)
        #expect(files.count == 19)
        #expect(files == files.sorted())
        #expect(files.allSatisfy { $0.hasSuffix(".json") })
    }

    @Test("A bad file is reported and skipped; the others still run; the exit status is 2")
    func continuesAfterErrors() {
        let report = ConformanceSuite.run(paths: [
            CaseFiles.path("pass"), CaseFiles.path("bad/unknown_op.json"), CaseFiles.path("mismatch"), "/no/such/dir",
        ])
        #expect(report.results.count == 9)
        #expect(report.passed == 8)
        #expect(report.failed == 1)
        #expect(report.errors.map(\.file) == ["/no/such/dir", CaseFiles.path("bad/unknown_op.json")])
        #expect(report.exitStatus == .inputError)
        #expect(report.summaryLines.suffix(2) == ["2 input errors (files not run; see stderr)", "8 passed, 1 failed"])
    }

    @Test("Every bad file is an error; nothing passes or fails")
    func allBad() {
        let report = ConformanceSuite.run(paths: [CaseFiles.path("bad")])
        #expect(report.results.isEmpty)
        #expect(report.errors.count == 10)
        #expect(report.exitStatus == .inputError)
        #expect(report.finalLine == "0 passed, 0 failed")
    }
}
