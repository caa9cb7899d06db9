#!/usr/bin/env python3
"""ONNX Runtime peer for `octet-bench conv`: times ORT's quantized conv / depthwise conv / fully
connected kernels on the inputs and weights Octet used.

Usage: python3 Tools/ort_conv_bench.py            # line protocol on stdin/stdout (below)
       python3 Tools/ort_conv_bench.py --check    # exit 0 if onnxruntime imports, else 3

Line protocol: as Tools/ort_pool_bench.py's (whose timing and session helpers this script reuses):
the first line is {"available": ...}; each request line
    {"samples": 21, "minimumSampleSeconds": 0.001,
     "case": {"name": "conv 3x3/1 same 64->64 1x56x56x64",
              "op": "conv" | "depthwiseConv" | "fullyConnected",
              "inputShape": [N, H, W, C], "outputShape": [N, OH, OW, O],
              "kernel": [KH, KW], "stride": [SH, SW], "dilation": [DH, DW],
              "pads": [top, left, bottom, right], "group": 1,
              "input": {"scale": 0.02, "zeroPoint": 3}, "output": {"scale": 0.5, "zeroPoint": -2},
              "inputPath": ".../case0.in", "weightsPath": ".../case0.w", "biasPath": ".../case0.b",
              "filterScalesPath": ".../case0.s", "outputPath": ".../case0.ort"}}
is answered by {"name", "ortOp", "layout", "executedOps", "medianNs", "q1Ns", "q3Ns", "samples",
"iterationsPerSample", "note", "candidates": [{"ortOp", "layout", "medianNs", "executedOps", "notEquivalent"?}
or {"ortOp", "layout", "refused"}, ...]}, and {"overhead": true} by {"callOverheadNs"}.

Files: the input is N·H·W·C raw int8 values (NHWC); the weights raw int8 in Octet's layout — conv
OHWI [O, KH, KW, C/group], depthwise [KH, KW, C] (C·1: multiplier 1), fully connected [O, I]; the
bias O little-endian int32 values (scale s_in·s_w[o]); the filter scales O little-endian float32.
ORT's output, converted back to int8 NHWC, is written to outputPath.

The same math in ORT: activations go in as uint8 with the zero point +128 (x_u8 = x_i8 + 128, so
x_u8 − zp_u8 = x_i8 − zp_i8 exactly) and come out as uint8 with the output zero point +128; weights
stay int8, symmetric, per output channel (zero points 0); the bias is the same int32 tensor. The
accumulators are therefore identical to Octet's; only the requantization differs: ORT multiplies the
int32 accumulator by the float32 scale s_in·s_w[o]/s_out and rounds to nearest, ties to even
(MlasRequantizeOutput), where Octet uses TFLite's fixed-point double rounding (conv, depthwise) or a
double multiplier rounded half away from zero (fully connected). int8 activations are not offered to
ORT: its s8s8 QLinearConv path measured ~20× slower than u8s8 here (ORT 1.31.1, AVX-512 VNNI host:
11 ms vs 0.57 ms for 3×3 64→64 on 56×56), so it is not ORT's best.

Candidates (every one is timed; the fastest is the one compared with Octet, and all are reported):
  conv / depthwise (group = C):
    com.microsoft.QLinearConv, channels_last=1 — NHWC in and out, as Octet; no transposes;
    QLinearConv (ONNX), NCHW — the input transposed once outside the timing loop; at ORT_ENABLE_ALL
      ORT's NHWC transformer rewrites it to Transpose → channels-last QLinearConv → Transpose;
    QLinearConv (ONNX), NCHW at ORT_ENABLE_EXTENDED — no NHWC transformer: ORT's NCHW kernel.
  fully connected:
    QLinearMatMul (ONNX), A uint8 [1, I], B int8 [I, O] with per-column scales — it has no bias
      input, so with a nonzero bias it is timed without one, reported, and never chosen;
    com.microsoft.QGemm, A uint8, B int8 [O, I] with transB=1, per-column scales, uint8 output;
    com.microsoft.QLinearConv 1×1, channels_last=1, on a 1×1×1×I input.
Models use IR version 9 (≤ 10), opset 19 and com.microsoft 1.
"""
import json
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
# Fails the same way (an {"available": false} line, or exit 3 with --check) without onnxruntime.
import ort_pool_bench as common  # noqa: E402

