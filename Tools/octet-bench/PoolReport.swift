import Foundation

/// Everything `octet-bench pool` measured: rendered as Markdown for the terminal, encoded as is
/// for `--json`.
struct PoolReport: Encodable {
    typealias Speedup = ReferenceSpeedup

    var tool = "octet-bench pool"
    var cpu: String?
    var seed: UInt64
    var samples: Int
    var minimumSampleNanoseconds: Double
    var peer: PeerSummary
    var results: [PoolResult]
    var referenceSpeedups: [Speedup]
    /// Cases whose optimized output differed from the reference loop's (should be empty).
    var mismatchedCases: [String]

    func markdown() -> String {
        var lines = [
            "## octet-bench pool",
            "",
            "| case | Octet median (µs) | GB/s | ORT median (µs) | ORT/Octet |",
            "|---|--:|--:|--:|--:|",
        ]
        for r in results {
            let ort = r.peer.map { Self.microseconds($0.timing.medianNanoseconds) } ?? "—"
            let ratio = r.ortOverOctet.map { String(format: $0 < 0.1 ? "%.4f×" : "%.2f×", $0) } ?? "—"
            lines.append(
                "| \(r.name) | \(Self.microseconds(r.octet.medianNanoseconds)) | "
                    + "\(String(format: "%.2f", r.gigabytesPerSecond)) | \(ort) | \(ratio) |")
        }
        lines.append("")
        let slow = results.filter { $0.path == .optimized && ($0.ortOverOctet ?? 2) < 2 }.map(\.name)
        if !slow.isEmpty {
            lines.append("ORT/Octet above 1: Octet is faster. Below 2× (the target): " + slow.joined(separator: ", ") + ".")
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
                + "entry point (plan built and checked every call), ContinuousClock; inputs random int8 "
                + "(seed 0x\(String(seed, radix: 16))), cache-warm. GB/s = input bytes / median."
                + (cpu.map { " CPU: \($0)." } ?? ""))
        if peer.available {
            let overhead = peer.callOverheadNanoseconds.map { Self.microseconds($0) + " µs" } ?? "?"
            lines.append(
                "ONNX Runtime \(peer.ortVersion ?? "?") (Python \(peer.python ?? "?"), numpy \(peer.numpyVersion ?? "?")): "
                    + "CPU EP, 1 intra-op and 1 inter-op thread, sequential, ORT_ENABLE_ALL; same input bytes; "
                    + "median of \(samples) samples of ≥ \(sampleMs) ms of session.run_with_iobinding calls on "
                    + "pre-bound OrtValues. ORT medians include its per-call overhead (Python call + session "
                    + "run), \(overhead) on a one-element Identity graph."
                    + (peer.reason.map { " The peer \($0)." } ?? ""))
        } else {
            lines.append("ONNX Runtime: not measured — \(peer.reason ?? "unavailable").")
        }
        let peered = results.filter { $0.path == .optimized && $0.peer != nil }
        if !peered.isEmpty {
            lines.append("")
            lines.append("ORT operator per case (executed kernels from ORT's profiler; agreement with Octet's output):")
            for r in peered {
                guard let p = r.peer else { continue }
                var agreement = "output not read back"
                if let mismatches = p.mismatches {
                    let total = r.outputShape.reduce(1, *)
                    agreement = mismatches == 0
                        ? "outputs identical to Octet's"
                        : "\(mismatches) of \(total) outputs differ from Octet's, max |Δ| = \(p.maxAbsDifference ?? 0) LSB"
                }
                let note = p.note.map { "; \($0)" } ?? ""
                lines.append(
                    "- \(r.name): \(p.op) (\(p.layout); executed: \(p.executedOps.joined(separator: ", "))); "
                        + "\(agreement)\(note)")
            }
        }
        if !referenceSpeedups.isEmpty {
            lines.append("")
            lines.append("Optimized vs plain reference loop:")
            for s in referenceSpeedups {
                let speedup = s.optimizedOverReference
                lines.append(
                    "- \(s.name): optimized is \(String(format: "%.2f×", speedup)) the speed of \(s.reference)"
                        + (speedup < 1 ? " — SLOWER than the plain reference loop" : ""))
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

    static func microseconds(_ nanoseconds: Double) -> String {
        let us = nanoseconds / 1000
        return String(format: us >= 100 ? "%.1f" : "%.2f", us)
    }
}
