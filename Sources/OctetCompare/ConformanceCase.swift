/// One conformance case file, `octet-conformance/v1`, as written: an op, its parameters and
/// quantization, and vectors of inputs with the outputs another runtime produced for them.
///
/// This is the file's shape only; `validated(file:)` (ConformanceCase+Validation.swift) checks
/// every field against the op and the shapes and turns it into a `CheckedCase`. Keys are the
/// file's snake_case names, so decoding errors name the JSON path. Keys not listed here
/// ("name", "generator", "seed", "notes", …) are allowed and ignored.
///
/// Arrays are flat and row-major. Activations NHWC (fully connected: [batch, features]); filters
/// OHWI (conv), [1, kh, kw, C·M] (depthwise), [out, in] (fully connected). Values int8, bias int32.
/// Scales are float32 values written as decimals: read as Double, used as Float.
public struct ConformanceCase: Codable, Equatable, Sendable {
    /// The one format this reader understands.
    public static let currentFormat = "octet-conformance/v1"

    public var format: String
    /// A `ConformanceOp` raw value.
    public var op: String
    /// The runtime and version that produced the expected outputs, e.g. "TFLite 2.21.0 BUILTIN_REF".
    public var source: String
    public var params: Params?
    public var input: Activation
    /// Add only: the second operand.
    public var input2: Activation?
    /// Conv, depthwise and fully connected only.
    public var filter: Filter?
    /// Conv, depthwise and fully connected only; absent means zero bias.
    public var bias: Bias?
    public var output: Activation
    public var vectors: [Vector]

    public init(
        format: String = ConformanceCase.currentFormat, op: String, source: String, params: Params? = nil,
        input: Activation, input2: Activation? = nil, filter: Filter? = nil, bias: Bias? = nil,
        output: Activation, vectors: [Vector]
    ) {
        self.format = format
        self.op = op
        self.source = source
        self.params = params
        self.input = input
        self.input2 = input2
        self.filter = filter
        self.bias = bias
        self.output = output
        self.vectors = vectors
    }

    /// Geometry and fused activation. Which keys an op needs: see `validated(file:)`.
    public struct Params: Codable, Equatable, Sendable {
        /// [kh, kw]: the pooling window; for conv and depthwise, if present, it must match the filter.
        public var filter: [Int]?
        /// [sh, sw].
        public var stride: [Int]?
        /// [dh, dw]; default [1, 1].
        public var dilation: [Int]?
        public var padding: PaddingSpec?
        /// "none" (default), "relu" or "relu6".
        public var activation: String?
        /// Depthwise only; default (filter channels) / (input channels).
        public var depthMultiplier: Int?
        /// Average pool only (ONNX): divide by the padded window area; default false.
        public var countIncludePad: Bool?
        /// Mean only: if present, [1, 2] (H and W).
        public var axes: [Int]?
        /// Mean only: if present, true.
        public var keepDims: Bool?

        public init(
            filter: [Int]? = nil, stride: [Int]? = nil, dilation: [Int]? = nil, padding: PaddingSpec? = nil,
            activation: String? = nil, depthMultiplier: Int? = nil, countIncludePad: Bool? = nil,
            axes: [Int]? = nil, keepDims: Bool? = nil
        ) {
            self.filter = filter
            self.stride = stride
            self.dilation = dilation
            self.padding = padding
            self.activation = activation
            self.depthMultiplier = depthMultiplier
            self.countIncludePad = countIncludePad
            self.axes = axes
            self.keepDims = keepDims
        }

