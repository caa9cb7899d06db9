import Foundation
import Octet
import OctetTestSupport
import Testing

// Conformance with peer runtimes: every case of Tests/Fixtures/pooling/*.json (written by
// Tools/gen_pool_fixtures.py from ONNX Runtime 1.31.1 and PyTorch; see each file's "notes") runs
// through Octet's public kernels and is compared with the peer's output. The expectation for each
// family is in its test's name; where Octet and a peer follow different definitions (rounding of
// ties, a divisor, Lp's sign), the comparison is skipped or loosened only for the cases or elements
// the fixture marks, and those are counted and the counts asserted, so nothing is skipped silently.

// MARK: - Element comparison

/// "[n, spatial…, c]" of flat channels-last element `k` in a tensor of fixture shape `dims`.
private func coordinates(_ k: Int, _ dims: [Int]) -> String {
    var rest = k
    var coords = [Int](repeating: 0, count: dims.count)
    for a in dims.indices.reversed() where dims[a] > 0 {
        coords[a] = rest % dims[a]
        rest /= dims[a]
    }
    return "[" + coords.map(String.init).joined(separator: ", ") + "]"
}

/// Compares `actual` with `expected` element by element. Records one issue for each of the first
/// eight elements where `agree` fails — naming file, case, what is compared, the element's flat
/// index and coordinates, expected and actual — and one with the total. Returns the number of
/// disagreeing elements.
@discardableResult
private func expectElements<T>(
    _ what: String, _ c: PoolFixtureCase, shape: [Int], actual: [T], expected: [T], rule: String = "exact",
    sourceLocation: SourceLocation = #_sourceLocation, agree: (_ actual: T, _ expected: T) -> Bool
) -> Int {
    guard actual.count == expected.count else {
        Issue.record(
            Comment(rawValue: "\(c): \(what): \(actual.count) elements, expected \(expected.count)"),
            sourceLocation: sourceLocation)
        return Swift.max(actual.count, expected.count)
    }
    let shown = 8
    var bad = 0
    for k in actual.indices where !agree(actual[k], expected[k]) {
        if bad < shown {
            Issue.record(
                Comment(rawValue: "\(c): \(what), element \(k) \(coordinates(k, shape)): expected \(expected[k]), actual \(actual[k]) (\(rule))"),
                sourceLocation: sourceLocation)
        }
        bad += 1
    }
    if bad > shown {
        Issue.record(
            Comment(rawValue: "\(c): \(what): \(bad) of \(actual.count) elements differ (\(rule)); first \(shown) shown"),
            sourceLocation: sourceLocation)
    }
    return bad
}

@discardableResult
private func expectEqualElements<T: Equatable>(
    _ what: String, _ c: PoolFixtureCase, shape: [Int], actual: [T], expected: [T],
    sourceLocation: SourceLocation = #_sourceLocation
) -> Int {
    expectElements(what, c, shape: shape, actual: actual, expected: expected, sourceLocation: sourceLocation) { $0 == $1 }
}

/// |actual − expected| ≤ 1e-5 · |expected| (float32 peers with powf / float sums vs Octet's Double).
private func relativelyClose(_ actual: Float, _ expected: Float) -> Bool {
    abs(Double(actual) - Double(expected)) <= 1e-5 * abs(Double(expected))
}

// MARK: - Running kernels on fixture data

/// Runs `kernel` on `input` with fresh output (and indices) buffers of `outputShape`; indices
/// start at −7 so an index the kernel forgets to write shows up.
private func runKernel<In, Out>(
    _ input: [In], shape: ActivationShape, quantization: QuantParams = .identity,
    output outputShape: ActivationShape, outputQuantization: QuantParams = .identity, initial: Out,
    _ kernel: (Tensor<In>, MutableTensor<Out>, MutableTensor<Int32>) throws -> Void
) throws -> (output: [Out], indices: [Int32]) {
    var output = [Out](repeating: initial, count: outputShape.elementCount)
    var indices = [Int32](repeating: -7, count: outputShape.elementCount)
    try input.withUnsafeBufferPointer { x in
        try output.withUnsafeMutableBufferPointer { y in
            try indices.withUnsafeMutableBufferPointer { i in
                try kernel(
                    Tensor(x, shape: shape, quantization: quantization),
                    MutableTensor(y, shape: outputShape, quantization: outputQuantization),
                    MutableTensor(i, shape: outputShape))
            }
        }
    }
    return (output, indices)
}

