/// The status codes of octet.h (CMSIS-NN style): every export returns one and never traps.
enum OctetStatus {
    static let ok: Int32 = 0
    /// Shape, parameter, quantization and buffer errors, and NULL struct pointers.
    static let invalidArgument: Int32 = -1
    /// `KernelError.unsupported`: well-formed arguments the kernel does not support.
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
        if case .unsupported = error { return unsupported }
        return invalidArgument
    }
}
