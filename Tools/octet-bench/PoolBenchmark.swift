import Foundation
import Octet

/// `octet-bench pool`: checks every selected case against its reference loop, then times each case
/// on Octet and, right after, on ONNX Runtime (unless `--no-peer`) with the same input bytes, and
/// reports.
enum PoolBenchmark {
    /// Each timing sample runs back-to-back calls for at least this long.
    static let minimumSample: Duration = .milliseconds(1)

    static let help = """
        USAGE: octet-bench pool [--no-peer] [--repeat N] [--filter SUBSTRING] [--json PATH] [--seed N]

        Times Octet's int8 pooling kernels (max, average, global average; batch 1, NHWC) and, when
        `python3 -c "import onnxruntime"` works, ONNX Runtime's kernels for the same cases in the
        same run (via Tools/ort_pool_bench.py), and prints a Markdown table:
        case | Octet median (µs) | GB/s | ORT median (µs) | ORT/Octet.
        Rows ending in [reference] time the plain reference loop of that case.

        OPTIONS:
          --no-peer            Skip ONNX Runtime.
          --repeat N           Timing samples per case, each at least 1 ms of calls (default 21).
          --filter SUBSTRING   Only cases whose name contains SUBSTRING (case-insensitive),
                               e.g. "maxpool", "1x28x28", "reference".
          --json PATH          Also write every result (and the peer's details) as JSON to PATH.
          --seed N             Seed of the random int8 inputs (default 0x0C7E7000).
          -h, --help           Show this help.

        EXAMPLE:
          swift run -c release octet-bench pool --filter avgpool --repeat 31 --json pool.json

        EXIT STATUS: 0 ran; 1 an optimized kernel differed from its reference loop; 2 a kernel
        rejected a case; 3 the JSON file could not be written; 64 bad command line.
        """

    /// A selected case: which of its rows (optimized, reference loop) the filter kept.
    private struct Selection {
        var prepared: PreparedPoolCase
        var optimizedRow: Bool
        var referenceRow: Bool
        var matchesReference = false
        var octet: Timing?
        var reference: Timing?
        var peer: PoolResult.Peer?
    }

