/// Elements stored little-endian in `bytes` (whose count is a multiple of T's size): one memory
/// copy on little-endian hosts, plus a per-element byte reversal on big-endian ones.
func littleEndianArray<T: BitwiseCopyable>(_ bytes: ArraySlice<UInt8>, as _: T.Type) -> [T] {
    let size = MemoryLayout<T>.size
    let count = bytes.count / size
    return [T](unsafeUninitializedCapacity: count) { buffer, initialized in
        bytes.withUnsafeBytes { source in
            let destination = UnsafeMutableRawBufferPointer(buffer)
            destination.copyMemory(from: UnsafeRawBufferPointer(rebasing: source[0..<(count * size)]))
            #if _endian(big)
            for k in 0..<count { destination[(k * size)..<((k + 1) * size)].reverse() }
            #endif
        }
        initialized = count
    }
}

/// Appends `values` to `bytes` little-endian (the inverse of `littleEndianArray`).
func appendLittleEndian<T: BitwiseCopyable>(_ values: [T], to bytes: inout [UInt8]) {
    #if _endian(big)
    let start = bytes.count, size = MemoryLayout<T>.size
    values.withUnsafeBytes { bytes.append(contentsOf: $0) }
    for k in 0..<values.count { bytes[(start + k * size)..<(start + (k + 1) * size)].reverse() }
    #else
    values.withUnsafeBytes { bytes.append(contentsOf: $0) }
    #endif
}
