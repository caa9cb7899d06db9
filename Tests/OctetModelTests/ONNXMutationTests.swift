import OctetModel
import OctetTestSupport
import Testing

/// Hostile input: seeded mutations of a valid fixture must each end in a typed error or a
/// successful decode — never a trap or a hang.
@Suite struct ONNXMutationTests {
    /// (offset, byte count, value) of every length prefix, found by walking `bytes[range]` as a
    /// message whose length-delimited fields are tried as nested messages. Nil if not a message.
    private func lengthPrefixes(_ b: [UInt8], _ range: Range<Int>) -> [(offset: Int, size: Int, value: Int)]? {
        func varint(_ p: inout Int) -> UInt64? {
            var v: UInt64 = 0, shift: UInt64 = 0
            while p < range.upperBound, shift < 64 {
                let byte = b[p]
                p += 1
                v |= UInt64(byte & 0x7F) << shift
                if byte & 0x80 == 0 { return v }
                shift += 7
            }
            return nil
        }
        var found: [(offset: Int, size: Int, value: Int)] = []
        var p = range.lowerBound
        while p < range.upperBound {
            guard let key = varint(&p), key >> 3 > 0 else { return nil }
            switch key & 7 {
            case 0: guard varint(&p) != nil else { return nil }
            case 1: p += 8
            case 5: p += 4
            case 2:
                let start = p
                guard let length = varint(&p), length <= UInt64(range.upperBound - p) else { return nil }
                found.append((start, p - start, Int(length)))
                let sub = p..<(p + Int(length))
                found += lengthPrefixes(b, sub) ?? []
                p = sub.upperBound
            default: return nil
            }
            if p > range.upperBound { return nil }
        }
        return found
    }

    @Test func mutatedFixturesNeverTrap() throws {
        let base = try ModelFixtures.bytes("decoder_fixture.onnx", in: ModelFixtures.onnxDecoderDirectory)
        _ = try decodeONNXModel(base)
        var rng = SeededRandom(seed: 0x0_0C7E7)
        var mutants: [[UInt8]] = []

        // Truncation at every length.
        for n in 0..<base.count { mutants.append(Array(base[..<n])) }
        // Single bit flips.
        for _ in 0..<1000 {
            var m = base
            m[Int.random(in: 0..<m.count, using: &rng)] ^= UInt8(1) << UInt8.random(in: 0...7, using: &rng)
            mutants.append(m)
        }
        // Random overwrites of 1–8 bytes.
        for _ in 0..<1000 {
            var m = base
            for _ in 0..<Int.random(in: 1...8, using: &rng) { m[Int.random(in: 0..<m.count, using: &rng)] = UInt8.random(in: 0...255, using: &rng) }
            mutants.append(m)
        }
        // Length prefixes set to small and huge values.
        let prefixes = try #require(lengthPrefixes(base, 0..<base.count))
        #expect(prefixes.count > 50)
        for prefix in prefixes {
            for value in [0, max(prefix.value - 1, 0), prefix.value + 1, prefix.value + 1000, 0xFFFF_FFFF, Int.max, -1] {
                let encoded = ProtobufTestWriter.varintBytes(UInt64(bitPattern: Int64(value)))
                mutants.append(Array(base[..<prefix.offset]) + encoded + Array(base[(prefix.offset + prefix.size)...]))
            }
        }

        var decoded = 0, failed = 0, described = 0
        for m in mutants {
            do {
                _ = try decodeONNXModel(m)
                decoded += 1
            } catch {
                failed += 1
                if !error.description.isEmpty { described += 1 }
            }
        }
        print("ONNX mutation test: \(mutants.count) mutants (\(prefixes.count) length prefixes), \(decoded) decoded, \(failed) typed errors")
        #expect(mutants.count >= 3000)
        #expect(decoded > 0 && failed > 0)
        #expect(described == failed)
    }
}