/// The fixture shape [N, spatial…, C] of a field, for coordinates in messages.
private func dims(_ c: PoolFixtureCase, output: Bool = true) throws -> [Int] {
    output ? try c.require(\.outputShape, "output_shape") : try c.require(\.inputShape, "input_shape")
}

/// Checks that Octet's geometry gives the fixture's output shape (output-size formula, ceil mode's
/// drop-last-window rule).
private func expectPlanOutput(_ c: PoolFixtureCase, _ parameters: PoolParameters, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let input = try c.inputActivationShape(), expected = try c.outputActivationShape()
    let plan = try PoolPlan(input: input, parameters: parameters)
    #expect(plan.output == expected, "\(c): PoolPlan output \(plan.output), fixture \(expected)", sourceLocation: sourceLocation)
}

// MARK: - DESIGN.md §3 model, written from the fixture's own fields (not Octet's PoolPlan)

/// Every output position's valid input cells as flat plane indices, in window scan order (row-major
/// over the taps, which is increasing index order): tap t of output o on axis a reads
/// o·stride − padBegin + t·dilation, valid when inside 0..<In. Adaptive windows (no window field):
/// [floor(o·In/Out), ceil((o+1)·In/Out)).
private struct FixtureWindows {
    let batch: Int
    let channels: Int
    let inputCells: Int
    let cells: [[Int]]

    init(_ c: PoolFixtureCase) throws {
        let inDims = try c.require(\.inputShape, "input_shape"), outDims = try c.require(\.outputShape, "output_shape")
        let inSpatial = Array(inDims.dropFirst().dropLast()), outSpatial = Array(outDims.dropFirst().dropLast())
        let r = inSpatial.count
        batch = inDims[0]
        channels = inDims[r + 1]
        inputCells = inSpatial.reduce(1, *)
        var cells: [[Int]] = []
        for o in rowMajor(outSpatial) {
            var axisPositions: [[Int]] = []
            for a in 0..<r {
                if let k = c.window?[a] {
                    let s = try c.require(\.stride, "stride")[a], d = c.dilation?[a] ?? 1
                    let begin = try c.require(\.pads, "pads")[a]
                    axisPositions.append((0..<k).map { o[a] * s - begin + $0 * d }.filter { $0 >= 0 && $0 < inSpatial[a] })
                } else {
                    let start = o[a] * inSpatial[a] / outSpatial[a]
                    let end = ((o[a] + 1) * inSpatial[a] + outSpatial[a] - 1) / outSpatial[a]
                    axisPositions.append(Array(start..<end))
                }
            }
            cells.append(
                rowMajor(axisPositions.map(\.count)).map { t in
                    (0..<r).reduce(0) { flat, a in flat * inSpatial[a] + axisPositions[a][t[a]] }
                })
        }
        self.cells = cells
    }

    /// The values of channel `c` of batch `n` at `cells`.
    func values<T>(_ x: [T], n: Int, c: Int, cells: [Int]) -> [T] {
        cells.map { x[(n * inputCells + $0) * channels + c] }
    }

    /// Calls `body(flat output element, n, cells, channel)` in channels-last output order.
    func forEachOutput(_ body: (Int, Int, [Int], Int) -> Void) {
        var k = 0
        for n in 0..<batch {
            for window in cells {
                for c in 0..<channels {
                    body(k, n, window, c)
                    k += 1
                }
            }
        }
    }
}

/// All index tuples of `extents` in row-major order.
private func rowMajor(_ extents: [Int]) -> [[Int]] {
    var all: [[Int]] = [[]]
    for e in extents {
        all = all.flatMap { prefix in (0..<e).map { prefix + [$0] } }
    }
    return all
}