np, ort, helper, TensorProto = common.np, common.ort, common.helper, common.TensorProto


def make_model(node, input_shape, initializers):
    x = helper.make_tensor_value_info("x", TensorProto.UINT8, input_shape)
    y = helper.make_tensor_value_info("y", TensorProto.UINT8, None)
    graph = helper.make_graph([node], "conv", [x], [y], initializer=initializers)
    model = helper.make_model(graph, opset_imports=common.OPSETS)
    model.ir_version = 9
    return model.SerializeToString()


def to_uint8(values_i8):
    """int8 → uint8 with +128 (bit pattern: flip the sign bit)."""
    return (values_i8.view(np.uint8) ^ np.uint8(0x80)).astype(np.uint8)


def to_int8(values_u8):
    return (values_u8 ^ np.uint8(0x80)).view(np.int8)


def initializers(case, weights, scales, bias, weight_zero_point_count, names):
    """x_scale, x_zero_point (uint8), w, w_scale, w_zero_point, y_scale, y_zero_point (uint8), bias,
    under the names in `names` (QLinearConv, QLinearMatMul and QGemm spell them differently)."""
    q_in, q_out = case["input"], case["output"]
    tensors = {
        "x_scale": helper.make_tensor("x_scale", TensorProto.FLOAT, [], [q_in["scale"]]),
        "x_zero_point": helper.make_tensor("x_zero_point", TensorProto.UINT8, [], [q_in["zeroPoint"] + 128]),
        "w": helper.make_tensor("w", TensorProto.INT8, list(weights.shape), weights.tobytes(), raw=True),
        "w_scale": helper.make_tensor("w_scale", TensorProto.FLOAT, list(scales.shape), scales.tobytes(), raw=True),
        "w_zero_point": helper.make_tensor(
            "w_zero_point", TensorProto.INT8, [weight_zero_point_count],
            np.zeros(weight_zero_point_count, np.int8).tobytes(), raw=True),
        "y_scale": helper.make_tensor("y_scale", TensorProto.FLOAT, [], [q_out["scale"]]),
        "y_zero_point": helper.make_tensor("y_zero_point", TensorProto.UINT8, [], [q_out["zeroPoint"] + 128]),
        "bias": helper.make_tensor("bias", TensorProto.INT32, list(bias.shape), bias.tobytes(), raw=True),
    }
    return [tensors[n] for n in names]


CONV_INPUTS = ["x", "x_scale", "x_zero_point", "w", "w_scale", "w_zero_point", "y_scale", "y_zero_point", "bias"]
CONV_INITIALIZERS = CONV_INPUTS[1:]


def load(case):
    """(x int8 NHWC, weights int8 in Octet's layout, bias int32 [O], scales float32 [O])."""
    n, h, w, c = case["inputShape"]
    o = case["outputShape"][3]
    x = np.fromfile(case["inputPath"], dtype=np.int8).reshape(n, h, w, c)
    weights = np.fromfile(case["weightsPath"], dtype=np.int8)
    bias = np.fromfile(case["biasPath"], dtype="<i4").astype(np.int32)
    scales = np.fromfile(case["filterScalesPath"], dtype="<f4").astype(np.float32)
    assert bias.size == o and scales.size == o, "bias / filter scales must have one value per output channel"
    return x, weights, bias, scales


