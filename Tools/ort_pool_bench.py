#!/usr/bin/env python3
"""ONNX Runtime peer for `octet-bench pool`: times ORT's int8 pooling kernels on the inputs Octet used.

Usage: python3 Tools/ort_pool_bench.py            # line protocol on stdin/stdout (below)
       python3 Tools/ort_pool_bench.py --check    # exit 0 if onnxruntime imports, else 3

Line protocol (one JSON object per line, so octet-bench can time each case on Octet and on ORT
back to back, and both see the same machine state):
  on start, the script writes {"available": true, "ortVersion", "numpyVersion", "python"} —
    or {"available": false, "reason": "..."} and exits with status 0 when onnxruntime is missing;
  then for each request line
    {"samples": 21, "minimumSampleSeconds": 0.001,
     "case": {"name": "maxpool 3x3/2 p1 1x28x28x256",
              "op": "maxPool" | "averagePool" | "globalAveragePool",
              "inputShape": [N, H, W, C], "outputShape": [N, OH, OW, C],
              "window": [KH, KW], "stride": [SH, SW], "pads": [top, left, bottom, right],
              "countIncludePad": false,
              "input": {"scale": 0.05, "zeroPoint": 3}, "output": {"scale": 0.05, "zeroPoint": 3},
              "inputPath": "/tmp/.../case0.in", "outputPath": "/tmp/.../case0.ort"}}
  it writes {"name", "ortOp", "layout", "executedOps", "medianNs", "q1Ns", "q3Ns", "samples",
  "iterationsPerSample", "note"} ("ortOp": null and a note when every candidate is refused);
  a request {"samples": ..., "minimumSampleSeconds": ..., "overhead": true} answers
  {"callOverheadNs": ...}. The script exits at end of input.
  The input file holds N·H·W·C raw int8 values, NHWC. ORT's output (NHWC) is written to
  outputPath so octet-bench can compare it with its own.

Which kernel: max pool uses com.microsoft NhwcMaxPool (int8 NHWC), falling back to ONNX MaxPool on
NCHW int8 if the contrib op is refused; average pool com.microsoft QLinearAveragePool with
channels_last=1; global average com.microsoft QLinearGlobalAveragePool with channels_last=1. Each
session is single-threaded (intra/inter op threads 1, sequential execution, ORT_ENABLE_ALL); a
separate profiled session records which kernels actually execute ("executedOps").

Timing: input and output are pre-bound OrtValues (IOBinding), so each call is
session.run_with_iobinding — ORT's per-call overhead (and the Python call) is included. After a
warm-up, the iteration count k doubles until k calls take at least minimumSampleSeconds; each sample
is (time of k calls) / k, and the median over `samples` samples is reported. callOverheadNs is the
same measurement for a one-element Identity graph: the floor every ORT median includes.
"""
import json
import os
import sys
import tempfile
import time


def fail_unavailable(reason):
    sys.stdout.write(json.dumps({"available": False, "reason": reason}) + "\n")
    sys.exit(0)


try:
    import numpy as np
    import onnxruntime as ort
    from onnx import TensorProto, helper
except Exception as error:  # ImportError, or a broken native library
    if "--check" in sys.argv:
        sys.exit(3)
    fail_unavailable(f"{type(error).__name__}: {error}")

OPSETS = [helper.make_opsetid("", 19), helper.make_opsetid("com.microsoft", 1)]


def session_options(profile_prefix=None):
    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    options.log_severity_level = 3
    if profile_prefix is not None:
        options.enable_profiling = True
        options.profile_file_prefix = profile_prefix
    return options


def make_model(node, input_shape, initializers):
    x = helper.make_tensor_value_info("x", TensorProto.INT8, input_shape)
    y = helper.make_tensor_value_info("y", TensorProto.INT8, None)
    graph = helper.make_graph([node], "pool", [x], [y], initializer=initializers)
    model = helper.make_model(graph, opset_imports=OPSETS)
    model.ir_version = 9
    return model.SerializeToString()


def quantization_initializers(case):
    q_in, q_out = case["input"], case["output"]
    return [
        helper.make_tensor("x_scale", TensorProto.FLOAT, [], [q_in["scale"]]),
        helper.make_tensor("x_zero_point", TensorProto.INT8, [], [q_in["zeroPoint"]]),
        helper.make_tensor("y_scale", TensorProto.FLOAT, [], [q_out["scale"]]),
        helper.make_tensor("y_zero_point", TensorProto.INT8, [], [q_out["zeroPoint"]]),
    ]


QUANT_INPUTS = ["x", "x_scale", "x_zero_point", "y_scale", "y_zero_point"]


def candidate_models(case):
    """(ortOp, layout, model bytes, note) in order of preference."""
    n, h, w, c = case["inputShape"]
    op = case["op"]
    if op == "maxPool":
        attributes = dict(kernel_shape=case["window"], strides=case["stride"], pads=case["pads"])
        nhwc = helper.make_node("NhwcMaxPool", ["x"], ["y"], domain="com.microsoft", **attributes)
        nchw = helper.make_node("MaxPool", ["x"], ["y"], **attributes)
        return [
            ("com.microsoft.NhwcMaxPool", "NHWC", make_model(nhwc, [n, h, w, c], []), ""),
            ("MaxPool", "NCHW", make_model(nchw, [n, c, h, w], []),
             "fallback: com.microsoft.NhwcMaxPool refused; ONNX MaxPool on NCHW int8"),
        ]
    if op == "averagePool":
        node = helper.make_node(
            "QLinearAveragePool", QUANT_INPUTS, ["y"], domain="com.microsoft",
            kernel_shape=case["window"], strides=case["stride"], pads=case["pads"],
            count_include_pad=int(case["countIncludePad"]), channels_last=1)
        return [("com.microsoft.QLinearAveragePool", "NHWC",
                 make_model(node, [n, h, w, c], quantization_initializers(case)), "")]
    if op == "globalAveragePool":
        node = helper.make_node(
            "QLinearGlobalAveragePool", QUANT_INPUTS, ["y"], domain="com.microsoft", channels_last=1)
        return [("com.microsoft.QLinearGlobalAveragePool", "NHWC",
                 make_model(node, [n, h, w, c], quantization_initializers(case)), "")]
    raise ValueError(f"unknown op {op!r}")


