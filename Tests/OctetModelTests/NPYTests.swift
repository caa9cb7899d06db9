import Foundation
import OctetModel
import OctetTestSupport
import Testing

@Suite struct NPYTests {
    private func decodeError(_ bytes: [UInt8]) -> NPYError? {
        do {
            _ = try decodeNPY(bytes)
            return nil
        } catch {
            return error
        }
    }

    /// A version-1.0 file with `header` as given (no padding) and `data`.
    private func file(_ header: String, data: [UInt8] = [], version: [UInt8] = [1, 0]) -> [UInt8] {
        let h = Array(header.utf8)
        let length: [UInt8] = version[0] == 1
            ? [UInt8(h.count & 0xFF), UInt8(h.count >> 8)]
            : [UInt8(h.count & 0xFF), UInt8(h.count >> 8), 0, 0]
        return [0x93] + Array("NUMPY".utf8) + version + length + h + data
    }

    static let arrays: [NPYArray] = [
        NPYArray(shape: [2, 3], values: .float32([0, -1.5, .greatestFiniteMagnitude, .leastNonzeroMagnitude, -0.0, 3])),
        NPYArray(shape: [], values: .float64([Double.pi])),
        NPYArray(shape: [4], values: .uint8([0, 1, 128, 255])),
        NPYArray(shape: [2, 1, 2], values: .int8([-128, -1, 0, 127])),
        NPYArray(shape: [3], values: .int64([.min, -1, .max])),
        NPYArray(shape: [1, 2], values: .int32([.min, .max])),
        NPYArray(shape: [0, 5], values: .float32([])),
    ]

    @Test(arguments: arrays) func roundTrip(_ array: NPYArray) throws {
        let bytes = encodeNPY(array)
        #expect(try decodeNPY(bytes) == array)
        // Version 1.0, header padded to 64 bytes, ending in '\n'.
        let headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
        #expect(bytes[6] == 1 && bytes[7] == 0)
        #expect((10 + headerLength) % 64 == 0 && bytes[10 + headerLength - 1] == 0x0A)
        #expect(bytes.count == 10 + headerLength + array.values.count * (Int(array.values.descr.suffix(1))!))
    }

    @Test func encodingMatchesNumpyBytes() throws {
        // numpy 2.x writes the same version-1.0 files byte for byte.
        for name in ["f32_3d_v1.npy", "f64_scalar.npy", "i64_1d.npy", "u8_2d.npy", "i8_1d.npy", "i32_2d.npy", "empty_f32.npy"] {
            let bytes = try ModelFixtures.bytes(name, in: ModelFixtures.npyDirectory)
            #expect(encodeNPY(try decodeNPY(bytes)) == bytes, "\(name)")
        }
    }

    @Test func numpyWrittenFiles() throws {
        let expected = try ModelFixtures.expected(in: ModelFixtures.npyDirectory)
        var checked = 0
        for (name, entry) in expected.sorted(by: { $0.key < $1.key }) {
            guard name.hasSuffix(".npy"), let e = entry as? [String: Any] else { continue }
            let path = ModelFixtures.npyDirectory.appendingPathComponent(name).path
            if let error = e["error"] as? String {
                let descr = try #require(e["descr"] as? String)
                let want: NPYError = switch error {
                case "unsupportedDType": .unsupportedDType(descr: descr)
                case "fortranOrder": .fortranOrder
                default: .bigEndian(descr: descr)
                }
                #expect(throws: NPYError.inFile(path: path, want)) { try readNPY(path: path) }
                checked += 1
                continue
            }
            let array = try readNPY(path: path)
            #expect(array.shape == (e["shape"] as? [NSNumber])?.map(\.intValue), "\(name)")
            #expect(array.values.descr == e["descr"] as? String, "\(name)")
            let v = try #require(e["values"] as? [NSNumber])
            let values: NPYValues = switch array.values {
            case .float32: .float32(v.map(\.floatValue))
            case .float64: .float64(v.map(\.doubleValue))
            case .uint8: .uint8(v.map(\.uint8Value))
            case .int8: .int8(v.map(\.int8Value))
            case .int64: .int64(v.map(\.int64Value))
            case .int32: .int32(v.map(\.int32Value))
            }
            #expect(array.values == values, "\(name)")
            checked += 1
        }
        #expect(checked == 11)
        // The v2.0 fixture really has a 2.0 header.
        #expect(try ModelFixtures.bytes("f32_1d_v2.npy", in: ModelFixtures.npyDirectory)[6] == 2)
    }

    @Test func headerVariants() throws {
        let one: [UInt8] = [0, 0, 0x80, 0x3F]  // 1.0f
        let expected = NPYArray(shape: [1], values: .float32([1]))
        // Keys in any order, double quotes, trailing comma and spaces, no padding.
        #expect(try decodeNPY(file("{ \"shape\" : (1,) ,'fortran_order':False,  'descr':'<f4' , }  \n", data: one)) == expected)
        #expect(try decodeNPY(file("{'descr': '=f4', 'fortran_order': False, 'shape': (1, ), 'extra': 3}", data: one)) == expected)
        #expect(try decodeNPY(file("{'descr': 'f4', 'fortran_order': False, 'shape': (1L,)}", data: one)) == expected)
        #expect(try decodeNPY(file("{'descr': '<f4', 'fortran_order': False, 'shape': (1,)}", data: one, version: [3, 0])) == expected)
        #expect(try decodeNPY(file("{'descr': '|u1', 'fortran_order': False, 'shape': ()}", data: [9])) == NPYArray(shape: [], values: .uint8([9])))
        #expect(try decodeNPY(file("{'descr': '>i1', 'fortran_order': False, 'shape': (1,)}", data: [0xFF])) == NPYArray(shape: [1], values: .int8([-1])))
    }

