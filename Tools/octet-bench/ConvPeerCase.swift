/// One conv / depthwise / fully-connected case as `Tools/ort_conv_bench.py` reads it (its
/// docstring is the protocol). Files hold raw little-endian values in Octet's layouts.
struct ConvPeerCase: Encodable {
    var name: String
    /// "conv", "depthwiseConv" or "fullyConnected" (`ConvCase.Kind`'s raw values).
    var op: String
    /// [N, H, W, C]; fully connected: [N, 1, 1, I].
    var inputShape: [Int]
    /// [N, OH, OW, O]; fully connected: [N, 1, 1, O].
    var outputShape: [Int]
    var kernel: [Int]
    var stride: [Int]
    var dilation: [Int]
    /// [top, left, bottom, right] (ONNX `pads` order).
    var pads: [Int]
    /// 1, or C for depthwise.
    var group: Int
    var input: PeerQuantization
    var output: PeerQuantization
    /// int8 NHWC.
    var inputPath: String
    /// int8: conv OHWI, depthwise [KH, KW, C], fully connected [O, I].
    var weightsPath: String
    /// int32 [O].
    var biasPath: String
    /// float32 [O].
    var filterScalesPath: String
    /// Written by the peer: int8 NHWC.
    var outputPath: String
}