def conv_candidates(case, x, weights, bias, scales):
    """(ortOp, layout, optimization level, model, input array, output shape as run, conversion of
    the output to NHWC or None, why it is not the same math or None)."""
    n, h, w, c = case["inputShape"]
    on, oh, ow, o = case["outputShape"]
    kh, kw = case["kernel"]
    group = case["group"]
    if case["op"] == "depthwiseConv":
        oihw = np.ascontiguousarray(weights.reshape(kh, kw, o).transpose(2, 0, 1)).reshape(o, 1, kh, kw)
    else:
        oihw = np.ascontiguousarray(weights.reshape(o, kh, kw, c // group).transpose(0, 3, 1, 2))
    attributes = dict(
        kernel_shape=[kh, kw], strides=case["stride"], dilations=case["dilation"], pads=case["pads"], group=group)
    inits = initializers(case, oihw, scales, bias, o, CONV_INITIALIZERS)
    x_nhwc = np.ascontiguousarray(to_uint8(x))
    x_nchw = np.ascontiguousarray(x_nhwc.transpose(0, 3, 1, 2))
    nhwc_node = helper.make_node("QLinearConv", CONV_INPUTS, ["y"], domain="com.microsoft", channels_last=1, **attributes)
    nchw_node = helper.make_node("QLinearConv", CONV_INPUTS, ["y"], **attributes)
    nhwc_model = make_model(nhwc_node, [n, h, w, c], inits)
    nchw_model = make_model(nchw_node, [n, c, h, w], inits)
    from_nchw = (lambda y: y.transpose(0, 2, 3, 1))
    all_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    extended = ort.GraphOptimizationLevel.ORT_ENABLE_EXTENDED
    return [
        ("com.microsoft.QLinearConv channels_last=1", "NHWC", all_level, nhwc_model, x_nhwc, [on, oh, ow, o], None, None),
        ("QLinearConv", "NCHW", all_level, nchw_model, x_nchw, [on, o, oh, ow], from_nchw, None),
        ("QLinearConv (ORT_ENABLE_EXTENDED)", "NCHW", extended, nchw_model, x_nchw, [on, o, oh, ow], from_nchw, None),
    ]


def fully_connected_candidates(case, x, weights, bias, scales):
    n, _, _, i = case["inputShape"]
    o = case["outputShape"][3]
    w_oi = weights.reshape(o, i)
    a = np.ascontiguousarray(to_uint8(x).reshape(n, i))
    all_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    to_nhwc = (lambda y: y.reshape(n, 1, 1, o))
    candidates = []
    # QLinearMatMul has no bias input: with a nonzero bias it computes something else, so it is
    # timed (the bias add costs O outputs' worth of adds) but never chosen or compared.
    names = ["x", "x_scale", "x_zero_point", "w", "w_scale", "w_zero_point", "y_scale", "y_zero_point"]
    node = helper.make_node("QLinearMatMul", names, ["y"])
    inits = initializers(case, np.ascontiguousarray(w_oi.T), scales, bias, o, names[1:])
    candidates.append((
        "QLinearMatMul", "NC", all_level, make_model(node, [n, i], inits), a, [n, o], to_nhwc,
        None if not bias.any() else "no bias input: timed without the bias, not the same math"))
    # QGemm: A, a_scale, a_zp, B, b_scale, b_zp, C (int32 bias), y_scale, y_zp; alpha 1.
    names = ["x", "x_scale", "x_zero_point", "w", "w_scale", "w_zero_point", "bias", "y_scale", "y_zero_point"]
    node = helper.make_node("QGemm", names, ["y"], domain="com.microsoft", transB=1)
    inits = initializers(case, np.ascontiguousarray(w_oi), scales, bias, o, names[1:])
    candidates.append((
        "com.microsoft.QGemm transB=1", "NC", all_level, make_model(node, [n, i], inits), a, [n, o], to_nhwc, None))
    node = helper.make_node(
        "QLinearConv", CONV_INPUTS, ["y"], domain="com.microsoft", channels_last=1, kernel_shape=[1, 1])
    inits = initializers(case, np.ascontiguousarray(w_oi.reshape(o, i, 1, 1)), scales, bias, o, CONV_INITIALIZERS)
    candidates.append((
        "com.microsoft.QLinearConv 1x1 channels_last=1", "NHWC", all_level, make_model(node, [n, 1, 1, i], inits),
        np.ascontiguousarray(a.reshape(n, 1, 1, i)), [n, 1, 1, o], None, None))
    return candidates


def session_options(level, profile_prefix=None):
    options = common.session_options(profile_prefix)
    options.graph_optimization_level = level
    return options


def executed_ops(model, level, x, profile_dir):
    """The kernels one profiled run executes, in order (op types; ORT's profile omits the domain)."""
    session = ort.InferenceSession(
        model, session_options(level, os.path.join(profile_dir, "ort")), providers=["CPUExecutionProvider"])
    session.run(None, {"x": x})
    path = session.end_profiling()
    with open(path) as f:
        events = json.load(f)
    os.remove(path)
    ops = []
    for event in events:
        if event.get("cat") == "Node" and event.get("name", "").endswith("_kernel_time"):
            ops.append(event.get("args", {}).get("op_name", "?"))
    return ops


def bound_call(session, x, output_shape):
    binding = session.io_binding()
    binding.bind_ortvalue_input("x", ort.OrtValue.ortvalue_from_numpy(x))
    y = ort.OrtValue.ortvalue_from_shape_and_type(output_shape, np.uint8)
    binding.bind_ortvalue_output("y", y)
    run = session.run_with_iobinding
    return (lambda: run(binding)), y


def run_case(case, samples, minimum_sample_seconds, profile_dir):
    x, weights, bias, scales = load(case)
    make = fully_connected_candidates if case["op"] == "fullyConnected" else conv_candidates
    reports, best = [], None
    for ort_op, layout, level, model, x_run, output_shape, to_nhwc, unequal in make(case, x, weights, bias, scales):
        try:
            session = ort.InferenceSession(model, session_options(level), providers=["CPUExecutionProvider"])
            call, y = bound_call(session, x_run, output_shape)
            call()
        except Exception as error:
            reports.append({"ortOp": ort_op, "layout": layout, "refused": str(error).splitlines()[0][:300]})
            continue
        median, k, q1, q3 = common.time_calls(call, samples, minimum_sample_seconds)
        result = y.numpy()
        if to_nhwc is not None:
            result = to_nhwc(result)
        report = {"ortOp": ort_op, "layout": layout, "medianNs": median,
                  "executedOps": executed_ops(model, level, x_run, profile_dir)}
        if unequal:
            report["notEquivalent"] = unequal
        reports.append(report)
        if not unequal and (best is None or median < best[0]):
            best = (median, k, q1, q3, report, np.ascontiguousarray(to_int8(result)))
    if best is None:
        return {"name": case["name"], "ortOp": None, "candidates": reports,
                "note": "; ".join(f"{r['ortOp']}: {r.get('refused') or r.get('notEquivalent')}" for r in reports)}
    median, k, q1, q3, report, result = best
    if case.get("outputPath"):
        result.tofile(case["outputPath"])
    return {
        "name": case["name"], "ortOp": report["ortOp"], "layout": report["layout"],
        "executedOps": report["executedOps"], "medianNs": median, "q1Ns": q1, "q3Ns": q3,
        "samples": samples, "iterationsPerSample": k, "note": "", "candidates": reports,
    }


def main():
    if "--check" in sys.argv:
        sys.exit(0)
    common.answer({"available": True, "ortVersion": ort.__version__, "numpyVersion": np.__version__,
                   "python": sys.version.split()[0]})
    with tempfile.TemporaryDirectory(prefix="ort_conv_bench") as profile_dir:
        for line in sys.stdin:
            if not line.strip():
                continue
            request = json.loads(line)
            samples = int(request.get("samples", 21))
            minimum = float(request.get("minimumSampleSeconds", 0.001))
            if request.get("overhead"):
                common.answer({"callOverheadNs": common.call_overhead(samples, minimum)})
            else:
                common.answer(run_case(request["case"], samples, minimum, profile_dir))


if __name__ == "__main__":
    main()
