// The --help texts. Keep them in step with Arguments.swift and OctetCompare's behaviour.

enum Help {
    static let octet = """
        OVERVIEW: octet — the Octet int8 inference engine's command-line tool.

        USAGE: octet <subcommand> [options]

        SUBCOMMANDS:
          conformance PATH...   Run conformance case files through Octet's int8 kernels and compare
                                the outputs bit-exactly with those another runtime recorded.

          'octet <subcommand> --help' or 'octet help <subcommand>' shows a subcommand's help.

        OPTIONS:
          -h, --help            Show this help.

        EXIT STATUS:
          0  ok
          1  a gate failed (e.g. a conformance mismatch)
          2  usage or input error (the message is on stderr)
          3  internal error

        EXAMPLE:
          octet conformance --tolerance global_avg_pool2d=1 Tests/Fixtures/conformance
        """

    static let conformance = """
        OVERVIEW: Check Octet's int8 kernels against outputs recorded from another runtime.

        Each case file (format octet-conformance/v1) holds one op — conv2d, depthwise_conv2d,
        fully_connected, max_pool2d, avg_pool2d, mean (TFLite MEAN over H, W: Octet's mean op),
        global_avg_pool2d (one rounding: Octet's global average pool) or add — its parameters and quantization, and vectors of inputs
        with the expected int8 outputs (and, for max pool, optional indices). Every vector runs
        through the same Octet kernel the engine uses and every element is compared.

        USAGE: octet conformance [--tolerance K] [--tolerance OP=K]... [--] PATH...

        ARGUMENTS:
          PATH                  A case file, or a directory searched recursively for *.json
                                case files (hidden entries skipped). Files run in sorted path order.

        OPTIONS:
          --tolerance K         Accept |Octet - expected| <= K LSB per output element (K in 0...255;
                                default 0: bit-exact). Differences within K still count in "differ".
          --tolerance OP=K      The same for one op only, overriding K; repeatable.
                                (Max-pool indices are always compared exactly.)
          -h, --help            Show this help.

        OUTPUT (stdout):
          For each failing case, "FAIL FILE (op, source): ..." and its first differing elements
          (JSON path, NHWC coordinates, expected, Octet's value). Then one line per op: cases,
          outputs compared, outputs that differ, max |diff| (and the tolerance, and indices).
          The last line is exactly "N passed, M failed", counting cases (one case per file).

        ERRORS (stderr):
          A file that cannot be read, is not JSON, or is not a valid case — a missing or ill-typed
          field, an array whose length does not match its shape, a value outside int8 (bias:
          int32), an unknown op/padding/activation, a field the op does not take, a filter whose
          layout does not fit the input, an output shape other than the one Octet computes, or
          parameters the kernel rejects — is reported as
            octet: error: FILE: FIELD: reason
          where FIELD is a JSON path such as vectors[2].input or filter.scales[3]. That file is
          skipped, the remaining files still run, and the exit status is 2 (the run is
          incomplete, so an input error outranks a mismatch). A missing PATH, or a directory
          without *.json files, is also an input error.

        EXIT STATUS:
          0  every case passed
          1  a case failed: an output element differs by more than the tolerance, or an index
          2  usage or input error (see ERRORS; takes precedence over 1)
          3  internal error

        EXAMPLES:
          octet conformance Tests/Fixtures/conformance/tflite/conv2d_1x1.json
          octet conformance --tolerance global_avg_pool2d=1 Tests/Fixtures/conformance
          octet conformance --tolerance 1 --tolerance max_pool2d=0 Tests/Fixtures/conformance/ort
        """
}
