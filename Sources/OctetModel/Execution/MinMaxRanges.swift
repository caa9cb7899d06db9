/// The min/max of every float32 activation over `count` samples (a float graph's taps and its
/// inputs) — the simplest calibration, used by the demo and tests until `octet calibrate`'s
/// statistics replace it.
public func minMaxRanges(_ runner: ModelRunner, samples: [Float], count: Int) throws(RunnerError) -> [String: TensorRange] {
    var ranges: [String: TensorRange] = [:]
    func observe(_ name: String, _ values: [Float]) {
        var r = ranges[name] ?? TensorRange(min: .infinity, max: -.infinity)
        for v in values where !v.isNaN {
            r.min = Swift.min(r.min, v)
            r.max = Swift.max(r.max, v)
        }
        ranges[name] = r
    }
    observe(runner.inputs[0].name, samples)
    _ = try runner.run(samples: samples, count: count) { _, tap in
        if case .float32(let v) = tap.values { observe(tap.name, v) }
    }
    return ranges.filter { $0.value.min <= $0.value.max }
}
