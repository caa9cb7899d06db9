import Octet

/// A real-valued range observed for a tensor (calibration produces them).
public struct TensorRange: Equatable, Sendable {
    public var min: Float
    public var max: Float

    public init(min: Float, max: Float) {
        self.min = min
        self.max = max
    }
}

/// What `quantize` does beyond the defaults.
public struct QuantizationOptions: Equatable, Sendable {
    /// Node names (ONNX names) kept in float32; quantize/dequantize nodes at their boundaries.
    public var keepFloat: Set<String>

    public init(keepFloat: Set<String> = []) {
        self.keepFloat = keepFloat
    }
}

/// Why a graph could not be quantized.
public enum QuantizeError: Error, Equatable, CustomStringConvertible {
    /// An activation the int8 graph needs has no range.
    case missingRange(tensor: String)
    /// A range with NaN or infinite bounds, or min > max.
    case invalidRange(tensor: String, min: Float, max: Float)
    /// `keepFloat` names a node the graph does not have.
    case unknownNode(String)
    /// A bias that does not fit Int32 at scale s_in·s_w[c].
    case biasOverflow(node: String, channel: Int, value: Float)

    public var description: String {
        switch self {
        case .missingRange(let t): return "no calibration range for tensor '\(t)'"
        case .invalidRange(let t, let lo, let hi): return "tensor '\(t)': invalid range [\(lo), \(hi)]"
        case .unknownNode(let n): return "--keep-float: the model has no node named '\(n)'"
        case .biasOverflow(let n, let c, let v): return "node '\(n)': bias \(v) of output channel \(c) overflows Int32 at scale s_in·s_w"
        }
    }
}

/// Quantizes a float32 graph to int8 (DESIGN.md §3):
/// - activations per-tensor asymmetric from `ranges` ([min(lo, 0), max(hi, 0)], scale =
///   (hi − lo)/255, zero point = round(−128 − lo/scale) ties away from zero: real 0 is exactly the
///   zero point); the outputs of max pool, global max pool, average pool (TFLite's rule), reshape,
///   max unpool and standalone clamps keep their input's parameters;
/// - weights symmetric per output channel: scale = max|w|/127 (1 for an all-zero channel),
///   q = round(w/scale) ties away from zero, clamped to [−127, 127];
/// - biases Int32 at scale s_in·s_w[c], rounded ties away from zero;
/// - fused ReLU/ReLU6/Clip stay the producer's clamp;
/// - a conv / fully connected whose output only float consumers read (graph outputs, Softmax,
///   `keepFloat` nodes) writes the dequantized Int32 accumulator as float32 — logits get no
///   int8 rounding;
/// - graph inputs stay float32 with a QUANTIZE node; graph outputs are float32 (DEQUANTIZE where
///   needed); Softmax and `keepFloat` nodes run in float32 with DEQUANTIZE/QUANTIZE at their edges.
/// Taps: every ONNX activation name keeps one tensor (int8 where the int8 graph has one).
public func quantize(
    _ model: ImportedModel, ranges: [String: TensorRange], options: QuantizationOptions = QuantizationOptions()
) throws(QuantizeError) -> ImportedModel {
    for name in options.keepFloat where !model.graph.nodes.contains(where: { $0.name == name }) {
        throw .unknownNode(name)
    }
    var q = GraphQuantizer(source: model.graph, ranges: ranges, keepFloat: options.keepFloat)
    try q.run()
    var out = model
    out.graph = q.graph
    out.inputs = model.inputs.map { var b = $0; b.index = q.floatOf[b.index]!; return b }
    out.outputs = model.outputs.map { var b = $0; b.index = q.outputIndex[b.index]!; return b }
    var names: [String: Int] = [:]
    for (name, t) in model.tensorNames {
        if let i = q.int8Of[t] ?? q.floatOf[t] ?? q.plain[t] { names[name] = i }
    }
    out.tensorNames = names
    return out
}

/// The activation parameters for a real range (see `quantize`).
public func activationQuantization(_ range: TensorRange) -> QuantParams {
    let lo = Swift.min(Double(range.min), 0), hi = Swift.max(Double(range.max), 0)
    guard hi > lo else { return QuantParams(scale: 1, zeroPoint: -128) }
    let scale = Float((hi - lo) / 255)
    let zp = roundHalfAwayFromZero(-128 - lo / Double(scale))
    return QuantParams(scale: scale, zeroPoint: Int32(Swift.min(Swift.max(zp, -128), 127)))
}

/// Symmetric per-channel int8 weights: `channels` output channels, channel-major (`outer`: [O, …])
/// or channel-fastest ([…, O], depthwise).
func quantizeWeights(_ w: [Float], channels: Int, outer: Bool) -> (values: [Int8], scales: [Float]) {
    let inner = w.count / channels
    var scales = [Float](repeating: 1, count: channels)
    var q = [Int8](repeating: 0, count: w.count)
    for c in 0..<channels {
        var amax: Float = 0
        for k in 0..<inner { amax = Swift.max(amax, abs(w[outer ? c * inner + k : k * channels + c])) }
        if amax > 0 { scales[c] = amax / 127 }
        for k in 0..<inner {
            let i = outer ? c * inner + k : k * channels + c
            let r = roundHalfAwayFromZero(Double(w[i]) / Double(scales[c]))
            q[i] = Int8(Swift.min(Swift.max(r, -127), 127))
        }
    }
    return (q, scales)
}
