import Foundation

/// Everything `octet-bench conv` measured: rendered as Markdown for the terminal, encoded as is
/// for `--json`.
struct ConvReport: Encodable {
    var tool = "octet-bench conv"
    var cpu: String?
    var seed: UInt64
    var samples: Int
    var minimumSampleNanoseconds: Double
    var clock: HostClock
    /// The SSE2 pmaddwd peak of Octet's default build, and the best peak ORT's MLAS can use here.
    var octetPeak: MultiplyAddPeak?
    var peerPeak: MultiplyAddPeak?
    var peer: PeerSummary
    var results: [ConvResult]
    var referenceSpeedups: [ReferenceSpeedup]
    /// Cases whose optimized output differed from the reference loop's (should be empty).
    var mismatchedCases: [String]

    func markdown() -> String {
        var lines = [
            "## octet-bench conv",
            "",
            "| case | MMAC | Octet median (µs) | GOPS | % int16 peak | ORT median (µs) | ORT GOPS | ORT/Octet "
                + "| Octet vs ORT outputs |",
            "|---|--:|--:|--:|--:|--:|--:|--:|---|",
        ]
        for r in results {
            let ort = r.peer.map { PoolReport.microseconds($0.timing.medianNanoseconds) } ?? "—"
            let ortGops = r.peer.map { String(format: "%.1f", $0.gigaOperationsPerSecond) } ?? "—"
            let ratio = r.ortOverOctet.map { String(format: $0 < 0.1 ? "%.4f×" : "%.2f×", $0) } ?? "—"
            let peak = r.fractionOfPeak.map { String(format: "%.1f%%", 100 * $0) } ?? "—"
            var agreement = "—"
            if r.path == .optimized, let p = r.peer, let mismatches = p.mismatches {
                let total = r.outputShape.reduce(1, *)
                agreement = mismatches == 0
                    ? "identical"
                    : "\(mismatches) of \(total) differ (\(String(format: "%.2f%%", 100 * Double(mismatches) / Double(total)))), "
                        + "max |Δ| \(p.maxAbsDifference ?? 0)"
            }
            lines.append(
                "| \(r.name) | \(String(format: "%.2f", Double(r.multiplyAccumulates) / 1e6)) | "
                    + "\(PoolReport.microseconds(r.octet.medianNanoseconds)) | "
                    + "\(String(format: "%.2f", r.gigaOperationsPerSecond)) | \(peak) | \(ort) | \(ortGops) | "
                    + "\(ratio) | \(agreement) |")
        }
        lines.append("")
        lines.append(
            "ORT/Octet above 1: Octet is faster. GOPS = 2 · MACs / median (every filter tap counted, padding "
                + "included).")
        if let peak = octetPeak {
            let nominal = clock.nominalMegahertz.map { String(format: "%.0f", $0) } ?? "?"
            let measured = clock.measuredMegahertz.map { String(format: "%.0f", $0) }.joined(separator: ", ")
            lines.append(
                "Peak estimate for this Octet build — \(peak.isa): \(peak.multiplyAccumulatesPerInstruction) "
                    + "MACs/instruction × \(peak.instructionsPerCycle) instructions/cycle × "
                    + "\(String(format: "%.0f", peak.megahertz)) MHz × 2 = \(String(format: "%.1f", peak.gigaOperationsPerSecond)) GOPS "
                    + "(clock: dependent-imul chain measured \(measured.isEmpty ? "—" : measured) MHz before/after timing, "
                    + "the highest used; /proc/cpuinfo says \(nominal) MHz). "
                    + (peerPeak.map {
                        "ORT's MLAS can use \($0.isa): \($0.multiplyAccumulatesPerInstruction) MACs × "
                            + "\($0.instructionsPerCycle)/cycle = \(String(format: "%.0f", $0.gigaOperationsPerSecond)) GOPS"
                            + " (×\(String(format: "%.0f", $0.gigaOperationsPerSecond / peak.gigaOperationsPerSecond)))."
                    } ?? ""))
        }
        let noisy = results.filter { r in
            (r.octet.relativeSpread ?? 0) > 0.1 || (r.peer?.timing.relativeSpread ?? 0) > 0.1
        }
        if !noisy.isEmpty {
            lines.append(
                "Noisy (interquartile range above 10% of the median; rerun with --filter): "
                    + noisy.map { r in
                        let octet = String(format: "%.0f%%", 100 * (r.octet.relativeSpread ?? 0))
                        let ort = r.peer?.timing.relativeSpread.map { String(format: "%.0f%%", 100 * $0) } ?? "—"
                        return "\(r.name) (Octet \(octet), ORT \(ort))"
                    }.joined(separator: ", ") + ".")
        }
        let sampleMs = String(format: "%g", minimumSampleNanoseconds / 1e6)
        lines.append(
            "Octet: median of \(samples) samples, each ≥ \(sampleMs) ms of back-to-back calls of the public "
                + "entry point with a plan built once (weights packed at load, as a runtime does), ContinuousClock, "
                + "1 thread; inputs random int8 (seed 0x\(String(seed, radix: 16))), cache-warm. Quantization: input "
                + "scale 0.02 zp 5; weights −127...127, per-channel scales 0.005...0.015; bias ±σ_acc; output scale "
                + "from the data's moments (±3σ → ±127), zp −3."
                + (cpu.map { " CPU: \($0)." } ?? ""))
        let spread = results.filter { $0.path == .optimized }.map { r in
            "\(r.name) σ \(String(format: "%.0f", r.outputDeviation)) LSB, \(String(format: "%.1f%%", 100 * r.clampedFraction)) clamped"
        }
        lines.append("Output range use: " + spread.joined(separator: "; ") + ".")
        if peer.available {
            let overhead = peer.callOverheadNanoseconds.map { PoolReport.microseconds($0) + " µs" } ?? "?"
            lines.append(
                "ONNX Runtime \(peer.ortVersion ?? "?") (Python \(peer.python ?? "?"), numpy \(peer.numpyVersion ?? "?")): "
                    + "CPU EP, 1 intra-op and 1 inter-op thread, sequential; uint8 activations (values and zero points "
                    + "+128: the same x − zp), int8 per-channel weights, the same int32 bias — the same accumulators. "
                    + "Every formulation below is timed right after Octet (median of \(samples) samples of ≥ \(sampleMs) ms "
                    + "of session.run_with_iobinding on pre-bound OrtValues; NCHW inputs transposed once outside the "
                    + "loop); the table shows the fastest equivalent one. ORT medians include its per-call overhead, "
                    + "\(overhead) on a one-element Identity graph. ORT requantizes in float32 (acc · s_in·s_w/s_out, "
                    + "round to nearest even); Octet uses TFLite's fixed-point double rounding (conv, depthwise) or a "
                    + "double multiplier rounded half away from zero (fully connected): ±1 LSB differences are that."
                    + (peer.reason.map { " The peer \($0)." } ?? ""))
        } else {
            lines.append("ONNX Runtime: not measured — \(peer.reason ?? "unavailable").")
        }
        let peered = results.filter { $0.path == .optimized && $0.peer != nil }
        if !peered.isEmpty {
            lines.append("")
            lines.append("ORT formulations per case (executed kernels from ORT's profiler; * = used in the table):")
            for r in peered {
                guard let p = r.peer else { continue }
                let tried = p.candidates.map { c -> String in
                    let mark = c.ortOp == p.op ? "*" : ""
                    if let refused = c.refused { return "\(c.ortOp) refused (\(refused))" }
                    let time = c.medianNs.map { PoolReport.microseconds($0) + " µs" } ?? "?"
                    let ops = (c.executedOps ?? []).joined(separator: " → ")
                    let unequal = c.notEquivalent.map { " — \($0)" } ?? ""
                    return "\(mark)\(c.ortOp) [\(c.layout)] \(time) (\(ops))\(unequal)"
                }
                lines.append("- \(r.name): " + tried.joined(separator: "; "))
            }
        }
        if !referenceSpeedups.isEmpty {
            lines.append("")
            lines.append("Optimized vs plain reference loop:")
            for s in referenceSpeedups {
                let speedup = s.optimizedOverReference
                lines.append(
                    "- \(s.name): the entry point is \(String(format: "%.2f×", speedup)) the speed of \(s.reference)"
                        + (speedup < 1.2 ? " — no faster than the plain reference loop" : ""))
            }
        }
        lines.append("")
        lines.append(
            mismatchedCases.isEmpty
                ? "Check: every optimized output equals its reference loop's, bit for bit."
                : "CHECK FAILED: optimized output differs from the reference loop on: "
                    + mismatchedCases.joined(separator: ", "))
        return lines.joined(separator: "\n")
    }
}
