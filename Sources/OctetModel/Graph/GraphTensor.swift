import Octet

/// A tensor of a graph: an activation (produced by a node or fed as a graph input) or a constant.
///
/// Shapes are channels-last, as the kernels take them: an activation with `spatialRank` s has
/// dims [N, W, C] (s = 1), [N, H, W, C] (s = 2) or [N, D, H, W, C] (s = 3); a fully-connected
/// layer's [N, F] is [N, 1, F] (s = 1). Constants keep their kernel layout (conv OHWI, depthwise
/// [1, kh, kw, C·M], fully connected [O, I], bias [O]) and have `spatialRank` 0.
public struct GraphTensor: Equatable, Sendable {
    /// The ONNX tensor name (taps are keyed by it).
    public var name: String
    public var type: ElementType
    public var shape: [Int]
    public var spatialRank: Int
    /// Int8 tensors only.
    public var quantization: TensorQuantization?
    /// Constants only.
    public var data: TensorData?

    public init(
        name: String, type: ElementType, shape: [Int], spatialRank: Int,
        quantization: TensorQuantization? = nil, data: TensorData? = nil
    ) {
        self.name = name
        self.type = type
        self.shape = shape
        self.spatialRank = spatialRank
        self.quantization = quantization
        self.data = data
    }

    public var isConstant: Bool { data != nil }

    public var elementCount: Int { shape.reduce(1, *) }

    /// The activation shape of a spatial tensor (nil for constants and malformed ranks).
    public var activationShape: ActivationShape? {
        ActivationShape(channelsLast: shape, spatialRank: spatialRank)
    }
}

/// How an int8 tensor maps to real values: real = scale · (q − zeroPoint).
public enum TensorQuantization: Equatable, Sendable {
    /// Activations (asymmetric) and per-tensor weights.
    case perTensor(QuantParams)
    /// Symmetric weights with one scale per output channel (zero point 0). The channel axis is
    /// the layout's output axis: conv O, depthwise the last (C·M), fully connected O.
    case perChannel([Float])
}

/// A tensor's values in its layout's row-major order: constants' data, run outputs and taps.
public enum TensorData: Equatable, Sendable {
    case int8([Int8])
    case int32([Int32])
    case float32([Float])

    public var count: Int {
        switch self {
        case .int8(let v): return v.count
        case .int32(let v): return v.count
        case .float32(let v): return v.count
        }
    }

    public var type: ElementType {
        switch self {
        case .int8: return .int8
        case .int32: return .int32
        case .float32: return .float32
        }
    }
}
