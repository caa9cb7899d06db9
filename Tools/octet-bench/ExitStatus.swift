/// octet-bench's exit statuses; each means one thing.
enum ExitStatus: Int32 {
    /// The benchmark ran (a missing or failing peer is reported in the output, not here).
    case success = 0
    /// An optimized kernel's output differed from its reference loop's (the table is still printed).
    case referenceMismatch = 1
    /// A kernel rejected a benchmark case (`KernelError`): the case list and the kernels disagree.
    case kernelRejected = 2
    /// The `--json` file could not be written.
    case outputUnwritable = 3
    /// `octet-bench model`: the demo model could not be imported, quantized or run.
    case modelFailed = 4
    /// Bad command line (unknown subcommand or option, bad value, a filter matching nothing).
    case usage = 64
}