/// DESIGN.md §3 max pool: the maximum over the valid cells, the first maximum in scan order wins
/// (strict >), so an all −128 window returns its first valid cell.
private func designMaxPool<T: Comparable>(_ x: [T], _ w: FixtureWindows) -> (values: [T], indices: [Int32]) {
    var values: [T] = [], indices: [Int32] = []
    w.forEachOutput { _, n, cells, c in
        var best = cells[0]
        for cell in cells.dropFirst() where x[(n * w.inputCells + cell) * w.channels + c] > x[(n * w.inputCells + best) * w.channels + c] {
            best = cell
        }
        values.append(x[(n * w.inputCells + best) * w.channels + c])
        indices.append(Int32(best))
    }
    return (values, indices)
}

// MARK: - Int8 average pools (shared by the per-case test and the statistics test)

private enum Int8AverageRun {
    case ran([Int8])
    case rejected(KernelError)
}

/// QLinearAveragePool cases run `averagePool(_:into:parameters:)`, QLinearGlobalAveragePool cases
/// `globalAveragePool(_:into:activation:)`; a KernelError is returned, not thrown.
private func runInt8Average(_ c: PoolFixtureCase) throws -> Int8AverageRun {
    let x = try c.int8Input()
    let inShape = try c.inputActivationShape(), outShape = try c.outputActivationShape()
    let inQ = try c.inputQuantization(), outQ = try c.outputQuantization()
    let global = c.op == "global_avg_pool"
    let parameters = global ? nil : try c.poolParameters()
    do {
        let y = try runKernel(x, shape: inShape, quantization: inQ, output: outShape, outputQuantization: outQ, initial: Int8(0)) { input, output, _ in
            if let parameters {
                try averagePool(input, into: output, parameters: parameters)
            } else {
                try globalAveragePool(input, into: output)
            }
        }
        return .ran(y.output)
    } catch let error as KernelError {
        return .rejected(error)
    }
}

/// DESIGN.md §3's average-pool rule over the whole plane, for global cases with equal input and
/// output quantization: Σq / n rounded once, ties away from zero (exact integers), clamped. Written
/// here from the fixture's input, independently of Octet.
private func globalAverageRoundedOnce(_ c: PoolFixtureCase) throws -> [Int8] {
    let x = try c.int8Input(), shape = try c.inputActivationShape()
    let n = shape.spatialCount, channels = shape.channels
    var out: [Int8] = []
    for b in 0..<shape.batch {
        for ch in 0..<channels {
            let acc = (0..<n).reduce(0) { $0 + Int(x[(b * n + $1) * channels + ch]) }
            let q = acc > 0 ? (acc + n / 2) / n : (acc - n / 2) / n
            out.append(Int8(Swift.min(127, Swift.max(-128, q))))
        }
    }
    return out
}

// MARK: - Float32 checks (shared by the PyTorch and ORT float files)

/// max_pool with indices (`maxPool(_:into:indices:parameters:)`): values and indices exact.
private func checkFloatMaxPool(_ c: PoolFixtureCase) throws {
    let parameters = try c.poolParameters()
    try expectPlanOutput(c, parameters)
    let x = try c.floatInput(), shape = try dims(c)
    let y = try runKernel(x, shape: try c.inputActivationShape(), output: try c.outputActivationShape(), initial: Float.nan) {
        try maxPool($0, into: $1, indices: $2, parameters: parameters)
    }
    expectEqualElements("values vs peer", c, shape: shape, actual: y.output, expected: try c.floatOutput())
    expectEqualElements("indices vs peer", c, shape: shape, actual: y.indices, expected: try c.peerIndices())
    let rule = designMaxPool(x, try FixtureWindows(c))
    expectEqualElements("peer indices vs the DESIGN.md §3 model (fixture sanity)", c, shape: shape, actual: try c.peerIndices(), expected: rule.indices)
}

