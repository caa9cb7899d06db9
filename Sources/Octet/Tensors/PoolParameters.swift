/// Parameters of a windowed pooling kernel, shared by the int8 and float32 versions of max,
/// average and Lp pooling, for 1, 2 and 3 spatial axes (the rank of `window`).
public struct PoolParameters: Equatable, Sendable {
    public var window: Spatial
    public var stride: Spatial
    public var dilation: Spatial
    public var padding: Padding
    /// Output extent with ceil instead of floor; a last window that would start inside the end
    /// padding is dropped (PyTorch's rule).
    public var ceilMode: Bool
    /// Average pooling only: divide by the cells inside the padded extent, each padding cell
    /// contributing real 0 (the zero point), instead of by the valid cells.
    public var countIncludePad: Bool
    /// Clamp applied to the output.
    public var activation: FusedActivation

    /// `stride` defaults to 1 on every axis (ONNX), `dilation` to 1.
    public init(
        window: Spatial, stride: Spatial? = nil, dilation: Spatial? = nil, padding: Padding = .valid,
        ceilMode: Bool = false, countIncludePad: Bool = false, activation: FusedActivation = .none
    ) {
        self.window = window
        self.stride = stride ?? .uniform(1, rank: window.rank)
        self.dilation = dilation ?? .uniform(1, rank: window.rank)
        self.padding = padding
        self.ceilMode = ceilMode
        self.countIncludePad = countIncludePad
        self.activation = activation
    }
}
