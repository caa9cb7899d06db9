import Foundation

/// A .octet file's bytes for reader tests: loading the checked-in fixtures, little-endian patches,
/// and the section table.
public struct OctetFileBytes: Sendable {
    public var bytes: [UInt8]

    public init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// Tests/Fixtures/runtime/<name>.
    public static func fixture(_ name: String, file: String = #filePath) throws -> OctetFileBytes {
        let url = URL(fileURLWithPath: file).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/runtime/\(name)")
        return OctetFileBytes(Array(try Data(contentsOf: url)))
    }

    public func u32(_ offset: Int) -> UInt32 {
        (0..<4).reduce(0) { $0 | UInt32(bytes[offset + $1]) << (8 * UInt32($1)) }
    }

    public mutating func setU32(_ offset: Int, _ value: UInt32) {
        for k in 0..<4 { bytes[offset + k] = UInt8((value >> (8 * UInt32(k))) & 0xFF) }
    }

    public mutating func setI32(_ offset: Int, _ value: Int32) { setU32(offset, UInt32(bitPattern: value)) }
    public mutating func setF32(_ offset: Int, _ value: Float) { setU32(offset, value.bitPattern) }

    public mutating func setU16(_ offset: Int, _ value: UInt16) {
        bytes[offset] = UInt8(value & 0xFF)
        bytes[offset + 1] = UInt8(value >> 8)
    }

    /// The section table entry of `tag` ("TENS", ...): (entry offset, section start, length).
    public func section(_ tag: String) -> (entry: Int, start: Int, length: Int) {
        let want = tag.utf8.enumerated().reduce(UInt32(0)) { $0 | UInt32($1.element) << (8 * UInt32($1.offset)) }
        for i in 0..<Int(u32(12)) where u32(16 + 12 * i) == want {
            return (16 + 12 * i, Int(u32(16 + 12 * i + 4)), Int(u32(16 + 12 * i + 8)))
        }
        return (-1, -1, -1)
    }

    /// Calls `body` with the bytes copied into a 16-aligned buffer (plus `shift` bytes of offset).
    @discardableResult
    public func withAlignedBuffer<R>(shift: Int = 0, _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: bytes.count + shift + 1, alignment: 16)
        defer { buffer.deallocate() }
        let view = UnsafeMutableRawBufferPointer(rebasing: buffer[shift..<(shift + bytes.count)])
        view.copyBytes(from: bytes)
        return try body(UnsafeRawBufferPointer(view))
    }
}