/// adaptive_max_pool / adaptive_avg_pool: output extents from the fixture's output shape.
private func checkAdaptive(_ c: PoolFixtureCase) throws {
    let outShape = try c.outputActivationShape(), shape = try dims(c)
    let size = try c.require(\.outputSize, "output_size")
    #expect(size == Array(shape.dropFirst().dropLast()), "\(c): output_size \(size) vs output_shape \(shape)")
    let x = try c.floatInput(), expected = try c.floatOutput()
    if c.op == "adaptive_max_pool" {
        let y = try runKernel(x, shape: try c.inputActivationShape(), output: outShape, initial: Float.nan) {
            try adaptiveMaxPool($0, into: $1, indices: $2)
        }
        expectEqualElements("values vs peer", c, shape: shape, actual: y.output, expected: expected)
        expectEqualElements("indices vs peer", c, shape: shape, actual: y.indices, expected: try c.peerIndices())
    } else {
        // Octet sums in Double and rounds once; torch sums in float32.
        let y = try runKernel(x, shape: try c.inputActivationShape(), output: outShape, initial: Float.nan) { x, y, _ in
            try adaptiveAveragePool(x, into: y)
        }
        expectElements("values vs peer", c, shape: shape, actual: y.output, expected: expected, rule: "|Δ| ≤ 1e-6·max(1, |ref|)") {
            abs(Double($0) - Double($1)) <= 1e-6 * Swift.max(1, abs(Double($1)))
        }
    }
}

/// Lp pooling (`lpPool(_:into:p:mean:parameters:)`, mean false): relative 1e-5 against the peer
/// where the peer's definition is Octet's (ONNX: (Σ|x|^p)^(1/p), padding adds nothing). Global
/// cases use the window = the whole input. Returns the number of output elements whose peer
/// comparison was skipped because the peer's definition differs there ("definition": "torch").
@discardableResult
private func checkLpPool(_ c: PoolFixtureCase) throws -> Int {
    let p = try c.require(\.p, "p")
    let inShape = try c.inputActivationShape(), outShape = try c.outputActivationShape(), shape = try dims(c)
    let parameters: PoolParameters
    if c.global == true {
        // GlobalLpPool: one window covering the input (stride 1, no padding).
        let whole = Spatial(spatialOf: inShape)
        #expect(c.window == Array(try dims(c, output: false).dropFirst().dropLast()), "\(c): global window \(c.window ?? []) is not the input's spatial size")
        parameters = PoolParameters(window: whole)
    } else {
        parameters = try c.poolParameters()
    }
    try expectPlanOutput(c, parameters)
    let x = try c.floatInput(), expected = try c.floatOutput()
    let y = try runKernel(x, shape: inShape, output: outShape, initial: Float.nan) { x, y, _ in
        try lpPool(x, into: y, p: Float(p), parameters: parameters)
    }.output
    switch c.definition ?? "onnx" {
    case "onnx":
        expectElements("values vs peer", c, shape: shape, actual: y, expected: expected, rule: "relative 1e-5", agree: relativelyClose)
        return 0
    case "torch":
        // PyTorch's LPPool keeps the sign for odd p: (Σ x^p)^(1/p), for p = 1 the signed sum Σx.
        // Octet (DESIGN.md §3, ONNX) computes Σ|x|. They agree on windows without a negative input;
        // elsewhere the peer comparison is skipped (and counted), and each side is checked against
        // its own definition: Octet == Σ|x|, peer == Σx.
        #expect(p == 1, "\(c): torch-definition handling written for p = 1, case has p = \(p)")
        let windows = try FixtureWindows(c)
        var skipped = 0, shown = 0
        func report(_ k: Int, _ message: String) {
            if shown < 8 { Issue.record(Comment(rawValue: "\(c): element \(k) \(coordinates(k, shape)): \(message)")) }
            shown += 1
        }
        windows.forEachOutput { k, n, cells, ch in
            let v = windows.values(x, n: n, c: ch, cells: cells)
            if v.contains(where: { $0 < 0 }) {
                skipped += 1
                let octetDefinition = Float(v.reduce(0.0) { $0 + abs(Double($1)) })
                let signedSum = v.reduce(0.0) { $0 + Double($1) }
                if !relativelyClose(y[k], octetDefinition) {
                    report(k, "Octet \(y[k]) vs Σ|x| = \(octetDefinition) (relative 1e-5)")
                }
                if abs(Double(expected[k]) - signedSum) > 1e-5 * Swift.max(1, abs(signedSum)) {
                    report(k, "peer \(expected[k]) is not torch's signed sum Σx = \(signedSum) (fixture sanity)")
                }
            } else if !relativelyClose(y[k], expected[k]) {
                report(k, "expected \(expected[k]), actual \(y[k]) (relative 1e-5; window without negatives)")
            }
        }
        return skipped
    default:
        Issue.record(Comment(rawValue: "\(c): unknown Lp definition \(c.definition ?? "")"))
        return 0
    }
}

