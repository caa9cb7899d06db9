import Octet

/// Runs checked conformance cases through Octet's public kernel entry points — the ones the engine
/// calls — and compares every output element (and max-pool index) with the expected value.
///
/// Wiring: conv2d → `Conv2DPlan` + `conv2D`; depthwise_conv2d → `DepthwiseConv2DPlan` +
/// `depthwiseConv2D`; fully_connected → `FullyConnectedPlan` + `fullyConnected`; max_pool2d →
/// `maxPool(_:into:indices:parameters:)` (indices only when the case has them); avg_pool2d →
/// `averagePool(_:into:parameters:)`; mean → `globalAveragePool`; add → `add(_:_:into:activation:)`.
/// A `KernelError` (at plan or run time) is an input error naming the file and the field.
public struct ConformanceRunner: Sendable {
    public var tolerance: ConformanceTolerance

    public init(tolerance: ConformanceTolerance = .exact) {
        self.tolerance = tolerance
    }

    /// Loads, validates and runs the case file at `path`.
    public func run(path: String) throws(ConformanceError) -> CaseResult {
        try run(ConformanceCase.load(path: path))
    }

    /// Runs every vector of `c` and compares.
    public func run(_ c: CheckedCase) throws(ConformanceError) -> CaseResult {
        let kernel = try PreparedKernel(c)
        let lsb = tolerance.lsb(for: c.op)
        var result = CaseResult(
            file: c.file, op: c.op, source: c.source, tolerance: lsb, vectors: c.vectors.count, outputsCompared: 0,
            outputsDiffering: 0, outputsBeyondTolerance: 0, maxAbsDifference: 0, indicesCompared: 0,
            indicesDiffering: 0, failures: [])
        func record(_ field: String, _ k: Int, expected: Int, actual: Int) {
            guard result.failures.count < ElementDifference.recorded else { return }
            result.failures.append(ElementDifference(
                field: "\(field)[\(k)]", coordinates: coordinates(k, c.outputDims), expected: expected, actual: actual))
        }
        for (i, vector) in c.vectors.enumerated() {
            let run: (output: [Int8], indices: [Int32]?)
            do {
                run = try kernel.run(c, vector)
            } catch {
                throw .kernelRejected(file: c.file, field: error.caseField, error: error)
            }
            for k in vector.output.indices {
                let expected = Int(vector.output[k]), actual = Int(run.output[k])
                let diff = abs(actual - expected)
                result.outputsCompared += 1
                result.maxAbsDifference = max(result.maxAbsDifference, diff)
                if diff > 0 { result.outputsDiffering += 1 }
                if diff > lsb {
                    result.outputsBeyondTolerance += 1
                    record("vectors[\(i)].output", k, expected: expected, actual: actual)
                }
            }
            if let expected = vector.indices, let actual = run.indices {
                for k in expected.indices {
                    result.indicesCompared += 1
                    if expected[k] != actual[k] {
                        result.indicesDiffering += 1
                        record("vectors[\(i)].indices", k, expected: Int(expected[k]), actual: Int(actual[k]))
                    }
                }
            }
        }
        return result
    }
}

/// Flat row-major index `k` as coordinates in `dims`.
func coordinates(_ k: Int, _ dims: [Int]) -> [Int] {
    var rest = k
    var coords = [Int](repeating: 0, count: dims.count)
    for a in dims.indices.reversed() where dims[a] > 0 {
        coords[a] = rest % dims[a]
        rest /= dims[a]
    }
    return coords
}
