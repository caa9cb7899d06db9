#if !hasFeature(Embedded)
// Human-readable messages for hosts; Embedded builds keep the enum only (the C API maps cases to
// status codes).

extension KernelError: CustomStringConvertible {
    public var description: String {
        func axisName(_ a: Int) -> String { ["depth", "height", "width"][a] }
        switch self {
        case .invalidWindow(let axis, let value): return "window \(axisName(axis)) is \(value); it must be at least 1"
        case .invalidStride(let axis, let value): return "stride \(axisName(axis)) is \(value); it must be at least 1"
        case .invalidDilation(let axis, let value): return "dilation \(axisName(axis)) is \(value); it must be at least 1"
        case .invalidPadding(let axis, let begin, let end, let extent):
            return "padding \(axisName(axis)) (\(begin), \(end)) must be in 0..<\(extent), the dilated window extent"
        case .emptyOutput(let axis, let input, let window):
            return "input \(axisName(axis)) \(input) (with padding) is smaller than the window extent \(window)"
        case .emptyWindow(let axis, let index): return "output \(axisName(axis)) \(index) has a window with no input cell"
        case .rankMismatch(let expected, let actual): return "spatial rank \(actual) where the tensor has \(expected)"
        case .malformedShape(let role, let shape): return "\(role) shape \(shape.text) has an empty or oversized extent"
        case .shapeMismatch(let role, let expected, let actual): return "\(role) shape \(actual.text), expected \(expected.text)"
        case .bufferTooSmall(let role, let required, let actual): return "\(role) buffer holds \(actual) elements, needs \(required)"
        case .invalidQuantization(let role, let scale, let zp):
            return "\(role) quantization (scale \(scale), zero point \(zp)) needs a finite positive scale and a zero point in -128...127"
        case .quantizationMismatch(let i, let o):
            return "input quantization (\(i.scale), \(i.zeroPoint)) differs from output (\(o.scale), \(o.zeroPoint)); this kernel needs them equal"
        case .indexOutOfRange(let position, let index, let plane):
            return "index \(index) at position \(position) of the indices tensor is outside its plane of \(plane) cells"
        case .unsupported(let parameter, let value): return "unsupported \(parameter) \(value)"
        case .channelMismatch(let expected, let actual): return "input has \(actual) channels, the filter expects \(expected)"
        case .groupsMismatch(let i, let o, let g): return "groups \(g) must divide input channels \(i) and output channels \(o)"
        case .invalidFilterShape(let f):
            return "filter shape [\(f.outputChannels), \(f.height), \(f.width), \(f.inputChannels)] has an empty or oversized extent"
        case .biasLength(let expected, let actual): return "bias has \(actual) values, expected \(expected) (one per output channel)"
        case .scaleCount(let expected, let actual): return "filter has \(actual) scales, expected 1 or \(expected)"
        case .invalidFilterScale(let channel, let scale): return "filter scale \(scale) of output channel \(channel) is not finite and positive"
        case .accumulatorOverflow(let taps, let limit): return "\(taps) taps per output exceed \(limit): the Int32 accumulator could overflow"
        }
    }
}

extension ActivationShape {
    /// "[N, H, W, C]" (as many spatial axes as the rank).
    var text: String {
        let spatial = [depth, height, width].suffix(spatialRank).map(String.init)
        return "[" + ([String(batch)] + spatial + [String(channels)]).joined(separator: ", ") + "]"
    }
}
#endif
