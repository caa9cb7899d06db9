// The --help texts. Keep them in step with Arguments.swift and OctetCompare's behaviour.

enum Help {
    static let octet = """
        OVERVIEW: octet — the Octet int8 inference engine's command-line tool.

        USAGE: octet <subcommand> [options]

        SUBCOMMANDS:
          demo                  The whole job on the shipped demo model: import, calibrate (min/max),
                                quantize to int8, run float32 and int8, report accuracy and agreement.
          inspect MODEL         Inputs, outputs, nodes, shapes, parameters, quantization, weight and
                                arena bytes of an .onnx or .octet model.
          run MODEL             Run a model on an .npy input (float32 for ONNX, int8 for .octet).
          quantize MODEL.onnx   Quantize to an int8 .octet model from calibration ranges.
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

        EXAMPLES:
          octet demo
          octet conformance --tolerance global_avg_pool2d=1 Tests/Fixtures/conformance
        """

    static let demo = """
        OVERVIEW: Run the whole job on the shipped demo (a digits CNN, Tools/octet/Demo).

        Imports the float32 ONNX model, runs it over the 200-sample calibration split to take
        min/max ranges of every activation, quantizes it to an int8 .octet model (per-channel
        weights, int32 biases, float logits), then runs float32 and int8 over the 400 test
        samples and prints accuracy, top-1 agreement, the accuracy drop and the float32
        executor's distance to ONNX Runtime's logits.

        USAGE: octet demo [--output-dir DIR]

        OPTIONS:
          --output-dir DIR      Also write DIR/demo.octet and DIR/ranges.json.
          -h, --help            Show this help.

        EXIT STATUS: 0 ok, 2 input error, 3 internal error.

        EXAMPLE:
          swift run -c release octet demo --output-dir /tmp/octet-demo
        """

    static let inspect = """
        OVERVIEW: Describe a model: inputs and outputs (ONNX layout), every node with its op,
        parameters, output shapes and quantization, constant (weight) bytes and the activation
        arena the runtime plans at load. ONNX models are imported (float32) first.

        USAGE: octet inspect MODEL.(onnx|octet)

        EXIT STATUS: 0 ok, 2 the model cannot be read, imported or validated (message on stderr).

        EXAMPLE:
          octet inspect Tools/octet/Demo/digits-cnn.onnx
        """

    static let run = """
        OVERVIEW: Run a model on an .npy input: ONNX models run in float32 (Octet's reference
        kernels), .octet models as written (int8). The input's first axis is the batch, the rest
        must match the model's input in ONNX layout (e.g. [N, 1, 16, 16]); outputs stack the same
        way. MaxPool indices come out as ONNX's flat NCHW int64 indices.

        USAGE: octet run MODEL.(onnx|octet) --input X.npy [--output Y.npy]

        OPTIONS:
          --input X.npy         float32, float64, int8, uint8 or int64 values, C order (NPY 1.0-3.0).
          --output Y.npy        Write output 0 to Y.npy (output k > 0 to Y.k.npy); without it the
                                first samples' argmax and values are printed.

        EXIT STATUS: 0 ok, 2 input error, 3 internal error.

        EXAMPLE:
          octet run Tools/octet/Demo/digits-cnn.onnx --input Tools/octet/Demo/test.npy --output logits.npy
        """

    static let quantize = """
        OVERVIEW: Quantize an ONNX model to an int8 .octet model: per-tensor asymmetric
        activations from the ranges (real 0 exactly representable), per-channel symmetric int8
        weights, int32 biases, fused ReLU/ReLU6, float32 logits from the last layer's accumulator.

        USAGE: octet quantize MODEL.onnx --ranges FILE -o MODEL.octet [--keep-float NODE,...]

        OPTIONS:
          --ranges FILE         JSON {"tensor name": [min, max], ...} (or an object with "ranges").
          -o, --output FILE     The .octet file to write (atomically).
          --keep-float NODES    Comma-separated ONNX node names to keep in float32.

        EXIT STATUS: 0 ok, 2 input error (a missing range names the tensor), 3 internal error.

        EXAMPLE:
          octet demo --output-dir /tmp/d && octet quantize Tools/octet/Demo/digits-cnn.onnx --ranges /tmp/d/ranges.json -o /tmp/d/digits.octet
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