/// max_unpool (`maxUnpool(_:indices:into:)`): the pooled tensor and its per-plane indices
/// scattered into the fixture's output shape, zeros elsewhere; exact.
private func checkMaxUnpool(_ c: PoolFixtureCase) throws {
    let shape = try dims(c)
    let pooled = try c.floatInput(), pooledShape = try c.inputActivationShape(), indices = try c.unpoolIndexValues()
    let y = try indices.withUnsafeBufferPointer { i in
        try runKernel(pooled, shape: pooledShape, output: try c.outputActivationShape(), initial: Float.nan) { x, y, _ in
            try maxUnpool(x, indices: Tensor(i, shape: pooledShape), into: y)
        }
    }
    expectEqualElements("values vs peer", c, shape: shape, actual: y.output, expected: try c.floatOutput())
}

// MARK: - Tests

@Suite("Conformance: pooling fixtures from ONNX Runtime and PyTorch (Tests/Fixtures/pooling)")
struct ConformanceTests {
    /// The ops each file holds and this suite checks: a new op in a fixture fails the header test
    /// instead of going untested.
    static let checkedOps: [PoolFixtureFileName: Set<String>] = [
        .ortInt8: ["max_pool", "avg_pool", "global_avg_pool"],
        .torchFloat: ["max_pool", "adaptive_avg_pool", "adaptive_max_pool", "lp_pool", "max_unpool"],
        .ortFloat: ["lp_pool", "max_unpool"],
    ]

    @Test("Every fixture file names its runtime and version, its generator script exists, every op is checked",
          arguments: PoolFixtureFileName.allCases)
    func header(file: PoolFixtureFileName) throws {
        let f = try Fixtures.pooling(file)
        #expect(f.format == "octet-pool-fixtures/v1", "\(file): format \"\(f.format)\"")
        let parts = f.runtime.split(separator: " ")
        let runtimeName = parts.first.map(String.init) ?? ""
        let version = parts.count > 1 ? String(parts[1]) : ""
        #expect(runtimeName == (file == .torchFloat ? "torch" : "onnxruntime"), "\(file): runtime \"\(f.runtime)\"")
        #expect(version.first?.isNumber == true && version.contains("."), "\(file): runtime \"\(f.runtime)\" has no version number")
        #expect(f.generator == "Tools/gen_pool_fixtures.py", "\(file): generator \"\(f.generator)\"")
        let script = Fixtures.packageRoot.appendingPathComponent(f.generator).path
        #expect(FileManager.default.fileExists(atPath: script), "\(file): generator script not found at \(script)")
        #expect(!f.cases.isEmpty, "\(file): no cases")
        let names = f.cases.map(\.name)
        #expect(Set(names).count == names.count, "\(file): duplicate case names")
        for c in f.cases {
            #expect(Self.checkedOps[file]!.contains(c.op), "\(c): op \(c.op) has no conformance test")
        }
    }

    // MARK: ort_int8.json

