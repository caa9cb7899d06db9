/// An estimate of the host's int8-GEMM peak for one instruction set: MACs per instruction × issue
/// ports × clock, in GOPS (2 operations per MAC) — the ceiling GOPS is compared with.
struct MultiplyAddPeak: Encodable {
    /// e.g. "x86-64 baseline (SSE2): pmaddwd xmm".
    var isa: String
    var multiplyAccumulatesPerInstruction: Int
    /// Instructions per cycle the core can issue (an assumption stated in the report, not measured).
    var instructionsPerCycle: Int
    /// The clock the peak assumes: `HostClock.megahertz`.
    var megahertz: Double
    /// 2 · MACs per instruction · instructions per cycle · MHz / 1000.
    var gigaOperationsPerSecond: Double

    init(isa: String, multiplyAccumulatesPerInstruction: Int, instructionsPerCycle: Int, megahertz: Double) {
        self.isa = isa
        self.multiplyAccumulatesPerInstruction = multiplyAccumulatesPerInstruction
        self.instructionsPerCycle = instructionsPerCycle
        self.megahertz = megahertz
        gigaOperationsPerSecond = 2 * Double(multiplyAccumulatesPerInstruction * instructionsPerCycle) * megahertz / 1000
    }

    /// Octet's default build: `swift build` targets the generic x86-64 CPU, so the SIMD it can use
    /// is SSE2, whose int16 multiply-add is pmaddwd xmm: 8 int16×int16 products summed in pairs
    /// into 4 int32 lanes = 8 MACs. Two issue ports (p0, p1) on Intel cores since Skylake,
    /// Golden Cove / Sapphire Rapids included: 16 MACs/cycle. Nil off x86-64.
    /// The `OCTET_AVX512=1` build runs the wide kernels: vpdpwssd zmm, 32 int16 MACs, one per
    /// cycle (port 0; a 6 × 4-accumulator loop of it measured 252 GOPS on the host, i.e.
    /// one per cycle at ~3.9 GHz).
    static func octetDefaultBuild(megahertz mhz: Double) -> MultiplyAddPeak? {
        #if arch(x86_64) && OCTET_AVX512
        return MultiplyAddPeak(
            isa: "AVX-512 VNNI (OCTET_AVX512 build): vpdpwssd zmm", multiplyAccumulatesPerInstruction: 32,
            instructionsPerCycle: 1, megahertz: mhz)
        #elseif arch(x86_64)
        return MultiplyAddPeak(
            isa: "x86-64 baseline (SSE2): pmaddwd xmm", multiplyAccumulatesPerInstruction: 8,
            instructionsPerCycle: 2, megahertz: mhz)
        #else
        return nil
        #endif
    }

    /// The best u8·s8 dot product the CPU flags offer ONNX Runtime's MLAS: AVX-512 VNNI vpdpbusd
    /// zmm (64 MACs; 2 per cycle on server cores with two 512-bit ports), AVX-VNNI vpdpbusd ymm
    /// (32 MACs, 2 per cycle), else AVX2 vpmaddubsw + vpmaddwd ymm (32 MACs per pair: 1 pair per
    /// cycle). Nil off x86-64 or without a known ISA.
    static func peerBest(megahertz mhz: Double) -> MultiplyAddPeak? {
        #if arch(x86_64)
        let flags = Machine.flags()
        if flags.contains("avx512_vnni") {
            return MultiplyAddPeak(
                isa: "AVX-512 VNNI: vpdpbusd zmm", multiplyAccumulatesPerInstruction: 64, instructionsPerCycle: 2,
                megahertz: mhz)
        }
        if flags.contains("avx_vnni") {
            return MultiplyAddPeak(
                isa: "AVX-VNNI: vpdpbusd ymm", multiplyAccumulatesPerInstruction: 32, instructionsPerCycle: 2,
                megahertz: mhz)
        }
        if flags.contains("avx2") {
            return MultiplyAddPeak(
                isa: "AVX2: vpmaddubsw + vpmaddwd ymm", multiplyAccumulatesPerInstruction: 32,
                instructionsPerCycle: 1, megahertz: mhz)
        }
        return nil
        #else
        return nil
        #endif
    }
}
