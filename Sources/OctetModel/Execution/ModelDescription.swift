import Foundation
import Octet

/// `octet inspect`'s text: inputs and outputs (ONNX layout), every node with its op, parameters
/// and output shapes and quantization, constant (weight) bytes, activation arena bytes.
public func describeModel(_ runner: ModelRunner, title: String) -> [String] {
    let file = runner.file
    var lines = ["model \(title): .octet v\(file.majorVersion).\(file.minorVersion), \(file.tensors.count) tensors, \(file.nodes.count) nodes"]
    func tensorText(_ t: Int) -> String {
        let tensor = file.tensors[t]
        var s = "\(runner.tensorNames[t]) \(tensor.elementType) \(tensor.shape)"
        if let q = tensor.quantization { s += " (scale \(q.scale), zero point \(q.zeroPoint))" }
        if tensor.channelScaleCount > 0 { s += " (\(tensor.channelScaleCount) per-channel scales)" }
        return s
    }
    for b in runner.inputs { lines.append("input  \(b.name): \(layoutText(b)) — \(tensorText(b.index))") }
    for b in runner.outputs { lines.append("output \(b.name): \(layoutText(b)) — \(tensorText(b.index))") }
    var weightBytes = 0
    for t in file.tensors where t.isConstant { weightBytes += t.byteCount + 4 * t.channelScaleCount }
    lines.append("nodes:")
    for (k, node) in file.nodes.enumerated() {
        let name = String(decoding: file.nameBytes(ofNode: k), as: UTF8.self)
        lines.append("  [\(k)] \(node.op) '\(name)'\(parameterText(node.parameters))")
        for case let t? in node.inputs where file.tensors[t].isConstant {
            lines.append("      weight \(tensorText(t)), \(file.tensors[t].byteCount) bytes")
        }
        for t in node.outputs { lines.append("      -> \(tensorText(t))") }
    }
    lines.append("constant (weight) bytes: \(weightBytes)")
    lines.append("arena bytes: \(runner.arenaSize) (activations, planned by liveness at load)")
    return lines
}

private func layoutText(_ b: BoundaryTensor) -> String {
    switch b.layout {
    case .channelsFirst: return "ONNX \(b.onnxShape) (channels-first; Octet runs channels-last)"
    case .features: return "ONNX \(b.onnxShape)"
    case .flattenedChannelsFirst: return "ONNX \(b.onnxShape) (flattened channels-first)"
    }
}

private func activationText(_ a: FusedActivation) -> String {
    switch a {
    case .none: return ""
    case .relu: return ", relu"
    case .relu6: return ", relu6"
    case .clamp(let lo, let hi): return ", clamp [\(lo), \(hi)]"
    }
}

private func spatialText(_ s: Spatial) -> String {
    [s.depth, s.height, s.width].suffix(s.rank).map(String.init).joined(separator: "×")
}

private func paddingText(_ p: Padding) -> String {
    switch p {
    case .valid: return "valid"
    case .same: return "same"
    case .sameLower: return "same_lower"
    case .explicit(let b, let e): return "begin \(spatialText(b)) end \(spatialText(e))"
    }
}

private func parameterText(_ p: NodeParameters) -> String {
    switch p {
    case .none: return ""
    case .conv(let c):
        return ": stride \(spatialText(c.stride)), dilation \(spatialText(c.dilation)), padding \(paddingText(c.padding)), groups \(c.groups)\(activationText(c.activation))"
    case .depthwiseConv(let c, let m):
        return ": stride \(spatialText(c.stride)), dilation \(spatialText(c.dilation)), padding \(paddingText(c.padding)), multiplier \(m)\(activationText(c.activation))"
    case .activation(let a):
        let text = activationText(a)
        return text.isEmpty ? "" : ":" + text.dropFirst()
    case .pool(let q, let power):
        var s = ": window \(spatialText(q.window)), stride \(spatialText(q.stride)), dilation \(spatialText(q.dilation)), padding \(paddingText(q.padding))"
        if q.ceilMode { s += ", ceil" }
        if q.countIncludePad { s += ", count_include_pad" }
        if power > 0 { s += ", p \(power)" }
        return s + activationText(q.activation)
    case .globalLp(let power):
        return ": p \(power)"
    }
}
