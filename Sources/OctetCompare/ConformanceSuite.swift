import Foundation

/// A conformance run over command-line paths: find the case files, run each, collect the report.
/// A file that fails to load or validate is recorded as an error and skipped; the others still run.
public enum ConformanceSuite {
    /// The case files under `paths`, in run order: a file as given (any extension); for a
    /// directory, its `*.json` files at any depth (hidden entries skipped), sorted by path so the
    /// order never depends on the file system. Each file appears once. A missing path, or a
    /// directory without case files, is an error.
    public static func caseFiles(_ paths: [String]) -> (files: [String], errors: [ConformanceError]) {
        var files = [String](), errors = [ConformanceError](), seen = Set<String>()
        func add(_ file: String) {
            if seen.insert(URL(fileURLWithPath: file).standardizedFileURL.path).inserted { files.append(file) }
        }
        let manager = FileManager.default
        for path in paths {
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else {
                errors.append(.noSuchPath(path: path))
                continue
            }
            guard isDirectory.boolValue else {
                add(path)
                continue
            }
            var found = [String]()
            if let walk = manager.enumerator(atPath: path) {
                while let relative = walk.nextObject() as? String {
                    let hidden = relative.split(separator: "/").contains { $0.hasPrefix(".") }
                    guard !hidden, relative.hasSuffix(".json") else { continue }
                    var isDir: ObjCBool = false
                    let full = path.hasSuffix("/") ? path + relative : path + "/" + relative
                    if manager.fileExists(atPath: full, isDirectory: &isDir), !isDir.boolValue { found.append(full) }
                }
            }
            guard !found.isEmpty else {
                errors.append(.noCaseFiles(directory: path))
                continue
            }
            found.sorted().forEach(add)
        }
        return (files, errors)
    }

    /// Finds the case files under `paths` and runs them all with `tolerance`.
    public static func run(paths: [String], tolerance: ConformanceTolerance = .exact) -> ConformanceReport {
        let (files, pathErrors) = caseFiles(paths)
        let runner = ConformanceRunner(tolerance: tolerance)
        var report = ConformanceReport(results: [], errors: pathErrors)
        for file in files {
            do throws(ConformanceError) {
                report.results.append(try runner.run(path: file))
            } catch {
                report.errors.append(error)
            }
        }
        return report
    }
}
