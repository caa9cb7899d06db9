import Foundation
import Octet

/// `octet-bench pool`: checks every selected case against its reference loop, then times each case
/// on Octet and, right after, on ONNX Runtime (unless `--no-peer`) with the same input bytes, and
/// reports.
enum PoolBenchmark {
    /// Each timing sample runs back-to-back calls for at least this long.
    static let minimumSample: Duration = .milliseconds(1)

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

    static func run(_ options: PoolOptions) -> ExitStatus {
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
        var peerSummary = PoolReport.PeerSummary(available: false, reason: "skipped (--no-peer)")
        var peer: OrtPeer?
        let files = FileManager.default
        let directory = files.temporaryDirectory.appendingPathComponent("octet-bench-pool-\(getpid())")
        defer { try? files.removeItem(at: directory) }
        if options.peer {
            do throws(OrtPeer.Failure) {
                let started = try OrtPeer()
                if started.hello.available {
                    peer = started
                    peerSummary = PoolReport.PeerSummary(
                        available: true, ortVersion: started.hello.ortVersion, python: started.hello.python,
                        numpyVersion: started.hello.numpyVersion)
                } else {
                    peerSummary.reason = started.hello.reason ?? "onnxruntime unavailable"
                }
            } catch {
                peerSummary.reason = error.reason
            }
            if peer != nil {
                do {
                    try files.createDirectory(at: directory, withIntermediateDirectories: true)
                } catch {
                    peer = nil
                    peerSummary = PoolReport.PeerSummary(available: false, reason: "could not create \(directory.path): \(error)")
                }
            }
        }

        standardError(
            "octet-bench pool: timing \(selections.count) cases, \(options.samples) samples each"
                + (peer == nil ? "" : ", Octet then ONNX Runtime (python3 \(OrtPeer.script.path))"))
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
            cpu: PoolReport.cpuName(), seed: options.seed, samples: options.samples,
            minimumSampleNanoseconds: minimumSample.nanoseconds, peer: peerSummary, results: results,
            referenceSpeedups: selections.compactMap { s in
                guard s.referenceRow, let r = s.reference, let o = s.octet else { return nil }
                return PoolReport.Speedup(
                    name: s.prepared.spec.name, reference: referenceName(s.prepared.spec.kind),
                    optimizedOverReference: r.medianNanoseconds / o.medianNanoseconds)
            },
            mismatchedCases: selections.filter { !$0.matchesReference }.map(\.prepared.spec.name))
        print(report.markdown())

        if let path = options.jsonPath {
            do {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                try encoder.encode(report).write(to: URL(fileURLWithPath: path))
            } catch {
                standardError("octet-bench pool: could not write \(path): \(error)")
                return .outputUnwritable
            }
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

    private static func peerCase(_ prepared: PreparedPoolCase, inputPath: String, outputPath: String) -> OrtPeer.Case {
        let spec = prepared.spec, plan = prepared.plan
        func nhwc(_ s: ActivationShape) -> [Int] { [s.batch, s.height, s.width, s.channels] }
        let global = spec.kind == .globalAveragePool
        return OrtPeer.Case(
            name: spec.name, op: spec.kind.rawValue, inputShape: nhwc(spec.input), outputShape: nhwc(plan.output),
            window: global ? [spec.input.height, spec.input.width] : [plan.height.window, plan.width.window],
            stride: [plan.height.stride, plan.width.stride],
            pads: [plan.height.padBegin, plan.width.padBegin, plan.height.padEnd, plan.width.padEnd],
            countIncludePad: spec.parameters.countIncludePad,
            input: OrtPeer.Quantization(scale: spec.inputQuantization.scale, zeroPoint: spec.inputQuantization.zeroPoint),
            output: OrtPeer.Quantization(scale: spec.outputQuantization.scale, zeroPoint: spec.outputQuantization.zeroPoint),
            inputPath: inputPath, outputPath: outputPath)
    }
}
