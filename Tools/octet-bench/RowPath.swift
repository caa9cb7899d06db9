/// Which implementation a benchmark row times.
enum RowPath: String, Encodable {
    /// The public kernel entry point (`maxPool`, `conv2D`, …).
    case optimized
    /// The plain reference loop (`Reference.maxPool`, `Reference.conv2D`, …).
    case reference
}
