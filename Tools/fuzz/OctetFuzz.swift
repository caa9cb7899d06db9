// libFuzzer target for the .octet reader and interpreter. Compiled into the Octet module itself
// (Tools/fuzz/build-fuzzer.sh: swiftc -sanitize=fuzzer,address -parse-as-library on
// Sources/Octet/**/*.swift plus this file). Each input is copied into a 16-aligned buffer (the
// reader's alignment rule) and loaded; a model that validates gets its plans built and, when its
// arena and estimated work are small, runs on a fixed input pattern. Any trap, sanitizer report or
// leak is a finding; typed errors are the expected outcome for broken files.

/// Rough work of one run: Σ over nodes of output elements × window cells (or filter taps).
func estimatedWork(_ model: ModelFile) -> Int {
    var total = 0
    for node in model.nodes {
        let out = model.tensors[node.outputs[0]].elementCount
        var perOutput = 1
        switch node.parameters {
        case .conv, .depthwiseConv, .activation:
            if node.inputs.count > 1, let w = node.inputs[1], model.tensors[w].isConstant {
                let s = model.tensors[w].shape
                perOutput = s.count == 4 ? s[1] * s[2] * (node.op == .depthwiseConv ? 1 : s[3]) : s[s.count - 1]
            }
        case .pool(let p, _):
            perOutput = p.window.depth * p.window.height * p.window.width
        case .globalLp:
            perOutput = model.tensors[node.inputs[0] ?? 0].elementCount
        case .none:
            if node.op == .globalAveragePool || node.op == .globalMaxPool || node.op == .maxUnpool {
                perOutput = model.tensors[node.inputs[0] ?? 0].elementCount
            }
        }
        let (work, overflow) = out.multipliedReportingOverflow(by: Swift.max(perOutput, 1))
        if overflow { return Int.max }
        total = total.addingReportingOverflow(work).overflow ? Int.max : total + work
    }
    return total
}

@_cdecl("LLVMFuzzerTestOneInput")
public func octetFuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: Swift.max(size, 1), alignment: 16)
    defer { buffer.deallocate() }
    if size > 0, let data { buffer.copyMemory(from: UnsafeRawBufferPointer(start: data, count: size)) }
    do throws(ModelError) {
        let model = try ModelFile(bytes: UnsafeRawBufferPointer(rebasing: buffer[0..<size]))
        guard model.memoryPlan.arenaSize <= 1 << 22, estimatedWork(model) <= 20_000_000 else { return 0 }
        let interpreter = try Interpreter(model: model)
        for k in 0..<interpreter.inputCount {
            let input = interpreter.inputBuffer(k)
            for i in 0..<input.count { input[i] = UInt8(truncatingIfNeeded: i &* 37 &+ k) }
        }
        do throws(RunError) {
            try interpreter.run { _, _, bytes in
                // Touch every tapped byte (ASan checks the views).
                var sum: UInt8 = 0
                for b in bytes { sum &+= b }
                _ = sum
            }
        } catch {
            return 0
        }
    } catch {
        return 0
    }
    return 0
}
