import Octet
import OctetTestSupport
import Testing

/// ≥ 3000 seeded mutations of check-model.octet: each must end in a typed `ModelError`, or in a
/// model that loads, builds its plans and runs (typed `RunError` allowed) without trapping.
@Suite struct RuntimeMutationTests {
    enum Outcome { case rejected, ran, runError }

    static func attempt(_ bytes: [UInt8], _ rng: inout SeededRandom) -> Outcome {
        OctetFileBytes(bytes).withAlignedBuffer { buffer in
            do throws(ModelError) {
                let model = try ModelFile(bytes: buffer)
                guard model.memoryPlan.arenaSize <= 1 << 26 else { return .ran }
                let interpreter = try Interpreter(model: model)
                for k in 0..<interpreter.inputCount {
                    let input = interpreter.inputBuffer(k)
                    for i in 0..<input.count { input[i] = UInt8.random(in: 0...255, using: &rng) }
                }
                do throws(RunError) {
                    try interpreter.run { _, _, _ in }
                    return .ran
                } catch {
                    return .runError
                }
            } catch {
                return .rejected
            }
        }
    }

    @Test func seededMutations() throws {
        let original = try OctetFileBytes.fixture("check-model.octet")
        var rng = SeededRandom(seed: 0xF0CC)
        let count = original.bytes.count
        var rejected = 0, ran = 0, runErrors = 0, total = 0
        func record(_ o: Outcome) {
            total += 1
            switch o {
            case .rejected: rejected += 1
            case .ran: ran += 1
            case .runError: runErrors += 1
            }
        }
        // Known u32 fields: section table entries, counts, tensor record fields, node index fields.
        var fields: [Int] = [12]
        for i in 0..<5 { fields += [16 + 12 * i, 20 + 12 * i, 24 + 12 * i] }
        let tens = original.section("TENS"), node = original.section("NODE"), grio = original.section("GRIO")
        fields.append(tens.start)
        for t in 0..<Int(original.u32(tens.start)) {
            let r = tens.start + 4 + 64 * t
            fields += [r, r + 4, r + 12, r + 16, r + 20, r + 24, r + 32, r + 36, r + 40, r + 44, r + 48, r + 52]
        }
        fields += Array(stride(from: node.start, to: node.start + node.length, by: 4))
        fields += Array(stride(from: grio.start, to: grio.start + grio.length, by: 4))
        let huge: [UInt32] = [0xFFFF_FFFF, 0x8000_0000, 0x7FFF_FFFF, 0xFFFF_FFF0, UInt32(count), UInt32(count + 16), 0x0001_0000, 0]
        for k in 0..<3200 {
            var f = original
            switch k % 5 {
            case 0:
                for _ in 0...Int.random(in: 0...3, using: &rng) {
                    let bit = Int.random(in: 0..<(count * 8), using: &rng)
                    f.bytes[bit / 8] ^= UInt8(1 << (bit % 8))
                }
            case 1:
                let at = Int.random(in: 0..<count, using: &rng)
                f.bytes[at] = [0, 0xFF, 0x80, 0x7F, UInt8.random(in: 0...255, using: &rng)][Int.random(in: 0..<5, using: &rng)]
            case 2:
                f.bytes = Array(f.bytes.prefix(k / 5 % (count + 1)))
            case 3:
                let field = fields[Int.random(in: 0..<fields.count, using: &rng)]
                f.setU32(field, huge[Int.random(in: 0..<huge.count, using: &rng)])
            default:
                let field = fields[Int.random(in: 0..<fields.count, using: &rng)]
                let delta = [1, -1, 4, -4, 16, 64][Int.random(in: 0..<6, using: &rng)]
                f.setU32(field, UInt32(truncatingIfNeeded: Int(f.u32(field)) + delta))
            }
            record(Self.attempt(f.bytes, &rng))
        }
        #expect(total >= 3000)
        #expect(rejected > 0, "some mutations must be rejected")
        #expect(ran > 0, "some mutations must still load and run")
        print("mutations: \(total): rejected \(rejected), ran \(ran), run errors \(runErrors)")
    }
}
