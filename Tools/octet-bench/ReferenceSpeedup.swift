/// How much faster the optimized kernel is than its plain reference loop on one case.
struct ReferenceSpeedup: Encodable {
    var name: String
    /// The reference loop, e.g. "Reference.conv2D".
    var reference: String
    /// Reference median / optimized median.
    var optimizedOverReference: Double
}
