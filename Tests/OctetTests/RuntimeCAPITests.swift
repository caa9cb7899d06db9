import Octet
import OctetTestSupport
import Testing

/// The model exports of octet.h, called as C would.
@Suite struct RuntimeCAPITests {
    @Test func loadQueryRunDestroy() throws {
        let file = try OctetFileBytes.fixture("check-model.octet")
        let bytes = UnsafeMutableRawBufferPointer.allocate(byteCount: file.bytes.count, alignment: 16)
        defer { bytes.deallocate() }
        bytes.copyBytes(from: file.bytes)
        var handle: UnsafeMutableRawPointer? = nil
        var offset: UInt = 0
        #expect(octet_model_load(bytes.baseAddress, UInt(bytes.count), &handle, &offset) == 0)
        defer { octet_model_destroy(handle) }
        var nIn: UInt = 0, nOut: UInt = 0, arena: UInt = 0
        #expect(octet_model_io_counts(handle, &nIn, &nOut) == 0 && nIn == 1 && nOut == 2)
        #expect(octet_model_arena_size(handle, &arena) == 0 && arena > 0)
        var info = [Int32](repeating: 0, count: 11)
        #expect(info.withUnsafeMutableBytes { octet_model_input_info(handle, 0, $0.baseAddress) } == 0)
        #expect(Array(info[0..<8]) == [1, 4, 1, 8, 8, 3, 0, 2] && info[9] == -5 && info[10] == 192)
        #expect(Float(bitPattern: UInt32(bitPattern: info[8])) == 0.02)
        #expect(info.withUnsafeMutableBytes { octet_model_output_info(handle, 1, $0.baseAddress) } == 0)
        #expect(info[0] == 3 && info[10] == 40)
        #expect(info.withUnsafeMutableBytes { octet_model_output_info(handle, 2, $0.baseAddress) } == -1)

        var rng = SeededRandom(seed: 3)
        let input = rng.int8s(192)
        var probabilities = [Float](repeating: -1, count: 10), logits = [Float](repeating: -1, count: 10)
        let status = input.withUnsafeBytes { x in
            probabilities.withUnsafeMutableBytes { p in
                logits.withUnsafeMutableBytes { l in
                    var ins: [UnsafeRawPointer?] = [x.baseAddress]
                    var outs: [UnsafeMutableRawPointer?] = [p.baseAddress, l.baseAddress]
                    var inBytes: [UInt] = [192], outBytes: [UInt] = [40, 40]
                    return octet_model_run(handle, &ins, &inBytes, &outs, &outBytes)
                }
            }
        }
        #expect(status == 0)
        #expect(abs(probabilities.reduce(0, +) - 1) < 1e-5)
        // The Swift interpreter gives the same bytes.
        let model = try ModelFile(bytes: UnsafeRawBufferPointer(bytes))
        let interpreter = try Interpreter(model: model)
        interpreter.inputBuffer(0).copyBytes(from: input.withUnsafeBytes { Array($0) })
        try interpreter.run()
        #expect(Array(UnsafeRawBufferPointer(interpreter.outputBuffer(1))) == logits.withUnsafeBytes { Array($0) })
    }

    @Test func refusals() throws {
        var file = try OctetFileBytes.fixture("check-model.octet")
        file.bytes[3] ^= 0x40
        let bytes = UnsafeMutableRawBufferPointer.allocate(byteCount: file.bytes.count, alignment: 16)
        defer { bytes.deallocate() }
        bytes.copyBytes(from: file.bytes)
        var handle: UnsafeMutableRawPointer? = nil
        var offset: UInt = 0
        #expect(octet_model_load(bytes.baseAddress, UInt(bytes.count), &handle, &offset) == -3)
        #expect(offset == 3 && handle == nil)
        #expect(octet_model_load(nil, 10, &handle, nil) == -1)
        #expect(octet_model_run(nil, nil, nil, nil, nil) == -1)
    }
}