def executed_ops(model, x, profile_dir):
    """The kernels a profiled session runs for this model: ["domain.OpType", ...] (domain omitted
    for ONNX ops)."""
    session = ort.InferenceSession(
        model, session_options(os.path.join(profile_dir, "ort")), providers=["CPUExecutionProvider"])
    for _ in range(3):
        session.run(None, {"x": x})
    path = session.end_profiling()
    with open(path) as f:
        events = json.load(f)
    os.remove(path)
    ops = []
    for event in events:
        args = event.get("args", {})
        if event.get("cat") == "Node" and event.get("name", "").endswith("_kernel_time"):
            name = args.get("op_name", "?")
            if name not in ops:
                ops.append(name)
    return ops


def time_calls(call, samples, minimum_sample_seconds):
    """(median ns per call, iterations per sample, first quartile, third quartile) over `samples`
    samples of k calls each."""
    warm_until = time.perf_counter() + max(0.05, 5 * minimum_sample_seconds)
    while time.perf_counter() < warm_until:
        call()
    k = 1
    while True:
        start = time.perf_counter_ns()
        for _ in range(k):
            call()
        if time.perf_counter_ns() - start >= minimum_sample_seconds * 1e9:
            break
        k *= 2
    per_call = []
    for _ in range(samples):
        start = time.perf_counter_ns()
        for _ in range(k):
            call()
        per_call.append((time.perf_counter_ns() - start) / k)
    return quantile(per_call, 0.5), k, quantile(per_call, 0.25), quantile(per_call, 0.75)


def quantile(values, q):
    """The q-quantile by linear interpolation between the sorted values (as octet-bench)."""
    ordered = sorted(values)
    position = q * (len(ordered) - 1)
    below, above = int(position), min(int(position) + 1, len(ordered) - 1)
    return ordered[below] + (ordered[above] - ordered[below]) * (position - below)


def bound_call(session, x, output_shape):
    binding = session.io_binding()
    binding.bind_ortvalue_input("x", ort.OrtValue.ortvalue_from_numpy(x))
    y = ort.OrtValue.ortvalue_from_shape_and_type(output_shape, np.int8)
    binding.bind_ortvalue_output("y", y)
    run = session.run_with_iobinding
    return (lambda: run(binding)), y


def call_overhead(samples, minimum_sample_seconds):
    node = helper.make_node("Identity", ["x"], ["y"])
    session = ort.InferenceSession(
        make_model(node, [1], []), session_options(), providers=["CPUExecutionProvider"])
    call, _ = bound_call(session, np.zeros([1], dtype=np.int8), [1])
    return time_calls(call, samples, minimum_sample_seconds)[0]


def run_case(case, samples, minimum_sample_seconds, profile_dir):
    n, h, w, c = case["inputShape"]
    x_nhwc = np.fromfile(case["inputPath"], dtype=np.int8).reshape(n, h, w, c)
    refusals = []
    for ort_op, layout, model, note in candidate_models(case):
        try:
            session = ort.InferenceSession(model, session_options(), providers=["CPUExecutionProvider"])
        except Exception as error:
            refusals.append(f"{ort_op}: {error}".splitlines()[0])
            continue
        on, oh, ow, oc = case["outputShape"]
        if layout == "NCHW":
            x = np.ascontiguousarray(x_nhwc.transpose(0, 3, 1, 2))
            output_shape = [on, oc, oh, ow]
        else:
            x = np.ascontiguousarray(x_nhwc)
            output_shape = [on, oh, ow, oc]
        call, y = bound_call(session, x, output_shape)
        median, k, q1, q3 = time_calls(call, samples, minimum_sample_seconds)
        result = y.numpy()
        if layout == "NCHW":
            result = result.transpose(0, 2, 3, 1)
        if case.get("outputPath"):
            np.ascontiguousarray(result).tofile(case["outputPath"])
        if refusals and not note:
            note = "; ".join(refusals)
        return {
            "name": case["name"], "ortOp": ort_op, "layout": layout,
            "executedOps": executed_ops(model, x, profile_dir),
            "medianNs": median, "q1Ns": q1, "q3Ns": q3, "samples": samples, "iterationsPerSample": k,
            "note": note,
        }
    return {"name": case["name"], "ortOp": None, "note": "; ".join(refusals)}


def answer(obj):
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()


def main():
    if "--check" in sys.argv:
        sys.exit(0)
    answer({"available": True, "ortVersion": ort.__version__, "numpyVersion": np.__version__,
            "python": sys.version.split()[0]})
    with tempfile.TemporaryDirectory(prefix="ort_pool_bench") as profile_dir:
        for line in sys.stdin:
            if not line.strip():
                continue
            request = json.loads(line)
            samples = int(request.get("samples", 21))
            minimum = float(request.get("minimumSampleSeconds", 0.001))
            if request.get("overhead"):
                answer({"callOverheadNs": call_overhead(samples, minimum)})
            else:
                answer(run_case(request["case"], samples, minimum, profile_dir))


if __name__ == "__main__":
    main()