    @Test("ORT int8 MaxPool: values and indices bit-exact (indices and values-only paths); all −128 windows give the first valid cell",
          arguments: try Fixtures.poolingCaseNames(.ortInt8, ops: ["max_pool"]))
    func ortInt8MaxPool(name: String) throws {
        let c = try Fixtures.poolingCase(.ortInt8, name)
        let q = try c.inputQuantization()
        #expect(try c.outputQuantization() == q, "\(c): MaxPool fixture with different output quantization")
        let parameters = try c.poolParameters()
        try expectPlanOutput(c, parameters)
        let x = try c.int8Input(), inShape = try c.inputActivationShape(), outShape = try c.outputActivationShape()
        let shape = try dims(c)
        let withIndices = try runKernel(x, shape: inShape, quantization: q, output: outShape, outputQuantization: q, initial: Int8(0)) {
            try maxPool($0, into: $1, indices: $2, parameters: parameters)
        }
        let valuesOnly = try runKernel(x, shape: inShape, quantization: q, output: outShape, outputQuantization: q, initial: Int8(0)) { x, y, _ in
            try maxPool(x, into: y, parameters: parameters)
        }.output
        let peerValues = try c.int8Output(), peerIndices = try c.peerIndices()
        let windows = try FixtureWindows(c)
        let rule = designMaxPool(x, windows)

        expectEqualElements("values (indices path) vs ORT", c, shape: shape, actual: withIndices.output, expected: peerValues)
        expectEqualElements("values (values-only path) vs ORT", c, shape: shape, actual: valuesOnly, expected: peerValues)
        expectEqualElements("ORT values vs the DESIGN.md §3 model (fixture sanity)", c, shape: shape, actual: peerValues, expected: rule.values)
        if c.peerKnownWrongIndices == true {
            // The generator found ORT's indices wrong here: Octet must follow DESIGN.md §3 instead.
            expectEqualElements("indices vs the DESIGN.md §3 model (ORT flagged wrong)", c, shape: shape, actual: withIndices.indices, expected: rule.indices)
        } else {
            expectEqualElements("indices vs ORT", c, shape: shape, actual: withIndices.indices, expected: peerIndices)
            expectEqualElements("ORT indices vs the DESIGN.md §3 model (fixture sanity)", c, shape: shape, actual: peerIndices, expected: rule.indices)
        }
        if c.peerKnownWrongIndices != nil {
            // Cases built around windows whose valid cells are all −128: make sure they have some,
            // and that Octet names the first valid cell there (ORT 1.31.1 does too).
            var allMinimum = 0
            windows.forEachOutput { k, n, cells, ch in
                guard windows.values(x, n: n, c: ch, cells: cells).allSatisfy({ $0 == -128 }) else { return }
                allMinimum += 1
                #expect(withIndices.indices[k] == Int32(cells[0]), "\(c): element \(k) \(coordinates(k, shape)): all −128 window, index \(withIndices.indices[k]), first valid cell \(cells[0])")
            }
            #expect(allMinimum > 0, "\(c): no window whose valid cells are all −128")
        }
    }

    /// ORT 1.31.1: 24 MaxPool cases, none with wrong indices; 4 built around all −128 windows.
    @Test("ORT int8 MaxPool census: cases with wrong ORT indices (0) and all −128 cases (4) counted")
    func ortInt8MaxPoolCensus() throws {
        let cases = try Fixtures.pooling(.ortInt8).cases.filter { $0.op == "max_pool" }
        #expect(cases.count == 24)
        #expect(cases.filter { $0.peerKnownWrongIndices == true }.count == 0, "ORT MaxPool indices flagged wrong")
        #expect(cases.filter { $0.peerKnownWrongIndices != nil }.count == 4, "all −128 window cases")
    }

