import Foundation

/// Reads and decodes the .npy file at `path`; errors inside the file are `.inFile(path:_:)`.
public func readNPY(path: String) throws(NPYError) -> NPYArray {
    guard let data = FileManager.default.contents(atPath: path) else { throw .unreadableFile(path: path) }
    do {
        return try decodeNPY([UInt8](data))
    } catch {
        throw .inFile(path: path, error)
    }
}

/// Writes `array` to `path` atomically (a temporary file in the same directory, then a rename):
/// a failed write leaves no partial file.
public func writeNPY(_ array: NPYArray, path: String) throws(NPYError) {
    var count = 1
    for d in array.shape {
        let (c, overflow) = count.multipliedReportingOverflow(by: d)
        count = overflow || d < 0 ? -1 : c
        if count < 0 { break }
    }
    guard count == array.values.count else { throw .valueCountMismatch(shape: array.shape, count: array.values.count) }
    do {
        try Data(encodeNPY(array)).write(to: URL(fileURLWithPath: path), options: .atomic)
    } catch {
        throw .unwritableFile(path: path, reason: error.localizedDescription)
    }
}
