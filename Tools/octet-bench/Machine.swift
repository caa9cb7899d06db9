import Foundation

/// What Linux's /proc/cpuinfo says about the host (first processor's entries).
enum Machine {
    /// The value of `key` ("model name", "cpu MHz", "flags"), if readable.
    static func cpuInfo(_ key: String) -> String? {
        guard let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix(key) {
            guard let colon = line.firstIndex(of: ":"),
                  line[..<colon].trimmingCharacters(in: .whitespaces) == key else { continue }
            return line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return nil
    }

    /// The CPU's model name.
    static func cpuName() -> String? { cpuInfo("model name") }

    /// The clock the kernel reports (a VM's nominal clock; turbo is not visible here).
    static func megahertz() -> Double? { cpuInfo("cpu MHz").flatMap(Double.init) }

    /// The CPU feature flags.
    static func flags() -> Set<String> { Set((cpuInfo("flags") ?? "").split(separator: " ").map(String.init)) }

    /// The core clock while busy, measured: the best of 5 runs of 2^22 dependent 64-bit multiplies
    /// (`imul r64`: 3 cycles latency on Intel cores since Nehalem and on AMD Zen), in MHz. A VM's
    /// /proc/cpuinfo shows the nominal clock; turbo runs faster. Nil off x86-64.
    static func measuredMegahertz() -> Double? {
        #if arch(x86_64)
        let clock = ContinuousClock()
        let multiplies = 1 << 22
        var best = Double.infinity
        for _ in 0..<5 {
            let start = clock.now
            let result = multiplyChain(seed: UInt64(CommandLine.arguments.count) | 3, rounds: multiplies / 8)
            let elapsed = start.duration(to: clock.now)
            precondition(result & 1 == 1, "odd numbers squared stay odd")  // keeps the chain observable
            best = Swift.min(best, elapsed.nanoseconds)
        }
        return 3 * Double(multiplies) / best * 1000
        #else
        return nil
        #endif
    }

    /// `rounds` × 8 dependent multiplies.
    @inline(never)
    private static func multiplyChain(seed: UInt64, rounds: Int) -> UInt64 {
        var x = seed
        for _ in 0..<rounds {
            x = x &* x; x = x &* x; x = x &* x; x = x &* x
            x = x &* x; x = x &* x; x = x &* x; x = x &* x
        }
        return x
    }
}