    @Test("ORT QLinearAveragePool / QLinearGlobalAveragePool: bit-exact with octet_reference_output (the DESIGN.md §3 model); within 1 LSB of ORT (ORT rounds half to even in float, Octet ties away from zero in integers)",
          arguments: try Fixtures.poolingCaseNames(.ortInt8, ops: ["avg_pool", "global_avg_pool"]))
    func ortInt8AveragePool(name: String) throws {
        let c = try Fixtures.poolingCase(.ortInt8, name)
        let shape = try dims(c)
        let inQ = try c.inputQuantization(), outQ = try c.outputQuantization()
        switch try runInt8Average(c) {
        case .rejected(let error):
            // Every case runs: equal quantization as TFLite, different quantization as ONNX's
            // QLinearAveragePool (one requantization, DESIGN.md §3).
            Issue.record("\(c): Octet threw \(error)")
        case .ran(let y):
            if c.op == "avg_pool" { try expectPlanOutput(c, try c.poolParameters()) }
            let reference = try c.octetReference()
            if c.op == "global_avg_pool" && inQ == outQ {
                // Equal quantization: Σq / n rounded once, ties away from zero — and global pooling
                // is pooling with a full window (STYLE.md), so averagePool must agree.
                expectEqualElements("vs Σq/n rounded once, ties away from zero (test-side model)", c, shape: shape, actual: y, expected: try globalAverageRoundedOnce(c))
                let inShape = try c.inputActivationShape()
                let full = try runKernel(try c.int8Input(), shape: inShape, quantization: inQ, output: try c.outputActivationShape(), outputQuantization: outQ, initial: Int8(0)) { x, y, _ in
                    try averagePool(x, into: y, parameters: PoolParameters(window: Spatial(spatialOf: inShape)))
                }
                expectEqualElements("vs averagePool with a full window", c, shape: shape, actual: y, expected: full.output)
            }
            expectEqualElements("vs octet_reference_output (generator's model of DESIGN.md §3)", c, shape: shape, actual: y, expected: reference)
            if c.peerDivisorDiffersFromOctet != true {
                expectElements("vs ORT", c, shape: shape, actual: y, expected: try c.int8Output(), rule: "±1 LSB") {
                    abs(Int($0) - Int($1)) <= 1
                }
            }
            // Skipped for the ORT comparison (count asserted in ortInt8AverageStatistics): ceil-mode
            // windows past the end padding with count_include_pad, where ORT divides by the full
            // kernel area and Octet (PyTorch's rule) by the taps inside the padded input.
        }
    }

    /// ORT vs Octet for the int8 average pools, measured on the ORT 1.31.1 (x86_64) fixtures:
    /// - QLinearAveragePool: 17 cases. 7 have different input and output quantization and are
    ///   rejected by Octet's averagePool (.quantizationMismatch); 1 more (ceil mode + count_include_pad
    ///   past the end padding, `peer_divisor_differs_from_octet`) is compared with
    ///   octet_reference_output only; the second divisor case is also a different-quantization one.
    ///   The 9 compared cases: 109 of 2344 elements differ from ORT (4.7%), all by exactly 1 LSB;
    ///   worst case qavgpool2d_k2_s2_same_c16_ties, 37 of 256 (14.5%).
    /// - QLinearGlobalAveragePool: 10 cases, 6 of 124 elements differ (4.8%), all by 1 LSB;
    ///   worst case qglobalavgpool1d_9_diff_c5, 1 of 5 (20%).
    /// Every difference is one LSB. Bounds asserted: |diff| ≤ 1, ≤ 10% of the compared elements per
    /// op, ≤ 35% in any case; every case's count equals the generator's peer_vs_octet_reference
    /// count (Octet == its model) except qglobalavgpool2d_4x4_scale1_zp0_c8, whose model rounds
    /// twice (the generator records 7 for the global cases; see `generatorDoubleRounding`).
    @Test("ORT vs Octet average pools: difference statistics, skip and rejection counts")
    func ortInt8AverageStatistics() throws {
        let cases = try Fixtures.pooling(.ortInt8).cases.filter { $0.op == "avg_pool" || $0.op == "global_avg_pool" }
        var differ: [String: Int] = [:], elements: [String: Int] = [:], compared: [String: Int] = [:]
        var maxDiff = 0, divisorSkipped = 0, rejected = 0
        for c in cases {
            if c.peerDivisorDiffersFromOctet == true { divisorSkipped += 1 }
            guard case .ran(let y) = try runInt8Average(c) else {
                rejected += 1
                continue
            }
            guard c.peerDivisorDiffersFromOctet != true else { continue }
            let peer = try c.int8Output()
            let diffs = zip(y, peer).map { abs(Int($0) - Int($1)) }
            let n = diffs.filter { $0 != 0 }.count
            differ[c.op, default: 0] += n
            elements[c.op, default: 0] += diffs.count
            compared[c.op, default: 0] += 1
            maxDiff = Swift.max(maxDiff, diffs.max() ?? 0)
            #expect(Double(n) <= 0.35 * Double(diffs.count), "\(c): \(n) of \(diffs.count) elements differ from ORT")
            if let recorded = c.peerVsOctetReference {
                #expect(recorded.differ == n, "\(c): \(n) elements differ from ORT, the generator recorded \(recorded.differ) for its model")
            }
        }
        for op in ["avg_pool", "global_avg_pool"] {
            let d = differ[op, default: 0], e = elements[op, default: 0]
            print("ORT vs Octet \(op): \(compared[op, default: 0]) cases, \(d) of \(e) elements differ")
            #expect(e > 0, "\(op): nothing compared")
            #expect(Double(d) <= 0.10 * Double(e), "\(op): \(d) of \(e) elements differ from ORT")
        }
        #expect(maxDiff <= 1, "largest |Octet − ORT| = \(maxDiff) LSB")
        #expect(divisorSkipped == 2, "cases with peer_divisor_differs_from_octet")
        #expect(rejected == 0, "cases Octet refused to run")
        #expect(compared["avg_pool"] == 15 && compared["global_avg_pool"] == 10, "compared cases \(compared)")
    }

