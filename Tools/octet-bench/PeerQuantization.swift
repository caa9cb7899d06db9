import Octet

/// A tensor's quantization as the peer scripts read it: {"scale", "zeroPoint"} (int8 zero point).
struct PeerQuantization: Encodable {
    var scale: Float
    var zeroPoint: Int32

    init(scale: Float, zeroPoint: Int32) {
        self.scale = scale
        self.zeroPoint = zeroPoint
    }

    init(_ q: QuantParams) { self.init(scale: q.scale, zeroPoint: q.zeroPoint) }
}
