/// One benchmark measurement: the median over `samples` samples, each sample the mean time of
/// `iterationsPerSample` back-to-back calls.
struct Timing: Codable {
    var medianNanoseconds: Double
    var samples: Int
    var iterationsPerSample: Int
    /// First and third quartiles of the per-call sample times: how noisy the machine was.
    var lowerQuartileNanoseconds: Double?
    var upperQuartileNanoseconds: Double?

    /// (upper − lower quartile) / median; nil without quartiles.
    var relativeSpread: Double? {
        guard let q1 = lowerQuartileNanoseconds, let q3 = upperQuartileNanoseconds else { return nil }
        return (q3 - q1) / medianNanoseconds
    }

    /// Times `body`. Warm-up: at least 3 calls and 20 ms. Calibration: the iteration count k doubles
    /// until k calls take at least `minimumSample`. Then `samples` samples of k calls each, timed
    /// with `ContinuousClock`; the result is the median of (sample time / k).
    static func measure<E: Error>(
        samples: Int, minimumSample: Duration, _ body: () throws(E) -> Void
    ) throws(E) -> Timing {
        precondition(samples >= 1)
        let clock = ContinuousClock()
        var warmed = 0
        let warmUpStart = clock.now
        while warmed < 3 || warmUpStart.duration(to: clock.now) < .milliseconds(20) {
            try body()
            warmed += 1
        }
        var k = 1
        while true {
            let start = clock.now
            for _ in 0..<k { try body() }
            if start.duration(to: clock.now) >= minimumSample { break }
            k *= 2
        }
        var perCall: [Double] = []
        perCall.reserveCapacity(samples)
        for _ in 0..<samples {
            let start = clock.now
            for _ in 0..<k { try body() }
            perCall.append(start.duration(to: clock.now).nanoseconds / Double(k))
        }
        return Timing(
            medianNanoseconds: median(perCall), samples: samples, iterationsPerSample: k,
            lowerQuartileNanoseconds: quantile(perCall, 0.25), upperQuartileNanoseconds: quantile(perCall, 0.75))
    }
}

/// The median (mean of the middle two for an even count).
func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    let middle = sorted.count / 2
    return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

/// The q-quantile by linear interpolation between the sorted values (q in 0...1).
func quantile(_ values: [Double], _ q: Double) -> Double {
    let sorted = values.sorted()
    let position = q * Double(sorted.count - 1)
    let below = Int(position.rounded(.down)), above = Int(position.rounded(.up))
    return sorted[below] + (sorted[above] - sorted[below]) * (position - Double(below))
}

extension Duration {
    var nanoseconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) * 1e9 + Double(attoseconds) / 1e9
    }
}
