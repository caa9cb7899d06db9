/// What became of the ONNX Runtime peer in one benchmark run.
struct PeerSummary: Encodable {
    var available: Bool
    var reason: String? = nil
    var ortVersion: String? = nil
    var python: String? = nil
    var numpyVersion: String? = nil
    /// Median time of one run_with_iobinding call on a one-element Identity graph: the floor
    /// included in every ORT median.
    var callOverheadNanoseconds: Double? = nil
}
