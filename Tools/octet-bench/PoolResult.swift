/// One row of `octet-bench pool`: a case timed on Octet's optimized kernel or its reference loop,
/// with the peer's time for the same case when it ran. Encoded as is by `--json`.
struct PoolResult: Encodable {
    typealias Path = RowPath

    /// The ONNX Runtime side of a row.
    struct Peer: Encodable {
        /// The operator in the ORT graph, e.g. "com.microsoft.NhwcMaxPool".
        var op: String
        /// Kernels ORT's profiler saw execute.
        var executedOps: [String]
        /// "NHWC", or "NCHW" for the ONNX MaxPool fallback.
        var layout: String
        var timing: Timing
        /// Outputs differing from Octet's optimized output, and the largest difference (in LSB);
        /// nil when ORT's output could not be read back.
        var mismatches: Int?
        var maxAbsDifference: Int?
        var note: String?
    }

    var name: String
    var kind: PoolCase.Kind
    var path: Path
    /// [N, H, W, C].
    var inputShape: [Int]
    /// [N, OH, OW, C].
    var outputShape: [Int]
    var inputBytes: Int
    var octet: Timing
    /// Input bytes / Octet median time.
    var gigabytesPerSecond: Double
    /// Optimized rows: whether the output equals the reference loop's.
    var matchesReference: Bool?
    var peer: Peer?
    /// ORT median / Octet median (above 1: Octet is faster).
    var ortOverOctet: Double?

    init(_ prepared: PreparedPoolCase, path: Path, octet: Timing, matchesReference: Bool?, peer: Peer?) {
        let shape = prepared.spec.input
        name = path == .optimized ? prepared.spec.name : prepared.spec.name + " [reference]"
        kind = prepared.spec.kind
        self.path = path
        let output = prepared.plan.output
        inputShape = [shape.batch, shape.height, shape.width, shape.channels]
        outputShape = [output.batch, output.height, output.width, output.channels]
        inputBytes = prepared.inputBytes
        self.octet = octet
        gigabytesPerSecond = Double(inputBytes) / octet.medianNanoseconds
        self.matchesReference = matchesReference
        self.peer = peer
        ortOverOctet = peer.map { $0.timing.medianNanoseconds / octet.medianNanoseconds }
    }
}
