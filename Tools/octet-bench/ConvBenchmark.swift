import Foundation
import Octet

/// `octet-bench conv`: checks every selected case against its reference loop, then times each case
/// on Octet and, right after, on ONNX Runtime (unless `--no-peer`) with the same input, weights,
/// bias and scales, compares the two outputs, and reports GOPS against the machine's peak.
enum ConvBenchmark {
    /// Each timing sample runs back-to-back calls for at least this long.
    static let minimumSample: Duration = .milliseconds(1)

    static let help = """
        USAGE: octet-bench conv [--no-peer] [--repeat N] [--filter SUBSTRING] [--json PATH] [--seed N]

        Times Octet's int8 convolution, depthwise convolution and fully-connected kernels (batch 1,
        NHWC, per-channel weights, 1 thread) and, when `python3 -c "import onnxruntime"` works,
        ONNX Runtime's fastest equivalent (QLinearConv / QGemm on uint8 activations, via
        Tools/ort_conv_bench.py) in the same run, compares their outputs, and prints a Markdown
        table: case | MMAC | Octet median (µs) | GOPS | % int16 peak | ORT median (µs) | ORT GOPS |
        ORT/Octet | Octet vs ORT outputs. Rows ending in [reference] time the plain reference loop.

        OPTIONS:
          --no-peer            Skip ONNX Runtime.
          --repeat N           Timing samples per case, each at least 1 ms of calls (default 21).
          --filter SUBSTRING   Only cases whose name contains SUBSTRING (case-insensitive),
                               e.g. "conv 3x3", "dwconv", "fc", "reference".
          --json PATH          Also write every result (and the peer's details) as JSON to PATH.
          --seed N             Seed of the random inputs, weights and bias (default 0x0C7E7000).
          -h, --help           Show this help.

        EXAMPLE:
          swift run -c release octet-bench conv --filter dwconv --repeat 31 --json conv.json

        EXIT STATUS: 0 ran; 1 an optimized kernel differed from its reference loop; 2 a kernel
        rejected a case; 3 the JSON file could not be written; 64 bad command line.
        """

    /// A selected case: which of its rows (optimized, reference loop) the filter kept.
    private struct Selection {
        var prepared: PreparedConvCase
        var optimizedRow: Bool
        var referenceRow: Bool
        var matchesReference = false
        var octet: Timing?
        var reference: Timing?
        var peer: ConvResult.Peer?
    }

