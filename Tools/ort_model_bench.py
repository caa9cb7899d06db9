#!/usr/bin/env python3
"""ONNX Runtime peer for `octet-bench model`: float32 and int8 (QDQ) latency of a whole model.

Usage: python3 Tools/ort_model_bench.py MODEL.onnx CALIBRATION.npy SAMPLES.npy [--runs R] [--repeat K]
       python3 Tools/ort_model_bench.py --check     # exit 0 if onnxruntime imports, else 3

The int8 model is ORT's own static quantization, after ORT's quant_pre_process (onnxruntime.quantization.quantize_static): QDQ
format, int8 activations and per-channel int8 weights, MinMax calibration over CALIBRATION.npy —
the same calibration data and method Octet's demo uses. Both sessions run with 1 intra-op thread,
ORT_ENABLE_ALL, sequential execution. Batch 1: each timed call runs one sample of SAMPLES.npy
(cycling); a sample is the median over K repeats of R calls, per call, in nanoseconds.

Prints one JSON line: {"ort": version, "floatMedianNs", "floatQ1Ns", "floatQ3Ns", "int8MedianNs",
"int8Q1Ns", "int8Q3Ns", "int8Accuracy"?: null, "executedInt8Ops": [...], "samples": K, "runsPerSample": R}.
"""
import json
import os
import sys
import tempfile
import time


def main(argv):
    try:
        import numpy as np
        import onnxruntime as ort
        from onnxruntime.quantization import (CalibrationDataReader, QuantFormat, QuantType,
                                              quantize_static)
    except Exception as e:  # noqa: BLE001
        if "--check" in argv:
            return 3
        print(json.dumps({"available": False, "reason": str(e)}))
        return 3
    if "--check" in argv:
        return 0
    args = [a for a in argv if not a.startswith("--")]
    runs = int(argv[argv.index("--runs") + 1]) if "--runs" in argv else 200
    repeat = int(argv[argv.index("--repeat") + 1]) if "--repeat" in argv else 21
    args = [a for a in args if a not in (str(runs), str(repeat))]
    model_path, calibration_path, samples_path = args[:3]
    calibration = np.load(calibration_path).astype(np.float32)
    samples = np.load(samples_path).astype(np.float32)

    def session(path):
        options = ort.SessionOptions()
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        return ort.InferenceSession(path, options, providers=["CPUExecutionProvider"])

    class Reader(CalibrationDataReader):
        def __init__(self, name):
            self.items = iter([{name: calibration[i:i + 1]} for i in range(len(calibration))])

        def get_next(self):
            return next(self.items, None)

    float_session = session(model_path)
    name = float_session.get_inputs()[0].name
    with tempfile.TemporaryDirectory() as tmp:
        # ORT's recommended pre-processing (shape inference, BatchNormalization folded into the
        # conv) before quantize_static, so the int8 model is ORT's best.
        from onnxruntime.quantization.shape_inference import quant_pre_process
        prepared = os.path.join(tmp, "model.pre.onnx")
        quant_pre_process(model_path, prepared)
        qdq = os.path.join(tmp, "model.qdq.onnx")
        quantize_static(prepared, qdq, Reader(name), quant_format=QuantFormat.QDQ,
                        activation_type=QuantType.QInt8, weight_type=QuantType.QInt8, per_channel=True)
        int8_session = session(qdq)
        import onnx
        executed = sorted({n.op_type for n in onnx.load(qdq).graph.node})

    def timing(s):
        feeds = [{name: samples[i:i + 1]} for i in range(len(samples))]
        for f in feeds[:20]:
            s.run(None, f)
        per_call = []
        k = 0
        for _ in range(repeat):
            start = time.perf_counter_ns()
            for _ in range(runs):
                s.run(None, feeds[k % len(feeds)])
                k += 1
            per_call.append((time.perf_counter_ns() - start) / runs)
        per_call.sort()
        return per_call[len(per_call) // 2], per_call[len(per_call) // 4], per_call[(3 * len(per_call)) // 4]

    fm, fq1, fq3 = timing(float_session)
    im, iq1, iq3 = timing(int8_session)
    print(json.dumps({"available": True, "ort": ort.__version__, "floatMedianNs": fm, "floatQ1Ns": fq1,
                      "floatQ3Ns": fq3, "int8MedianNs": im, "int8Q1Ns": iq1, "int8Q3Ns": iq3,
                      "executedInt8Ops": executed, "samples": repeat, "runsPerSample": runs}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
