import Octet

/// One row of `octet-bench conv`: a case timed on Octet's entry point or its reference loop, with
/// ONNX Runtime's time for the same case when it ran. Encoded as is by `--json`.
struct ConvResult: Encodable {
    /// The ONNX Runtime side of a row.
    struct Peer: Encodable {
        /// The fastest equivalent formulation, e.g. "com.microsoft.QLinearConv channels_last=1".
        var op: String
        /// Kernels ORT's profiler saw execute for it, in order.
        var executedOps: [String]
        /// "NHWC", "NCHW" or "NC" (a [N, I] matrix).
        var layout: String
        var timing: Timing
        var gigaOperationsPerSecond: Double
        /// Outputs differing from Octet's optimized output, and the largest difference (in LSB);
        /// nil when ORT's output could not be read back.
        var mismatches: Int?
        var maxAbsDifference: Int?
        /// Every formulation the script tried, with its time or why it was refused.
        var candidates: [OrtPeer.Candidate]
        var note: String?
    }

    var name: String
    var kind: ConvCase.Kind
    var path: RowPath
    /// [N, H, W, C].
    var inputShape: [Int]
    /// [N, OH, OW, O].
    var outputShape: [Int]
    /// [O, KH, KW, I] as Octet takes it (depthwise: [1, KH, KW, C]).
    var filterShape: [Int]
    var multiplyAccumulates: Int
    var octet: Timing
    /// 2 · MACs / Octet median.
    var gigaOperationsPerSecond: Double
    /// GOPS / the SSE2 pmaddwd peak of Octet's default build (nil without an estimate).
    var fractionOfPeak: Double?
    /// Optimized rows: whether the output equals the reference loop's.
    var matchesReference: Bool?
    /// Standard deviation (LSB) of the optimized output and the fraction of outputs at −128 or
    /// 127: evidence the output scale uses the int8 range.
    var outputDeviation: Double
    var clampedFraction: Double
    var outputScale: Float
    var peer: Peer?
    /// ORT median / Octet median (above 1: Octet is faster).
    var ortOverOctet: Double?

    init(
        _ prepared: PreparedConvCase, path: RowPath, octet: Timing, peak: MultiplyAddPeak?, matchesReference: Bool?,
        peer: Peer?
    ) {
        let spec = prepared.spec
        func nhwc(_ s: ActivationShape) -> [Int] { [s.batch, s.height, s.width, s.channels] }
        name = path == .optimized ? spec.name : spec.name + " [reference]"
        kind = spec.kind
        self.path = path
        inputShape = nhwc(spec.input)
        outputShape = nhwc(prepared.outputShape)
        filterShape = [spec.filter.outputChannels, spec.filter.height, spec.filter.width, spec.filter.inputChannels]
        multiplyAccumulates = prepared.multiplyAccumulates
        self.octet = octet
        let gops = 2 * Double(multiplyAccumulates) / octet.medianNanoseconds
        gigaOperationsPerSecond = gops
        fractionOfPeak = peak.map { gops / $0.gigaOperationsPerSecond }
        self.matchesReference = matchesReference
        (outputDeviation, clampedFraction) = prepared.outputSpread
        outputScale = prepared.outputQuantization.scale
        self.peer = peer
        ortOverOctet = peer.map { $0.timing.medianNanoseconds / octet.medianNanoseconds }
    }
}
