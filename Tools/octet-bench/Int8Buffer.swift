import Foundation

/// A 64-byte-aligned heap buffer of int8 values owned by the benchmark, freed with it.
/// (64 bytes: the alignment numpy/ONNX Runtime give their tensors, so neither side is favoured.)
final class Int8Buffer {
    let elements: UnsafeMutableBufferPointer<Int8>

    init(count: Int) {
        let raw = UnsafeMutableRawBufferPointer.allocate(byteCount: count, alignment: 64)
        elements = raw.initializeMemory(as: Int8.self, repeating: 0)
    }

    deinit { UnsafeMutableRawBufferPointer(elements).deallocate() }

    var readOnly: UnsafeBufferPointer<Int8> { UnsafeBufferPointer(elements) }

    func write(to url: URL) throws {
        try Data(buffer: elements).write(to: url)
    }

    /// Reads `count` int8 values written by the peer; nil if the file is missing or short.
    static func read(from url: URL, count: Int) -> Int8Buffer? {
        guard let data = try? Data(contentsOf: url), data.count >= count else { return nil }
        let buffer = Int8Buffer(count: count)
        _ = data.copyBytes(to: buffer.elements, count: count)
        return buffer
    }
}
