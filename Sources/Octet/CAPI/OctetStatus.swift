/// The status codes of octet.h (CMSIS-NN style): every export returns one and never traps.
enum OctetStatus {
    static let ok: Int32 = 0
    /// Shape, parameter, quantization and buffer errors, and NULL struct pointers.
    static let invalidArgument: Int32 = -1
    /// `KernelError.unsupported`, and `.accumulatorOverflow` (a conv filter or fully-connected
    /// layer of more than 65536 taps): well-formed arguments the kernel does not support.
    static let unsupported: Int32 = -2

    /// Runs a validating kernel call and maps its typed error to a status code.
    @inline(__always)
    static func of(_ body: () throws(KernelError) -> Void) -> Int32 {
        do {
            try body()
            return ok
        } catch {
            return status(of: error)
        }
    }

    static func status(of error: KernelError) -> Int32 {
        switch error {
        case .unsupported, .accumulatorOverflow: return unsupported
        default: return invalidArgument
        }
    }
}
