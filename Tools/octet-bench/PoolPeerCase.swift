/// One pooling case as `Tools/ort_pool_bench.py` reads it (its docstring is the protocol).
struct PoolPeerCase: Encodable {
    var name: String
    var op: String
    var inputShape: [Int]
    var outputShape: [Int]
    var window: [Int]
    var stride: [Int]
    /// [top, left, bottom, right] (ONNX `pads` order).
    var pads: [Int]
    var countIncludePad: Bool
    var input: PeerQuantization
    var output: PeerQuantization
    var inputPath: String
    var outputPath: String
}
