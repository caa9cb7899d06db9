/// Encodes `array` as a .npy file: version 1.0 (2.0 if the header needs more than 65535 bytes),
/// little-endian descr, C order, header padded with spaces and a final '\n' so the data starts
/// at a multiple of 64 bytes (numpy's alignment). Values are written as given: callers keep
/// values.count == product(shape) (`writeNPY` checks it).
public func encodeNPY(_ array: NPYArray) -> [UInt8] {
    let shape = array.shape.count == 1 ? "(\(array.shape[0]),)" : "(" + array.shape.map(String.init).joined(separator: ", ") + ")"
    var header = Array("{'descr': '\(array.values.descr)', 'fortran_order': False, 'shape': \(shape), }".utf8)
    let version: UInt8 = header.count + 1 + 10 + 63 <= 0xFFFF ? 1 : 2
    let preamble = version == 1 ? 10 : 12
    let padded = (preamble + header.count + 1 + 63) / 64 * 64 - preamble
    header += [UInt8](repeating: 0x20, count: padded - header.count - 1) + [0x0A]

    var out: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59, version, 0]
    for k in 0..<(version == 1 ? 2 : 4) { out.append(UInt8(truncatingIfNeeded: padded >> (8 * k))) }
    out += header
    switch array.values {
    case .float32(let v): appendLittleEndian(v, to: &out)
    case .float64(let v): appendLittleEndian(v, to: &out)
    case .uint8(let v): out += v
    case .int8(let v): appendLittleEndian(v, to: &out)
    case .int64(let v): appendLittleEndian(v, to: &out)
    case .int32(let v): appendLittleEndian(v, to: &out)
    }
    return out
}