    static func run(_ options: BenchOptions) -> ExitStatus {
        var selections: [Selection] = []
        do throws(KernelError) {
            for (index, spec) in PoolCase.standard.enumerated() {
                let optimizedRow = options.selects(spec.name)
                let referenceRow = PoolCase.withReferenceRow.contains(spec.name)
                    && options.selects(spec.name + " [reference]")
                guard optimizedRow || referenceRow else { continue }
                let seed = options.seed &+ UInt64(index) &* 0x9E37_79B9_7F4A_7C15
                var selection = Selection(
                    prepared: try PreparedPoolCase(spec, seed: seed), optimizedRow: optimizedRow,
                    referenceRow: referenceRow)
                try selection.prepared.runOptimized()
                try selection.prepared.runReference()
                selection.matchesReference = selection.prepared.outputsAgree
                selections.append(selection)
            }
        } catch {
            standardError("octet-bench pool: a kernel rejected a case: \(error)")
            return .kernelRejected
        }
        guard !selections.isEmpty else {
            standardError("octet-bench pool: no case matches --filter '\(options.filter ?? "")'")
            return .usage
        }

        // The peer (if any) times each case right after Octet does, so both see the same machine.
        let files = FileManager.default
        let directory = files.temporaryDirectory.appendingPathComponent("octet-bench-pool-\(getpid())")
        defer { try? files.removeItem(at: directory) }
        var (peer, peerSummary) = OrtPeer.start(
            script: OrtPeer.script(named: "ort_pool_bench.py"), wanted: options.peer, directory: directory)

        standardError(
            "octet-bench pool: timing \(selections.count) cases, \(options.samples) samples each"
                + (peer.map { ", Octet then ONNX Runtime (python3 \($0.script.path))" } ?? ""))
        do throws(KernelError) {
            for k in selections.indices {
                let prepared = selections[k].prepared
                // The reference loop first, so the optimized output buffer ends up holding the
                // optimized result that is compared with the peer's.
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
            standardError("octet-bench pool: a kernel rejected a case: \(error)")
            return .kernelRejected
        }
        if let running = peer {
            peerSummary.callOverheadNanoseconds = try? running.callOverhead(
                samples: options.samples, minimumSampleSeconds: minimumSample.nanoseconds / 1e9)
            running.finish()
        }

        var results: [PoolResult] = []
        for s in selections {
            if s.optimizedRow, let octet = s.octet {
                results.append(PoolResult(
                    s.prepared, path: .optimized, octet: octet, matchesReference: s.matchesReference, peer: s.peer))
            }
            if s.referenceRow, let reference = s.reference {
                results.append(PoolResult(s.prepared, path: .reference, octet: reference, matchesReference: nil, peer: s.peer))
            }
        }
        let report = PoolReport(
            cpu: Machine.cpuName(), seed: options.seed, samples: options.samples,
            minimumSampleNanoseconds: minimumSample.nanoseconds, peer: peerSummary, results: results,
            referenceSpeedups: selections.compactMap { s in
                guard s.referenceRow, let r = s.reference, let o = s.octet else { return nil }
                return PoolReport.Speedup(
                    name: s.prepared.spec.name, reference: referenceName(s.prepared.spec.kind),
                    optimizedOverReference: r.medianNanoseconds / o.medianNanoseconds)
            },
            mismatchedCases: selections.filter { !$0.matchesReference }.map(\.prepared.spec.name))
        print(report.markdown())

        if let path = options.jsonPath, !writeJSON(report, to: path, command: "pool") {
            return .outputUnwritable
        }
        return report.mismatchedCases.isEmpty ? .success : .referenceMismatch
    }

    private static func referenceName(_ kind: PoolCase.Kind) -> String {
        switch kind {
        case .maxPool: return "Reference.maxPool"
        case .averagePool: return "Reference.averagePool"
        case .globalAveragePool: return "Reference.globalAveragePool"
        }
    }

    /// Writes the case's input to `directory`, has the peer time it, reads ORT's output back and
    /// compares it with Octet's optimized output.
    private static func timeOnPeer(
        _ peer: OrtPeer, _ prepared: PreparedPoolCase, _ k: Int, _ directory: URL, _ samples: Int
    ) throws(OrtPeer.Failure) -> PoolResult.Peer? {
        let inputURL = directory.appendingPathComponent("case\(k).in")
        let outputURL = directory.appendingPathComponent("case\(k).ort")
        do {
            try prepared.input.write(to: inputURL)
        } catch {
            throw OrtPeer.Failure(reason: "could not write \(inputURL.path): \(error)")
        }
        let answer = try peer.time(
            peerCase(prepared, inputPath: inputURL.path, outputPath: outputURL.path), samples: samples,
            minimumSampleSeconds: minimumSample.nanoseconds / 1e9)
        guard let op = answer.ortOp, let medianNs = answer.medianNs else {
            standardError("octet-bench pool: ORT ran no kernel for \(prepared.spec.name): \(answer.note ?? "")")
            return nil
        }
        var result = PoolResult.Peer(
            op: op, executedOps: answer.executedOps ?? [], layout: answer.layout ?? "?",
            timing: Timing(
                medianNanoseconds: medianNs, samples: answer.samples ?? samples,
                iterationsPerSample: answer.iterationsPerSample ?? 0, lowerQuartileNanoseconds: answer.q1Ns,
                upperQuartileNanoseconds: answer.q3Ns),
            note: answer.note.flatMap { $0.isEmpty ? nil : $0 })
        if let ort = Int8Buffer.read(from: outputURL, count: prepared.output.elements.count) {
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

    private static func peerCase(_ prepared: PreparedPoolCase, inputPath: String, outputPath: String) -> PoolPeerCase {
        let spec = prepared.spec, plan = prepared.plan
        func nhwc(_ s: ActivationShape) -> [Int] { [s.batch, s.height, s.width, s.channels] }
        let global = spec.kind == .globalAveragePool
        return PoolPeerCase(
            name: spec.name, op: spec.kind.rawValue, inputShape: nhwc(spec.input), outputShape: nhwc(plan.output),
            window: global ? [spec.input.height, spec.input.width] : [plan.height.window, plan.width.window],
            stride: [plan.height.stride, plan.width.stride],
            pads: [plan.height.padBegin, plan.width.padBegin, plan.height.padEnd, plan.width.padEnd],
            countIncludePad: spec.parameters.countIncludePad,
            input: PeerQuantization(scale: spec.inputQuantization.scale, zeroPoint: spec.inputQuantization.zeroPoint),
            output: PeerQuantization(scale: spec.outputQuantization.scale, zeroPoint: spec.outputQuantization.zeroPoint),
            inputPath: inputPath, outputPath: outputPath)
    }
}
