/// Decodes a .npy file's bytes (format versions 1.0, 2.0 and 3.0; little-endian, C order).
public func decodeNPY(_ bytes: [UInt8]) throws(NPYError) -> NPYArray {
    let magic: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]  // \x93NUMPY
    guard bytes.count >= 6, bytes[0..<6].elementsEqual(magic) else { throw .badMagic }
    guard bytes.count >= 8 else { throw .truncatedHeader(needed: 8, available: bytes.count) }
    let (major, minor) = (bytes[6], bytes[7])
    guard minor == 0, (1...3).contains(major) else { throw .unsupportedVersion(major: major, minor: minor) }
    // 1.0: u16 header length at byte 8; 2.0 and 3.0: u32.
    let lengthSize = major == 1 ? 2 : 4
    guard bytes.count >= 8 + lengthSize else { throw .truncatedHeader(needed: 8 + lengthSize, available: bytes.count) }
    var headerLength = 0
    for k in 0..<lengthSize { headerLength |= Int(bytes[8 + k]) << (8 * k) }
    let headerStart = 8 + lengthSize
    guard bytes.count - headerStart >= headerLength else {
        throw .truncatedHeader(needed: headerStart + headerLength, available: bytes.count)
    }
    let header = try NPYHeader(bytes[headerStart..<(headerStart + headerLength)], base: headerStart)
    if header.fortranOrder { throw .fortranOrder }

    let itemSize = try npyItemSize(header.descr)
    let dataStart = headerStart + headerLength
    var count = 1
    for d in header.shape {
        let (c, overflow) = count.multipliedReportingOverflow(by: d)
        guard !overflow else { throw .invalidValue(key: "shape", offset: headerStart, reason: "\(header.shape) overflows") }
        count = c
    }
    let (expected, overflow) = count.multipliedReportingOverflow(by: itemSize)
    guard !overflow, bytes.count - dataStart == expected else {
        throw .dataSize(offset: dataStart, expected: overflow ? Int.max : expected, actual: bytes.count - dataStart)
    }
    return NPYArray(shape: header.shape, values: npyValues(bytes[dataStart...], descr: header.descr))
}

/// The item size of a supported descr: '<', '=' or no prefix for every type (Octet hosts are
/// little-endian); '|' and '>' only for one-byte types, where byte order does not matter.
private func npyItemSize(_ descr: String) throws(NPYError) -> Int {
    var code = Substring(descr)
    let order = code.first.flatMap { "<>=|".contains($0) ? $0 : nil }
    if order != nil { code = code.dropFirst() }
    let size: Int
    switch code {
    case "f4", "i4": size = 4
    case "f8", "i8": size = 8
    case "u1", "i1": size = 1
    default: throw .unsupportedDType(descr: descr)
    }
    if size > 1, order == ">" { throw .bigEndian(descr: descr) }
    if size > 1, order == "|" { throw .unsupportedDType(descr: descr) }
    return size
}

/// The values of a validated descr from little-endian bytes (length already checked).
private func npyValues(_ bytes: ArraySlice<UInt8>, descr: String) -> NPYValues {
    switch descr.suffix(2) {
    case "f4": return .float32(littleEndianArray(bytes, as: Float.self))
    case "f8": return .float64(littleEndianArray(bytes, as: Double.self))
    case "u1": return .uint8(Array(bytes))
    case "i1": return .int8(littleEndianArray(bytes, as: Int8.self))
    case "i8": return .int64(littleEndianArray(bytes, as: Int64.self))
    default: return .int32(littleEndianArray(bytes, as: Int32.self))
    }
}