    static func run(_ options: BenchOptions) -> ExitStatus {
        var selections: [Selection] = []
        do throws(KernelError) {
            for (index, spec) in ConvCase.standard.enumerated() {
                let optimizedRow = options.selects(spec.name)
                let referenceRow = ConvCase.withReferenceRow.contains(spec.name)
                    && options.selects(spec.name + " [reference]")
                guard optimizedRow || referenceRow else { continue }
                let seed = options.seed &+ UInt64(index) &* 0x9E37_79B9_7F4A_7C15
                var selection = Selection(
                    prepared: try PreparedConvCase(spec, seed: seed), optimizedRow: optimizedRow,
                    referenceRow: referenceRow)
                try selection.prepared.runOptimized()
                try selection.prepared.runReference()
                selection.matchesReference = selection.prepared.outputsAgree
                selections.append(selection)
            }
        } catch {
            standardError("octet-bench conv: a kernel rejected a case: \(error)")
            return .kernelRejected
        }
        guard !selections.isEmpty else {
            standardError("octet-bench conv: no case matches --filter '\(options.filter ?? "")'")
            return .usage
        }

        // The peer (if any) times each case right after Octet does, so both see the same machine.
        let files = FileManager.default
        let directory = files.temporaryDirectory.appendingPathComponent("octet-bench-conv-\(getpid())")
        defer { try? files.removeItem(at: directory) }
        var (peer, peerSummary) = OrtPeer.start(
            script: OrtPeer.script(named: "ort_conv_bench.py"), wanted: options.peer, directory: directory)

        let clockBefore = Machine.measuredMegahertz()
        standardError(
            "octet-bench conv: timing \(selections.count) cases, \(options.samples) samples each"
                + (peer.map { ", Octet then ONNX Runtime (python3 \($0.script.path))" } ?? ""))
        do throws(KernelError) {
            for k in selections.indices {
                let prepared = selections[k].prepared
                if selections[k].referenceRow {
                    selections[k].reference = try Timing.measure(
                        samples: options.samples, minimumSample: minimumSample) { () throws(KernelError) in
                            try prepared.runReference()
                        }
                }
                selections[k].octet = try Timing.measure(
                    samples: options.samples, minimumSample: minimumSample) { () throws(KernelError) in
                        try prepared.runOptimized()
                    }
                if let running = peer {
                    do throws(OrtPeer.Failure) {
                        selections[k].peer = try timeOnPeer(running, prepared, k, directory, options.samples)
                    } catch {
                        peer = nil
                        peerSummary.reason = "stopped at \(prepared.spec.name): \(error.reason)"
                    }
                }
            }
        } catch {
            standardError("octet-bench conv: a kernel rejected a case: \(error)")
            return .kernelRejected
        }
        if let running = peer {
            peerSummary.callOverheadNanoseconds = try? running.callOverhead(
                samples: options.samples, minimumSampleSeconds: minimumSample.nanoseconds / 1e9)
            running.finish()
        }

        let clock = HostClock(
            nominal: Machine.megahertz(), measured: [clockBefore, Machine.measuredMegahertz()].compactMap { $0 })
        let peak = clock.megahertz.flatMap { MultiplyAddPeak.octetDefaultBuild(megahertz: $0) }
        var results: [ConvResult] = []
        for s in selections {
            if s.optimizedRow, let octet = s.octet {
                results.append(ConvResult(
                    s.prepared, path: .optimized, octet: octet, peak: peak, matchesReference: s.matchesReference,
                    peer: s.peer))
            }
            if s.referenceRow, let reference = s.reference {
                results.append(ConvResult(
                    s.prepared, path: .reference, octet: reference, peak: peak, matchesReference: nil, peer: s.peer))
            }
        }
        let report = ConvReport(
            cpu: Machine.cpuName(), seed: options.seed, samples: options.samples,
            minimumSampleNanoseconds: minimumSample.nanoseconds, clock: clock, octetPeak: peak,
            peerPeak: clock.megahertz.flatMap { MultiplyAddPeak.peerBest(megahertz: $0) }, peer: peerSummary, results: results,
            referenceSpeedups: selections.compactMap { s in
                guard s.referenceRow, let r = s.reference, let o = s.octet else { return nil }
                return ReferenceSpeedup(
                    name: s.prepared.spec.name, reference: referenceName(s.prepared.spec.kind),
                    optimizedOverReference: r.medianNanoseconds / o.medianNanoseconds)
            },
            mismatchedCases: selections.filter { !$0.matchesReference }.map(\.prepared.spec.name))
        print(report.markdown())

        if let path = options.jsonPath, !writeJSON(report, to: path, command: "conv") {
            return .outputUnwritable
        }
        return report.mismatchedCases.isEmpty ? .success : .referenceMismatch
    }

    private static func referenceName(_ kind: ConvCase.Kind) -> String {
        switch kind {
        case .conv: return "Reference.conv2D"
        case .depthwiseConv: return "Reference.depthwiseConv2D"
        case .fullyConnected: return "Reference.fullyConnected"
        }
    }

    /// Writes the case's data to `directory`, has the peer time it, reads ORT's output back and
    /// compares it with Octet's optimized output.
    private static func timeOnPeer(
        _ peer: OrtPeer, _ prepared: PreparedConvCase, _ k: Int, _ directory: URL, _ samples: Int
    ) throws(OrtPeer.Failure) -> ConvResult.Peer? {
        let request: ConvPeerCase
        do {
            request = try prepared.writePeerFiles(to: directory, index: k)
        } catch {
            throw OrtPeer.Failure(reason: "could not write the case's files to \(directory.path): \(error)")
        }
        let answer = try peer.time(request, samples: samples, minimumSampleSeconds: minimumSample.nanoseconds / 1e9)
        guard let op = answer.ortOp, let medianNs = answer.medianNs else {
            standardError("octet-bench conv: ORT ran no kernel for \(prepared.spec.name): \(answer.note ?? "")")
            return nil
        }
        var result = ConvResult.Peer(
            op: op, executedOps: answer.executedOps ?? [], layout: answer.layout ?? "?",
            timing: Timing(
                medianNanoseconds: medianNs, samples: answer.samples ?? samples,
                iterationsPerSample: answer.iterationsPerSample ?? 0, lowerQuartileNanoseconds: answer.q1Ns,
                upperQuartileNanoseconds: answer.q3Ns),
            gigaOperationsPerSecond: 2 * Double(prepared.multiplyAccumulates) / medianNs,
            candidates: answer.candidates ?? [], note: answer.note.flatMap { $0.isEmpty ? nil : $0 })
        if let ort = Int8Buffer.read(from: URL(fileURLWithPath: request.outputPath), count: prepared.output.elements.count) {
            var mismatches = 0, largest = 0
            for (a, b) in zip(ort.elements, prepared.output.elements) where a != b {
                mismatches += 1
                largest = max(largest, abs(Int(a) - Int(b)))
            }
            result.mismatches = mismatches
            result.maxAbsDifference = largest
        }
        return result
    }
}
