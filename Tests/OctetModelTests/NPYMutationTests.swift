import OctetModel
import OctetTestSupport
import Testing

@Suite struct NPYMutationTests {
    /// Every truncation and 1000 seeded byte overwrites of a numpy file: a typed error or a decode.
    @Test func mutatedFilesNeverTrap() throws {
        let base = try ModelFixtures.bytes("f32_3d_v1.npy", in: ModelFixtures.npyDirectory)
        var rng = SeededRandom(seed: 0x4E50_59)
        var mutants = (0..<base.count).map { Array(base[..<$0]) }
        for _ in 0..<1000 {
            var m = base
            m[Int.random(in: 0..<128, using: &rng)] = UInt8.random(in: 0...255, using: &rng)  // header region
            mutants.append(m)
        }
        var decoded = 0, failed = 0
        for m in mutants {
            do { _ = try decodeNPY(m); decoded += 1 } catch { failed += 1 }
        }
        #expect(decoded > 0 && failed > 0 && decoded + failed == mutants.count)
    }
}