    @Test func errors() {
        let header = "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }\n"
        #expect(decodeError(Array("NUMPZ".utf8)) == .badMagic)
        #expect(decodeError([0x93] + Array("NUMPX".utf8) + [1, 0]) == .badMagic)
        #expect(decodeError(file(header, version: [4, 0])) == .unsupportedVersion(major: 4, minor: 0))
        #expect(decodeError(file(header, version: [1, 1])) == .unsupportedVersion(major: 1, minor: 1))
        #expect(NPYError.unsupportedVersion(major: 4, minor: 0).description == "unsupported .npy format version 4.0 (byte 6)")
        #expect(decodeError(Array(file(header).prefix(20))) == .truncatedHeader(needed: 10 + header.utf8.count, available: 20))
        #expect(decodeError(Array(file(header).prefix(9))) == .truncatedHeader(needed: 10, available: 9))

        #expect(decodeError(file("{'descr': '>f4', 'fortran_order': False, 'shape': (2,)}")) == .bigEndian(descr: ">f4"))
        #expect(NPYError.bigEndian(descr: ">f4").description == "'descr': big-endian dtype '>f4' is not supported")
        #expect(decodeError(file("{'descr': '|b1', 'fortran_order': False, 'shape': (2,)}")) == .unsupportedDType(descr: "|b1"))
        #expect(decodeError(file("{'descr': '|f4', 'fortran_order': False, 'shape': (2,)}")) == .unsupportedDType(descr: "|f4"))
        #expect(decodeError(file("{'descr': '<f4', 'fortran_order': True, 'shape': (2,)}")) == .fortranOrder)
        #expect(NPYError.fortranOrder.description == "'fortran_order': Fortran order not supported")

        // Bad dicts: offsets are absolute (the header starts at byte 10).
        #expect(decodeError(file("{'descr' '<f4'}")) == .malformedHeader(offset: 19, reason: "expected ':'"))
        #expect(decodeError(file("{'descr': '<f4")) == .malformedHeader(offset: 24, reason: "unterminated string, found the end"))
        #expect(decodeError(file("{'descr': '<f4', 'fortran_order': False, 'shape': (2,)} x")) == .malformedHeader(offset: 66, reason: "text after the closing '}'"))
        #expect(decodeError(file("['descr']")) == .malformedHeader(offset: 10, reason: "expected '{'"))
        #expect(decodeError(file("{'descr': '<f4', 'fortran_order': False}")) == .missingKey("shape"))
        #expect(decodeError(file("{'descr': '<f4', 'fortran_order': False, 'shape': 2}")) == .invalidValue(key: "shape", offset: 60, reason: "not a tuple"))
        #expect(decodeError(file("{'descr': '<f4', 'fortran_order': False, 'shape': (2, -1)}"))
            == .invalidValue(key: "shape", offset: 60, reason: "negative dimension in [2, -1]"))
        #expect(decodeError(file("{'descr': 4, 'fortran_order': False, 'shape': (2,)}")) == .invalidValue(key: "descr", offset: 20, reason: "not a string"))
        #expect(decodeError(file("{'descr': '<f4', 'fortran_order': 0, 'shape': (2,)}"))
            == .invalidValue(key: "fortran_order", offset: 44, reason: "not True or False"))

        // Short and long data: 2 floats need 8 bytes.
        let headerEnd = 10 + header.utf8.count
        #expect(decodeError(file(header, data: [1, 2, 3])) == .dataSize(offset: headerEnd, expected: 8, actual: 3))
        #expect(decodeError(file(header, data: [UInt8](repeating: 0, count: 9))) == .dataSize(offset: headerEnd, expected: 8, actual: 9))
        #expect(NPYError.dataSize(offset: 64, expected: 8, actual: 3).description == "data at byte 64: shape and dtype need 8 bytes, the file has 3")
        // A shape whose byte count overflows.
        #expect(decodeError(file("{'descr': '<f8', 'fortran_order': False, 'shape': (4611686018427387904, 4)}")) != nil)
    }

    @Test func filesAreWrittenAtomicallyAndReadBack() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("octet-npy-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("a.npy").path
        for array in Self.arrays {
            try writeNPY(array, path: path)
            #expect(try readNPY(path: path) == array)
        }
        // A value count that does not fit the shape: nothing written.
        let bad = dir.appendingPathComponent("bad.npy").path
        #expect(throws: NPYError.valueCountMismatch(shape: [2, 2], count: 3)) { try writeNPY(NPYArray(shape: [2, 2], values: .int8([1, 2, 3])), path: bad) }
        #expect(!FileManager.default.fileExists(atPath: bad))
        // An unwritable location leaves no file; a missing file is named.
        let missingDir = dir.appendingPathComponent("no/such/dir/x.npy").path
        #expect { try writeNPY(Self.arrays[0], path: missingDir) } throws: { error in
            guard case .unwritableFile(let p, _) = error as? NPYError else { return false }
            return p == missingDir
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["a.npy"])
        #expect(throws: NPYError.unreadableFile(path: bad)) { try readNPY(path: bad) }
    }
}

extension NPYArray: CustomTestStringConvertible {
    public var testDescription: String { "\(values.descr) \(shape)" }
}