        enum CodingKeys: String, CodingKey {
            case filter, stride, dilation, padding, activation, axes
            case depthMultiplier = "depth_multiplier"
            case countIncludePad = "count_include_pad"
            case keepDims = "keep_dims"
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            filter = try c.decodeIntegersIfPresent(.filter)
            stride = try c.decodeIntegersIfPresent(.stride)
            dilation = try c.decodeIntegersIfPresent(.dilation)
            padding = try c.decodeIfPresent(PaddingSpec.self, forKey: .padding)
            activation = try c.decodeIfPresent(String.self, forKey: .activation)
            depthMultiplier = try c.decodeIntegerIfPresent(.depthMultiplier)
            countIncludePad = try c.decodeIfPresent(Bool.self, forKey: .countIncludePad)
            axes = try c.decodeIntegersIfPresent(.axes)
            keepDims = try c.decodeIfPresent(Bool.self, forKey: .keepDims)
        }
    }

    /// "same", "valid" (any other name is rejected by validation) or [top, left, bottom, right].
    public enum PaddingSpec: Codable, Equatable, Sendable {
        case named(String)
        case explicit([Int])

        public init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let name = try? container.decode(String.self) {
                self = .named(name)
            } else if let amounts = try? container.decode([Double].self) {
                self = .explicit(try integers(amounts, at: decoder.codingPath))
            } else {
                throw DecodingError.typeMismatch(
                    PaddingSpec.self,
                    DecodingError.Context(
                        codingPath: decoder.codingPath,
                        debugDescription: "expected \"same\", \"valid\" or [top, left, bottom, right]"))
            }
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .named(let name): try container.encode(name)
            case .explicit(let amounts): try container.encode(amounts)
            }
        }
    }

    /// An activation tensor: shape and per-tensor quantization (the values are in `vectors`).
    public struct Activation: Codable, Equatable, Sendable {
        public var shape: [Int]
        public var scale: Double
        public var zeroPoint: Int

        public init(shape: [Int], scale: Double, zeroPoint: Int) {
            self.shape = shape
            self.scale = scale
            self.zeroPoint = zeroPoint
        }

        enum CodingKeys: String, CodingKey {
            case shape, scale
            case zeroPoint = "zero_point"
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            shape = try c.decodeIntegers(.shape)
            scale = try c.decode(Double.self, forKey: .scale)
            zeroPoint = try c.decodeInteger(.zeroPoint)
        }
    }

    /// Symmetric int8 weights with one scale per output channel (or one for all).
    public struct Filter: Codable, Equatable, Sendable {
        public var shape: [Int]
        public var scales: [Double]
        public var data: [Int]

        public init(shape: [Int], scales: [Double], data: [Int]) {
            self.shape = shape
            self.scales = scales
            self.data = data
        }

        enum CodingKeys: String, CodingKey { case shape, scales, data }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            shape = try c.decodeIntegers(.shape)
            scales = try c.decode([Double].self, forKey: .scales)
            data = try c.decodeIntegers(.data)
        }
    }

    /// Int32 bias, one per output channel (scale s_in·s_w[c], zero point 0).
    public struct Bias: Codable, Equatable, Sendable {
        public var data: [Int]

        public init(data: [Int]) { self.data = data }

        enum CodingKeys: String, CodingKey { case data }

        public init(from decoder: any Decoder) throws {
            data = try decoder.container(keyedBy: CodingKeys.self).decodeIntegers(.data)
        }
    }

    /// One input (two for add) and the expected output; max pool may add the expected indices
    /// (per-(n, c)-plane flat h·W + w).
    public struct Vector: Codable, Equatable, Sendable {
        public var input: [Int]
        public var input2: [Int]?
        public var output: [Int]
        public var indices: [Int]?

        public init(input: [Int], input2: [Int]? = nil, output: [Int], indices: [Int]? = nil) {
            self.input = input
            self.input2 = input2
            self.output = output
            self.indices = indices
        }

        enum CodingKeys: String, CodingKey { case input, input2, output, indices }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            input = try c.decodeIntegers(.input)
            input2 = try c.decodeIntegersIfPresent(.input2)
            output = try c.decodeIntegers(.output)
            indices = try c.decodeIntegersIfPresent(.indices)
        }
    }
}
