/// An array as a .npy file holds it: C-order values and their shape (empty shape = scalar).
public struct NPYArray: Sendable, Equatable {
    public var shape: [Int]
    public var values: NPYValues

    public init(shape: [Int], values: NPYValues) {
        self.shape = shape
        self.values = values
    }
}
