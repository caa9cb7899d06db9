/// A clamp fused into a kernel's output, stated in real (float) units.
public enum FusedActivation: Equatable, Sendable {
    case none
    case relu
    case relu6
    /// Clamp to [min, max] (ONNX Clip); either bound may be infinite.
    case clamp(min: Float, max: Float)

    /// The real-valued bounds: none = (−∞, +∞), relu = [0, +∞), relu6 = [0, 6].
    public var realBounds: (min: Float, max: Float) {
        switch self {
        case .none: return (-Float.infinity, Float.infinity)
        case .relu: return (0, Float.infinity)
        case .relu6: return (0, 6)
        case .clamp(let lo, let hi): return (lo, hi)
        }
    }

    /// The quantized range as TFLite's CalculateActivationRangeQuantized:
    /// min = max(−128, zp + round(lo / scale)), max = min(127, zp + round(hi / scale)),
    /// float division, ties away from zero; infinite bounds leave −128 / 127.
    public func int8Range(_ q: QuantParams) -> Int8Range {
        let (lo, hi) = realBounds
        return Int8Range(
            min: lo == -Float.infinity ? -128 : q.quantize(lo),
            max: hi == Float.infinity ? 127 : q.quantize(hi))
    }
}

/// An inclusive int8 clamp range [min, max] in quantized units.
public struct Int8Range: Equatable, Sendable {
    public var min: Int8
    public var max: Int8

    @inlinable
    public init(min: Int8, max: Int8) {
        self.min = min
        self.max = max
    }

    public static let full = Int8Range(min: -128, max: 127)

    @inlinable
    public func clamp(_ x: Int32) -> Int8 {
        x < Int32(min) ? min : (x > Int32(max) ? max : Int8(truncatingIfNeeded: x))
    }

    @inlinable
    public func clamp(_ x: Int8) -> Int8 {
        x < min ? min : (x > max ? max : x)
    }
}
