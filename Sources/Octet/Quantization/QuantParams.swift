/// Affine quantization of an int8 tensor: real = scale · (q − zeroPoint).
/// Activations are per-tensor asymmetric with zeroPoint in −128...127 (DESIGN.md §3).
public struct QuantParams: Equatable, Sendable {
    public var scale: Float
    public var zeroPoint: Int32

    @inlinable
    public init(scale: Float, zeroPoint: Int32) {
        self.scale = scale
        self.zeroPoint = zeroPoint
    }

    /// Scale 1, zero point 0: the int8 values are the real values.
    public static let identity = QuantParams(scale: 1, zeroPoint: 0)

    /// True when the scale is finite and positive and the zero point is an int8 value.
    public var isValid: Bool {
        scale.isFinite && scale > 0 && zeroPoint >= -128 && zeroPoint <= 127
    }

    /// Throws `.invalidQuantization(role, …)` unless `isValid`.
    func validate(as role: TensorRole) throws(KernelError) {
        guard isValid else { throw .invalidQuantization(role, scale: scale, zeroPoint: zeroPoint) }
    }

    /// float → int8 as TFLite's reference Quantize: round(x / scale) (float division, ties away
    /// from zero) + zeroPoint, clamped to −128...127. NaN maps to the zero point (real 0).
    @inlinable
    public func quantize(_ x: Float) -> Int8 {
        if x.isNaN { return Int8(truncatingIfNeeded: zeroPoint) }
        let r = roundHalfAwayFromZero(x / scale)
        // Clamp in float first so the integer conversion cannot overflow (±Inf included).
        let bounded = Swift.min(Swift.max(r, -1024), 1024)
        return saturatingInt8(Int32(bounded) + zeroPoint)
    }

    /// int8 → float: scale · (q − zeroPoint), computed in Float as TFLite's Dequantize.
    @inlinable
    public func dequantize(_ q: Int8) -> Float {
        scale * Float(Int32(q) - zeroPoint)
    }
}