    // MARK: torch_float.json

    @Test("PyTorch float32: max_pool and adaptive_max_pool values + indices exact; adaptive_avg_pool |Δ| ≤ 1e-6·max(1,|ref|); lp_pool relative 1e-5 (torch-definition elements checked per definition); max_unpool exact",
          arguments: try Fixtures.poolingCaseNames(.torchFloat, ops: ConformanceTests.checkedOps[.torchFloat]!))
    func torchFloat(name: String) throws {
        let c = try Fixtures.poolingCase(.torchFloat, name)
        switch c.op {
        case "max_pool": try checkFloatMaxPool(c)
        case "adaptive_max_pool", "adaptive_avg_pool": try checkAdaptive(c)
        case "lp_pool": try checkLpPool(c)
        case "max_unpool": try checkMaxUnpool(c)
        default: Issue.record(Comment(rawValue: "\(c): op \(c.op) has no check"))
        }
    }

    /// One torch-definition Lp case (p = 1, mixed signs, 2×2 windows): every one of its 18 outputs
    /// has a negative input in its window, so none is compared with torch's signed sum.
    @Test("PyTorch lp_pool: torch-definition cases (1) and skipped elements (18 of 18) counted")
    func torchLpDefinitionCensus() throws {
        let lp = try Fixtures.pooling(.torchFloat).cases.filter { $0.op == "lp_pool" }
        let torchDefinition = lp.filter { $0.definition == "torch" }
        #expect(lp.count == 7)
        #expect(torchDefinition.count == 1)
        var skipped = 0, total = 0
        for c in torchDefinition {
            // The criterion checkLpPool uses: a window with a negative input.
            let windows = try FixtureWindows(c), x = try c.floatInput()
            windows.forEachOutput { _, n, cells, ch in
                total += 1
                if windows.values(x, n: n, c: ch, cells: cells).contains(where: { $0 < 0 }) { skipped += 1 }
            }
        }
        #expect(skipped == 18 && total == 18, "skipped \(skipped) of \(total)")
    }

    // MARK: ort_float.json

    @Test("ORT float32: LpPool and GlobalLpPool relative 1e-5; MaxUnpool exact",
          arguments: try Fixtures.poolingCaseNames(.ortFloat, ops: ConformanceTests.checkedOps[.ortFloat]!))
    func ortFloat(name: String) throws {
        let c = try Fixtures.poolingCase(.ortFloat, name)
        switch c.op {
        case "lp_pool":
            #expect(c.definition == "onnx", "\(c): ORT LpPool case with definition \(c.definition ?? "none")")
            try checkLpPool(c)
        case "max_unpool": try checkMaxUnpool(c)
        default: Issue.record(Comment(rawValue: "\(c): op \(c.op) has no check"))
        }
    }
}
