/// The clock a peak estimate uses: measured while busy (`Machine.measuredMegahertz`, the highest
/// of the measurements taken before and after timing) when possible, else /proc/cpuinfo's.
struct HostClock: Encodable {
    /// /proc/cpuinfo "cpu MHz" (a VM's nominal clock).
    var nominalMegahertz: Double?
    /// Dependent-multiply measurements, MHz.
    var measuredMegahertz: [Double]
    /// What the peak uses: the highest measurement, else the nominal clock.
    var megahertz: Double?

    init(nominal: Double?, measured: [Double]) {
        nominalMegahertz = nominal
        measuredMegahertz = measured
        megahertz = measured.max() ?? nominal
    }
}
