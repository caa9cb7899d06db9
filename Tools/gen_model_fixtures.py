#!/usr/bin/env python3
"""Generate Octet's float model fixtures (Tests/Fixtures/models/).

Run from anywhere (paths are resolved relative to this file):

    python3 Tools/gen_model_fixtures.py

Needs Python 3.9+ with numpy 2.x, onnx 1.x (only onnx.helper / numpy_helper / checker) and
onnxruntime (generated with the versions stamped in manifest.json).  The outputs are checked in;
the Swift tests read them and never run this script.  Re-run only to regenerate on purpose, then
review the diff.  The run is deterministic: every case draws its weights and inputs from numpy's
default_rng seeded with (SEED, crc32(case name)); ONNX Runtime runs on CPU with one thread and
graph optimizations disabled (each node runs as written: BatchNormalization is not folded etc.).

For every valid case it writes, flat in Tests/Fixtures/models/:
    <case>.onnx            tiny float32 model (onnx.helper, ir_version = the minimum for its opset,
                           always <= 10), checked with onnx.checker (full_check)
    <case>.input.npy       the input (one graph input), or <case>.input<k>.npy (k = 0, 1, ...)
    <case>.output<k>.npy   ONNX Runtime's result for graph output k (all graph outputs)
Invalid models go to Tests/Fixtures/models/invalid/<case>.onnx, each with the substring the
importer's error message is expected to contain.  manifest.json lists everything.

The script also checks a few ORT conventions that an Octet executor must translate (see "notes"
in the manifest): MaxPool Indices are flat over the whole NCHW tensor; MaxUnpool reads them the
same way; pooled output sizes are compared with DESIGN.md section 3's formula.
"""

import json
import re
import platform
import zlib
from pathlib import Path

import numpy as np
import onnx
import onnxruntime as ort
from onnx import TensorProto, helper, numpy_helper

SEED = 0x0C7E7D  # per-case generators: default_rng([SEED, crc32(name)])
GENERATOR = "Tools/gen_model_fixtures.py"
FORMAT = "octet-model-fixtures/v1"
ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "Tests" / "Fixtures" / "models"
INVALID = OUT / "invalid"

F32 = np.float32
NP_TO_ONNX = {np.dtype(np.float32): TensorProto.FLOAT, np.dtype(np.int64): TensorProto.INT64}


def ort_session(model_bytes):
    so = ort.SessionOptions()
    so.intra_op_num_threads = 1
    so.inter_op_num_threads = 1
    so.log_severity_level = 3  # the ceil-mode case's declared-vs-inferred shape warning is expected
    so.graph_optimization_level = ort.GraphOptimizationLevel.ORT_DISABLE_ALL
    return ort.InferenceSession(model_bytes, so, providers=["CPUExecutionProvider"])


class Case:
    """A tiny graph built node by node; inputs and weights come from the case's own RNG."""

    def __init__(self, name, opset, notes=""):
        self.name, self.opset, self.notes = name, opset, notes
        self.rng = np.random.default_rng([SEED, zlib.crc32(name.encode("utf-8"))])
        self.nodes, self.inits, self.inputs, self.outputs = [], [], [], []
        self.counts = {}
        self.full_check = True  # False: onnx's shape inference disagrees with ORT (see notes)

    # -- tensors -----------------------------------------------------------------------------
    def input(self, name, shape, scale=1.0, model_shape=None):
        data = (self.rng.standard_normal(shape) * scale).astype(F32)
        self.inputs.append((name, data, model_shape or list(shape)))
        return name

    def weight(self, name, shape, fan_in):
        a = (self.rng.standard_normal(shape) / np.sqrt(fan_in)).astype(F32)
        return self.const(name, a)

    def bias(self, name, n):
        return self.const(name, (self.rng.standard_normal(n) * 0.1).astype(F32))

    def const(self, name, array):
        self.inits.append(numpy_helper.from_array(np.asarray(array), name))
        return name

    def bn_params(self, prefix, c):
        r = self.rng
        return [self.const(prefix + "_scale", r.uniform(0.5, 1.5, c).astype(F32)),
                self.const(prefix + "_bias", (r.standard_normal(c) * 0.2).astype(F32)),
                self.const(prefix + "_mean", (r.standard_normal(c) * 0.2).astype(F32)),
                self.const(prefix + "_var", r.uniform(0.5, 2.0, c).astype(F32))]

    # -- nodes -------------------------------------------------------------------------------
    def node(self, op, inputs, n_out=1, name=None, **attrs):
        k = self.counts.get(op, 0)
        self.counts[op] = k + 1
        name = name or f"{op.lower()}{k}"
        outs = [f"{name}_out{i}" if n_out > 1 else f"{name}_out" for i in range(n_out)]
        self.nodes.append(helper.make_node(op, inputs, outs, name=name, **attrs))
        return outs[0] if n_out == 1 else outs

    def conv(self, x, cin, cout, k, group=1, bias=True, **attrs):
        ks = [k] * 2 if isinstance(k, int) else list(k)
        wshape = [cout, cin // group] + ks
        i = self.counts.get("Conv", 0)
        w = self.weight(f"conv{i}_w", wshape, int(np.prod(wshape[1:])))
        ins = [x, w] + ([self.bias(f"conv{i}_b", cout)] if bias else [])
        return self.node("Conv", ins, kernel_shape=ks, group=group, **attrs)

    def gemm(self, x, cin, cout, transB=1, **attrs):
        i = self.counts.get("Gemm", 0)
        w = self.weight(f"gemm{i}_w", [cout, cin] if transB else [cin, cout], cin)
        return self.node("Gemm", [x, w, self.bias(f"gemm{i}_b", cout)], transB=transB, **attrs)

    def bn(self, x, c, **attrs):
        i = self.counts.get("BatchNormalization", 0)
        return self.node("BatchNormalization", [x] + self.bn_params(f"bn{i}", c), **attrs)

    def output(self, name, dtype=np.float32, dynamic_batch=None):
        self.outputs.append((name, np.dtype(dtype), dynamic_batch))

    # -- build -------------------------------------------------------------------------------
    def model(self, out_shapes=None, opset=None, check=True):
        ins = [helper.make_tensor_value_info(n, TensorProto.FLOAT, s) for n, _, s in self.inputs]
        outs = []
        for i, (n, dt, dyn) in enumerate(self.outputs):
            shape = None
            if out_shapes is not None:
                shape = list(out_shapes[i])
                if dyn:
                    shape[0] = dyn
            outs.append(helper.make_tensor_value_info(n, NP_TO_ONNX[dt], shape))
        graph = helper.make_graph(self.nodes, self.name, ins, outs, initializer=self.inits)
        opsets = [helper.make_opsetid("", opset or self.opset)]
        m = helper.make_model(graph, opset_imports=opsets, producer_name=GENERATOR,
                              ir_version=min(10, helper.find_min_ir_version_for(opsets)))
        if check:
            onnx.checker.check_model(m, full_check=self.full_check)
        return m


def write_npy(path, a):
    np.save(path, np.ascontiguousarray(a))


def run_case(c, manifest):
    feeds = {n: d for n, d, _ in c.inputs}
    m0 = c.model(check=False)
    res = ort_session(m0.SerializeToString()).run([n for n, _, _ in c.outputs], feeds)
    m = c.model(out_shapes=[r.shape for r in res])
    onnx.save(m, OUT / f"{c.name}.onnx")
    # the saved model (with output shapes) gives the same bytes out
    res2 = ort_session(m.SerializeToString()).run([n for n, _, _ in c.outputs], feeds)
    assert all(np.array_equal(a, b) for a, b in zip(res, res2)), c.name
    entry = {"name": c.name, "file": f"{c.name}.onnx", "opset": c.opset, "ir_version": m.ir_version,
             "inputs": [], "outputs": [], "ops": sorted({n.op_type for n in c.nodes}),
             "nodes": [n.op_type for n in c.nodes], "notes": c.notes}
    for k, (n, d, s) in enumerate(c.inputs):
        f = f"{c.name}.input.npy" if len(c.inputs) == 1 else f"{c.name}.input{k}.npy"
        write_npy(OUT / f, d)
        e = {"name": n, "file": f, "shape": list(d.shape)}
        if s != list(d.shape):
            e["model_shape"] = s
        entry["inputs"].append(e)
    for k, ((n, dt, dyn), r) in enumerate(zip(c.outputs, res)):
        assert r.dtype == dt, (c.name, n, r.dtype)
        f = f"{c.name}.output{k}.npy"
        write_npy(OUT / f, r)
        e = {"name": n, "file": f, "shape": list(r.shape), "dtype": str(r.dtype)}
        if dyn:
            e["model_shape"] = [dyn] + list(r.shape[1:])
        entry["outputs"].append(e)
    manifest["cases"].append(entry)
    return res


README = """# Float model fixtures (format `octet-model-fixtures/v1`)

Written by `Tools/gen_model_fixtures.py` (this file too): {n} tiny float32 ONNX models built with
`onnx.helper`, each with a seeded random input and ONNX Runtime's outputs for every graph output,
plus {ni} invalid models under `invalid/` with the substring the importer's error must contain.
`manifest.json` lists every case (inputs, outputs, shapes, dtypes, ops, notes) and the ORT
conventions the generator verified (MaxPool Indices, ceil-mode sizes, LpPool). `swift test` only
reads these files. To regenerate on purpose (then review the diff):

```sh
pip install onnx onnxruntime==1.31.1 numpy
python3 Tools/gen_model_fixtures.py
```

Deterministic: running it twice gives byte-identical files. ORT runs on CPU, one thread, graph
optimizations disabled. Generated with onnx {onnx}, onnxruntime {ort}, numpy {np}.
"""


# ------------------------------------------------------------------------------------------------
# DESIGN.md section 3 geometry, for cross-checks
# ------------------------------------------------------------------------------------------------

def design_out_len(n, k, s, d, pb, pe, ceil):
    num = n + pb + pe - d * (k - 1) - 1
    o = (-(-num // s) if ceil else num // s) + 1
    if ceil and (o - 1) * s >= n + pb:
        o -= 1
    return o


def maxpool_ref(x, k, s, p, d=1):
    """Reference 2-D max pool: values and flat indices within the (n, c) plane (first max wins)."""
    N, C, H, W = x.shape
    oh = design_out_len(H, k, s, d, p, p, False)
    ow = design_out_len(W, k, s, d, p, p, False)
    y = np.zeros((N, C, oh, ow), F32)
    idx = np.zeros((N, C, oh, ow), np.int64)
    for n in range(N):
        for c in range(C):
            for i in range(oh):
                for j in range(ow):
                    best, bi = None, None
                    for a in range(k):
                        for b in range(k):
                            h, w = i * s - p + a * d, j * s - p + b * d
                            if 0 <= h < H and 0 <= w < W and (best is None or x[n, c, h, w] > best):
                                best, bi = x[n, c, h, w], h * W + w
                    y[n, c, i, j], idx[n, c, i, j] = best, bi
    return y, idx


# ------------------------------------------------------------------------------------------------
# Valid cases
# ------------------------------------------------------------------------------------------------

def valid_cases():
    cases = []

    def new(name, opset, notes=""):
        c = Case(name, opset, notes)
        cases.append(c)
        return c

    # ---- Conv ----------------------------------------------------------------------------------
    c = new("conv_3x3_p1", 11, "Conv 3x3, pads 1, stride 1, bias")
    c.output(c.conv(c.input("x", [1, 3, 8, 8]), 3, 4, 3, pads=[1, 1, 1, 1]))

    c = new("conv_3x3_s2_valid", 13, "Conv 3x3 stride 2 auto_pad VALID on [2,4,7,9] -> [2,5,3,4]")
    c.output(c.conv(c.input("x", [2, 4, 7, 9]), 4, 5, 3, strides=[2, 2], auto_pad="VALID"))

    c = new("conv_3x3_s2_same_upper", 17,
            "Conv 3x3 stride 2 auto_pad SAME_UPPER on 8x8: total pad 1 per axis, at the end")
    c.output(c.conv(c.input("x", [1, 3, 8, 8]), 3, 4, 3, strides=[2, 2], auto_pad="SAME_UPPER"))

    c = new("conv_3x3_s2_same_lower", 19,
            "Conv 3x3 stride 2 auto_pad SAME_LOWER on 8x8: total pad 1 per axis, at the beginning")
    c.output(c.conv(c.input("x", [1, 3, 8, 8]), 3, 4, 3, strides=[2, 2], auto_pad="SAME_LOWER"))

    c = new("conv_3x3_d2", 12, "Conv 3x3 dilations 2, pads 2 (same size)")
    c.output(c.conv(c.input("x", [1, 3, 8, 8]), 3, 4, 3, dilations=[2, 2], pads=[2, 2, 2, 2]))

    c = new("conv_3x3_pads0110", 14,
            "Conv 3x3 asymmetric pads [0,1,1,0] = [top, left, bottom, right]: output [1,4,7,7]")
    c.output(c.conv(c.input("x", [1, 3, 8, 8]), 3, 4, 3, pads=[0, 1, 1, 0]))

    c = new("conv_group2", 15, "Conv 3x3 pads 1, group 2: weight [6,2,3,3]")
    c.output(c.conv(c.input("x", [1, 4, 8, 8]), 4, 6, 3, group=2, pads=[1, 1, 1, 1]))

    c = new("conv_depthwise_m1", 16, "Depthwise Conv (group = C = 4), multiplier 1: weight [4,1,3,3]")
    c.output(c.conv(c.input("x", [1, 4, 8, 8]), 4, 4, 3, group=4, pads=[1, 1, 1, 1]))

    c = new("conv_depthwise_m2_s2", 18,
            "Depthwise Conv (group = C = 4), multiplier 2, stride 2, pads 1: weight [8,1,3,3]; "
            "output channel o reads input channel o // 2")
    c.output(c.conv(c.input("x", [1, 4, 8, 8]), 4, 8, 3, group=4, strides=[2, 2], pads=[1, 1, 1, 1]))

    c = new("conv_1x1", 20, "Conv 1x1, weight [5,3,1,1]")
    c.output(c.conv(c.input("x", [2, 3, 7, 9]), 3, 5, 1))

    c = new("conv_no_bias", 21, "Conv 3x3 pads 1 with no bias input (2 inputs)")
    c.output(c.conv(c.input("x", [1, 3, 8, 8]), 3, 4, 3, bias=False, pads=[1, 1, 1, 1]))

    c = new("conv1d", 13, "Conv 1-D on [N,C,L] = [2,3,10]: kernel 3, pads [1,1], stride 2")
    c.output(c.conv(c.input("x", [2, 3, 10]), 3, 4, [3], pads=[1, 1], strides=[2]))

    # ---- Gemm / MatMul -------------------------------------------------------------------------
    c = new("gemm_transb1", 11, "Gemm transB=1 (W [out,in] = [8,16]), alpha = beta = 1")
    c.output(c.gemm(c.input("x", [2, 16]), 16, 8, transB=1))

    c = new("gemm_transb0", 13, "Gemm transB=0 (W [in,out] = [16,8]), alpha = beta = 1")
    c.output(c.gemm(c.input("x", [2, 16]), 16, 8, transB=0))

    c = new("gemm_alpha_beta", 17,
            "Gemm transB=1 with alpha=0.5 and beta=2.0: Y = 0.5*X*W^T + 2.0*C (fold into W and bias)")
    c.output(c.gemm(c.input("x", [2, 16]), 16, 8, transB=1, alpha=0.5, beta=2.0))

    c = new("matmul_add", 14, "MatMul x[2,16] * W[16,8] + Add bias [8]: a fully-connected layer")
    x = c.input("x", [2, 16])
    mm = c.node("MatMul", [x, c.weight("mm_w", [16, 8], 16)])
    c.output(c.node("Add", [mm, c.bias("mm_b", 8)]))

    c = new("conv_flatten_gemm", 15,
            "Conv(3->4, 3x3 pads 1) on 6x6 -> Flatten(axis 1) [1,144] in ONNX (C,H,W) order -> "
            "Gemm(144->10, transB 1)")
    y = c.conv(c.input("x", [1, 3, 6, 6]), 3, 4, 3, pads=[1, 1, 1, 1])
    c.output(c.gemm(c.node("Flatten", [y], axis=1), 144, 10))

    # ---- Pooling -------------------------------------------------------------------------------
    c = new("maxpool_3x3_s2_p1", 12, "MaxPool kernel 3 stride 2 pads 1 ceil_mode 0: 8x8 -> 4x4")
    c.output(c.node("MaxPool", [c.input("x", [1, 3, 8, 8])], kernel_shape=[3, 3], strides=[2, 2],
                    pads=[1, 1, 1, 1], ceil_mode=0))

    c = new("maxpool_3x3_s2_p1_ceil", 18,
            "MaxPool kernel 3 stride 2 pads 1 ceil_mode 1: 8x8 -> 5x5 (last window: row 7 + padding)")
    c.output(c.node("MaxPool", [c.input("x", [1, 3, 8, 8])], kernel_shape=[3, 3], strides=[2, 2],
                    pads=[1, 1, 1, 1], ceil_mode=1))

    c = new("maxpool_2x2_s2_p1_ceil_drop", 19,
            "MaxPool kernel 2 stride 2 pads 1 ceil_mode 1 on 7x7: ceil gives 5, but the 5th window "
            "would start in the end padding, so DESIGN.md/PyTorch give 4 (ORT's size recorded in the "
            "output shape). onnx 1.23's shape inference says 5x5 and disagrees with ORT, so this "
            "model declares ORT's 4x4 and passes onnx.checker without full_check")
    c.full_check = False
    c.output(c.node("MaxPool", [c.input("x", [1, 2, 7, 7])], kernel_shape=[2, 2], strides=[2, 2],
                    pads=[1, 1, 1, 1], ceil_mode=1))

    c = new("maxpool_2x2_d2", 12, "MaxPool kernel 2 dilations 2 stride 1: 8x8 -> 6x6")
    c.output(c.node("MaxPool", [c.input("x", [1, 3, 8, 8])], kernel_shape=[2, 2], strides=[1, 1],
                    dilations=[2, 2]))

    c = new("maxpool_indices", 13,
            "MaxPool kernel 3 stride 2 pads 1 with Indices (storage_order 0) as graph output 1 "
            "(int64). ORT's Indices are flat over the WHOLE NCHW tensor: ((n*C + c)*H + h)*W + w; "
            "Octet's per-plane index is that value mod H*W (checked by the generator). Batch 2, so "
            "the offset is visible")
    y, ind = c.node("MaxPool", [c.input("x", [2, 3, 8, 8])], n_out=2, kernel_shape=[3, 3],
                    strides=[2, 2], pads=[1, 1, 1, 1], storage_order=0)
    c.output(y)
    c.output(ind, np.int64)

    c = new("maxpool1d", 11, "MaxPool 1-D on [2,3,10]: kernel 3 stride 2 pads 1 -> [2,3,5]")
    c.output(c.node("MaxPool", [c.input("x", [2, 3, 10])], kernel_shape=[3], strides=[2],
                    pads=[1, 1]))

    c = new("avgpool_3x3_s2_p1_cip0", 11,
            "AveragePool kernel 3 stride 2 pads 1 count_include_pad 0: divide by valid cells")
    c.output(c.node("AveragePool", [c.input("x", [1, 3, 8, 8])], kernel_shape=[3, 3],
                    strides=[2, 2], pads=[1, 1, 1, 1], count_include_pad=0))

    c = new("avgpool_3x3_s2_p1_cip1", 19,
            "AveragePool kernel 3 stride 2 pads 1 count_include_pad 1: divide by 9, padding = 0")
    c.output(c.node("AveragePool", [c.input("x", [1, 3, 8, 8])], kernel_shape=[3, 3],
                    strides=[2, 2], pads=[1, 1, 1, 1], count_include_pad=1))

    c = new("avgpool_3x3_s2_p1_ceil_cip0", 16,
            "AveragePool kernel 3 stride 2 pads 1 ceil_mode 1 count_include_pad 0: 8x8 -> 5x5")
    c.output(c.node("AveragePool", [c.input("x", [1, 3, 8, 8])], kernel_shape=[3, 3],
                    strides=[2, 2], pads=[1, 1, 1, 1], ceil_mode=1, count_include_pad=0))

    c = new("avgpool_3x3_s2_p1_ceil_cip1", 19,
            "AveragePool kernel 3 stride 2 pads 1 ceil_mode 1 count_include_pad 1: 8x8 -> 5x5. "
            "Subtle: the last window (rows 7, 8=pad, 9=beyond the padding) -- ORT (like PyTorch) "
            "counts the cells inside input+pads only (divisor 2 on that axis, not 3)")
    c.output(c.node("AveragePool", [c.input("x", [1, 3, 8, 8])], kernel_shape=[3, 3],
                    strides=[2, 2], pads=[1, 1, 1, 1], ceil_mode=1, count_include_pad=1))

    c = new("avgpool_3x3_s2_same_upper", 13,
            "AveragePool kernel 3 stride 2 auto_pad SAME_UPPER on 8x8 (pad 1 at the end), "
            "count_include_pad 0")
    c.output(c.node("AveragePool", [c.input("x", [1, 3, 8, 8])], kernel_shape=[3, 3],
                    strides=[2, 2], auto_pad="SAME_UPPER"))

    c = new("global_avgpool", 14, "GlobalAveragePool [2,4,7,9] -> [2,4,1,1]")
    c.output(c.node("GlobalAveragePool", [c.input("x", [2, 4, 7, 9])]))

    c = new("global_maxpool", 15, "GlobalMaxPool [2,4,7,9] -> [2,4,1,1]")
    c.output(c.node("GlobalMaxPool", [c.input("x", [2, 4, 7, 9])]))

    c = new("lppool_p2", 18,
            "LpPool p=2 kernel 3 stride 2 pads 1: y = sqrt(sum x^2) over the window (no division "
            "by n; padding cells contribute 0)")
    c.output(c.node("LpPool", [c.input("x", [1, 3, 8, 8])], kernel_shape=[3, 3], strides=[2, 2],
                    pads=[1, 1, 1, 1], p=2))

    c = new("lppool_p1", 11, "LpPool p=1 kernel 2 stride 2: y = sum |x| over the window")
    c.output(c.node("LpPool", [c.input("x", [2, 3, 8, 8])], kernel_shape=[2, 2], strides=[2, 2],
                    p=1))

    c = new("global_lppool_p2", 12, "GlobalLpPool p=2: y = sqrt(sum over H,W of x^2)")
    c.output(c.node("GlobalLpPool", [c.input("x", [2, 4, 7, 9])], p=2))

    c = new("maxunpool", 11,
            "MaxPool k2 s2 (Indices) -> MaxUnpool k2 s2 on [2,2,8,8]: default output 8x8. Indices "
            "are whole-tensor flat (see maxpool_indices); non-max cells are 0. Outputs: unpooled, "
            "pooled")
    y, ind = c.node("MaxPool", [c.input("x", [2, 2, 8, 8])], n_out=2, kernel_shape=[2, 2],
                    strides=[2, 2])
    c.output(c.node("MaxUnpool", [y, ind], kernel_shape=[2, 2], strides=[2, 2]))
    c.output(y)

    c = new("maxunpool_output_shape", 20,
            "MaxPool k2 s2 on 7x7 -> 3x3 (Indices) -> MaxUnpool k2 s2 with output_shape input "
            "[1,2,7,7] (an int64 initializer): without it the output would be 6x6; row/column 6 "
            "stays 0. ORT scatters each value at its Indices value read as a flat index into the "
            "OUTPUT tensor (here the same 7x7 layout as the pooled input)")
    y, ind = c.node("MaxPool", [c.input("x", [1, 2, 7, 7])], n_out=2, kernel_shape=[2, 2],
                    strides=[2, 2])
    shp = c.const("unpool_shape", np.array([1, 2, 7, 7], np.int64))
    c.output(c.node("MaxUnpool", [y, ind, shp], kernel_shape=[2, 2], strides=[2, 2]))

    # ---- Elementwise, shape ops ----------------------------------------------------------------
    c = new("relu", 14, "Relu on [2,4,7,9]")
    c.output(c.node("Relu", [c.input("x", [2, 4, 7, 9])]))

    c = new("conv_clip_0_6", 13,
            "Conv -> Clip with min/max as initializer inputs 0 and 6 (ReLU6); input scaled x4 so "
            "that both bounds are hit")
    y = c.conv(c.input("x", [1, 3, 8, 8], scale=4.0), 3, 4, 3, pads=[1, 1, 1, 1])
    c.output(c.node("Clip", [y, c.const("clip_min", np.array(0, F32)),
                             c.const("clip_max", np.array(6, F32))]))

    c = new("clip_general", 12, "Clip with min -0.5 and max 0.7 as scalar initializer inputs")
    c.output(c.node("Clip", [c.input("x", [2, 4, 7, 9]), c.const("clip_min", np.array(-0.5, F32)),
                             c.const("clip_max", np.array(0.7, F32))]))

    c = new("add_two_convs", 14, "Add of two activations of the same shape: conv(x) + conv(x)")
    x = c.input("x", [1, 3, 8, 8])
    a = c.conv(x, 3, 4, 3, pads=[1, 1, 1, 1])
    b = c.conv(x, 3, 4, 1)
    c.output(c.node("Add", [a, b]))

    c = new("add_two_inputs", 16,
            "Two graph inputs (files .input0/.input1): Relu(a) + b, same shape [2,4,7,9]")
    a = c.input("a", [2, 4, 7, 9])
    b = c.input("b", [2, 4, 7, 9])
    c.output(c.node("Add", [c.node("Relu", [a]), b]))

    c = new("concat_channels", 11, "Concat axis 1 of two conv outputs (3 and 5 channels) -> 8")
    x = c.input("x", [1, 3, 8, 8])
    a = c.conv(x, 3, 3, 3, pads=[1, 1, 1, 1])
    b = c.conv(x, 3, 5, 1)
    c.output(c.node("Concat", [a, b], axis=1))

    c = new("conv_reshape_gemm", 14,
            "Conv(3->4, 3x3 pads 1) on [2,3,5,5] -> Reshape with constant shape [0,-1] "
            "(0 copies the input dim, allowzero=0) -> [2,100] -> Gemm(100->6)")
    y = c.conv(c.input("x", [2, 3, 5, 5]), 3, 4, 3, pads=[1, 1, 1, 1])
    r = c.node("Reshape", [y, c.const("reshape_shape", np.array([0, -1], np.int64))])
    c.output(c.gemm(r, 100, 6))

    c = new("flatten", 11, "Flatten axis 1 on [2,3,4,5] -> [2,60]")
    c.output(c.node("Flatten", [c.input("x", [2, 3, 4, 5])], axis=1))

    c = new("squeeze_unsqueeze_attr", 12,
            "GlobalAveragePool -> Squeeze(axes=[2,3] attribute, opset < 13) -> Gemm(4->10) -> "
            "Unsqueeze(axes=[2,3] attribute) -> [2,10,1,1]")
    g = c.node("GlobalAveragePool", [c.input("x", [2, 4, 7, 9])])
    s = c.node("Squeeze", [g], axes=[2, 3])
    c.output(c.node("Unsqueeze", [c.gemm(s, 4, 10)], axes=[2, 3]))

    c = new("squeeze_unsqueeze_input", 13,
            "GlobalAveragePool -> Squeeze(axes input [2,3], opset >= 13) -> Gemm(4->10) -> "
            "Unsqueeze(axes input [-1], negative axis) -> [2,10,1]")
    g = c.node("GlobalAveragePool", [c.input("x", [2, 4, 7, 9])])
    s = c.node("Squeeze", [g, c.const("squeeze_axes", np.array([2, 3], np.int64))])
    c.output(c.node("Unsqueeze", [c.gemm(s, 4, 10),
                                  c.const("unsqueeze_axes", np.array([-1], np.int64))]))

    c = new("identity_dropout", 11,
            "Identity -> Conv -> Dropout(ratio=0.3 attribute, opset < 12), inference: Dropout is "
            "an identity")
    x = c.node("Identity", [c.input("x", [1, 3, 8, 8])])
    c.output(c.node("Dropout", [c.conv(x, 3, 4, 3, pads=[1, 1, 1, 1])], ratio=0.3))

    c = new("dropout_ratio_input", 13,
            "Dropout with ratio as an initializer input (0.5, opset >= 12), no training_mode "
            "input: inference, an identity")
    c.output(c.node("Dropout", [c.input("x", [2, 4, 7, 9]),
                                c.const("dropout_ratio", np.array(0.5, F32))]))

    c = new("conv_bn_relu", 15,
            "Conv -> BatchNormalization (epsilon 1e-3, to be folded into the conv) -> Relu")
    y = c.conv(c.input("x", [1, 3, 8, 8]), 3, 4, 3, pads=[1, 1, 1, 1])
    c.output(c.node("Relu", [c.bn(y, 4, epsilon=1e-3)]))

    c = new("bn_standalone", 14,
            "BatchNormalization directly on the input (per-channel affine), default epsilon 1e-5")
    c.output(c.bn(c.input("x", [2, 4, 7, 9]), 4))

    c = new("gemm_softmax", 13, "Gemm(16->10) -> Softmax axis -1 on [2,10]")
    c.output(c.node("Softmax", [c.gemm(c.input("x", [2, 16]), 16, 10)], axis=-1))

    c = new("resnet_block", 17,
            "conv(8->8,3x3,p1) -> BN -> Relu -> conv(8->8,3x3,p1) -> BN, + skip (input) -> Relu -> "
            "GlobalAveragePool -> Flatten -> Gemm(8->10) -> Softmax(axis -1)")
    x = c.input("x", [1, 8, 8, 8])
    y = c.node("Relu", [c.bn(c.conv(x, 8, 8, 3, pads=[1, 1, 1, 1]), 8)])
    y = c.bn(c.conv(y, 8, 8, 3, pads=[1, 1, 1, 1]), 8)
    y = c.node("Relu", [c.node("Add", [y, x])])
    y = c.node("Flatten", [c.node("GlobalAveragePool", [y])], axis=1)
    c.output(c.node("Softmax", [c.gemm(y, 8, 10)], axis=-1))

    c = new("dynamic_batch", 13,
            "Input [N,3,8,8] with a symbolic batch dim \"N\" (run with N = 2): Conv -> Relu -> "
            "MaxPool 2x2 -> GlobalAveragePool -> Flatten -> Gemm(6->5); output [N,5]")
    x = c.input("x", [2, 3, 8, 8], model_shape=["N", 3, 8, 8])
    y = c.node("Relu", [c.conv(x, 3, 6, 3, pads=[1, 1, 1, 1])])
    y = c.node("MaxPool", [y], kernel_shape=[2, 2], strides=[2, 2])
    y = c.node("Flatten", [c.node("GlobalAveragePool", [y])], axis=1)
    c.output(c.gemm(y, 6, 5), dynamic_batch="N")

    return cases


# ------------------------------------------------------------------------------------------------
# Invalid cases
# ------------------------------------------------------------------------------------------------

def invalid_cases(valid_bytes):
    out = []

    def add(name, model_or_bytes, expected, reason):
        data = model_or_bytes if isinstance(model_or_bytes, bytes) else \
            model_or_bytes.SerializeToString()
        (INVALID / f"{name}.onnx").write_bytes(data)
        try:
            ort_session(data)
            ort_loads = True
        except Exception:  # noqa: BLE001 -- informational only
            ort_loads = False
        out.append({"name": name, "file": f"invalid/{name}.onnx", "expected_error": expected,
                    "reason": reason, "ort_loads": ort_loads})

    c = Case("invalid_unsupported_op", 13)
    y = c.conv(c.input("x", [1, 3, 8, 8]), 3, 4, 3, pads=[1, 1, 1, 1])
    c.output(c.node("Sigmoid", [y], name="sig0"))
    add(c.name, c.model(out_shapes=[[1, 4, 8, 8]]), "Sigmoid",
        "unsupported op Sigmoid (node \"sig0\"); the message should name both")

    c = Case("invalid_conv_missing_weight", 13)
    x = c.input("x", [1, 3, 8, 8])
    c.output(c.node("Conv", [x, "conv0_w_missing", c.bias("conv0_b", 4)], name="conv0",
                    kernel_shape=[3, 3], pads=[1, 1, 1, 1]))
    add(c.name, c.model(out_shapes=[[1, 4, 8, 8]], check=False), "conv0_w_missing",
        "Conv \"conv0\" reads weight \"conv0_w_missing\", which is neither an initializer nor a "
        "graph input")

    c = Case("invalid_conv_channel_mismatch", 13)
    x = c.input("x", [1, 3, 8, 8])
    c.output(c.node("Conv", [x, c.weight("conv0_w", [4, 5, 3, 3], 45), c.bias("conv0_b", 4)],
                    name="conv0", kernel_shape=[3, 3], pads=[1, 1, 1, 1]))
    add(c.name, c.model(out_shapes=[[1, 4, 8, 8]], check=False), "conv0",
        "Conv \"conv0\": input has 3 channels, weight [4,5,3,3] expects 5 (group 1)")

    c = Case("invalid_maxpool_storage_order1", 13)
    y, ind = c.node("MaxPool", [c.input("x", [1, 3, 8, 8])], n_out=2, name="maxpool0",
                    kernel_shape=[2, 2], strides=[2, 2], storage_order=1)
    c.output(y)
    c.output(ind, np.int64)
    add(c.name, c.model(out_shapes=[[1, 3, 4, 4], [1, 3, 4, 4]]), "storage_order",
        "MaxPool \"maxpool0\" with storage_order=1 (column-major Indices): unsupported value")

    c = Case("invalid_reshape_shape_not_constant", 13)
    x = c.input("x", [1, 3, 4, 4])
    c.inputs.append(("shape", None, [2]))
    c.output(c.node("Reshape", [x, "shape"], name="reshape0"))
    m = c.model(out_shapes=[[1, 48]], check=False)
    m.graph.input[1].type.tensor_type.elem_type = TensorProto.INT64
    onnx.checker.check_model(m, full_check=True)
    add(c.name, m, "reshape0",
        "Reshape \"reshape0\" takes its shape from graph input \"shape\" (not a constant)")

    cut = valid_bytes[: int(len(valid_bytes) * 0.6)]
    try:
        onnx.load_from_string(cut)
        raise AssertionError("truncated model parsed")
    except onnx.onnx_cpp2py_export.checker.ValidationError:
        raise
    except Exception:  # noqa: BLE001 -- expected: protobuf DecodeError
        pass
    add("invalid_truncated", cut, "truncated",
        f"first 60% ({len(cut)} of {len(valid_bytes)} bytes) of conv_bn_relu.onnx: the protobuf "
        "ends inside a length-delimited field; the message should give the byte offset")

    for opset in (10, 22):
        c = Case(f"invalid_opset{opset}", opset)
        c.output(c.node("Relu", [c.input("x", [1, 3, 8, 8])]))
        add(c.name, c.model(out_shapes=[[1, 3, 8, 8]]), "opset",
            f"default-domain opset {opset} is outside the supported range 11...21")
    return out


# ------------------------------------------------------------------------------------------------

def checks(results):
    """Cross-check ORT conventions the Swift side must translate; returns notes."""
    notes = []
    # MaxPool Indices: whole-tensor flat NCHW index.
    c, (y, ind) = results["maxpool_indices"]
    x = c.inputs[0][1]
    ry, rind = maxpool_ref(x, 3, 2, 1)
    N, C, H, W = x.shape
    plane = (np.arange(N)[:, None] * C + np.arange(C)[None, :])[:, :, None, None] * (H * W)
    assert np.array_equal(ry, y), "maxpool values"
    assert np.array_equal(ind, rind + plane), "maxpool indices are not whole-tensor flat"
    notes.append("MaxPool Indices (ORT, storage_order 0): flat over the whole NCHW input, "
                 "((n*C + c)*H + h)*W + w; Octet's per-plane index = value mod (H*W) (verified "
                 "against a reference in maxpool_indices). MaxUnpool reads the same convention.")
    # MaxUnpool: scatter of pooled values at the indices.
    c, (u, p) = results["maxunpool"]
    x = c.inputs[0][1]
    ref = np.zeros_like(x).ravel()
    _, rind = maxpool_ref(x, 2, 2, 0)
    N, C, H, W = x.shape
    plane = (np.arange(N)[:, None] * C + np.arange(C)[None, :])[:, :, None, None] * (H * W)
    ref[(rind + plane).ravel()] = p.ravel()
    assert np.array_equal(ref.reshape(x.shape), u), "maxunpool"
    # ceil-mode output size vs DESIGN.md.
    c, (y,) = results["maxpool_2x2_s2_p1_ceil_drop"]
    want = design_out_len(7, 2, 2, 1, 1, 1, True)
    got = y.shape[2]
    notes.append(f"maxpool_2x2_s2_p1_ceil_drop: ORT output {got}x{got}, DESIGN.md rule "
                 f"{want}x{want}" + (" (agree)" if got == want else " (DISAGREE)"))
    for name in ("maxpool_3x3_s2_p1_ceil", "avgpool_3x3_s2_p1_ceil_cip0",
                 "avgpool_3x3_s2_p1_ceil_cip1"):
        _, (y,) = results[name]
        assert y.shape[2] == design_out_len(8, 3, 2, 1, 1, 1, True), name
    # AveragePool ceil + count_include_pad=1: the divisor of the last window.
    c, (y,) = results["avgpool_3x3_s2_p1_ceil_cip1"]
    x = c.inputs[0][1].astype(np.float64)
    xp = np.pad(x, ((0, 0), (0, 0), (1, 1), (1, 1)))  # 10x10 = input + pads
    last = xp[:, :, 8:10, 8:10].sum(axis=(2, 3))  # window rows/cols 8..10 clipped to the padded end
    div = 4 if np.allclose(y[:, :, 4, 4], last / 4, atol=1e-6) else \
        (9 if np.allclose(y[:, :, 4, 4], last / 9, atol=1e-6) else None)
    assert div is not None, "avgpool ceil cip1 divisor"
    notes.append(f"avgpool_3x3_s2_p1_ceil_cip1: ORT divides the corner window (4 input-or-pad "
                 f"cells of 9) by {div}: count_include_pad counts padding cells, not cells past "
                 "the padding (PyTorch agrees)")
    # LpPool p semantics.
    c, (y,) = results["lppool_p1"]
    x = c.inputs[0][1]
    ref = np.abs(x).reshape(2, 3, 4, 2, 4, 2).sum(axis=(3, 5))
    assert np.allclose(ref, y, atol=1e-5), "lppool p1"
    c, (y,) = results["lppool_p2"]
    xp = np.pad(c.inputs[0][1].astype(np.float64), ((0, 0), (0, 0), (1, 1), (1, 1)))
    ref = np.array([[np.sqrt((xp[:, :, 2 * i:2 * i + 3, 2 * j:2 * j + 3] ** 2).sum(axis=(2, 3)))
                     for j in range(4)] for i in range(4)]).transpose(2, 3, 0, 1)
    assert np.allclose(ref, y, atol=1e-5), "lppool p2"
    notes.append("LpPool/GlobalLpPool: y = (sum |x|^p)^(1/p), no division by the window size "
                 "(checked for p=1 and for p=2 with padding cells counted as 0)")
    return notes


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    INVALID.mkdir(parents=True, exist_ok=True)
    for p in list(OUT.glob("*.onnx")) + list(OUT.glob("*.npy")) + list(INVALID.glob("*.onnx")):
        p.unlink()
    manifest = {"format": FORMAT, "generator": GENERATOR, "onnx": onnx.__version__,
                "onnxruntime": ort.__version__, "numpy": np.__version__,
                "python": platform.python_version(), "machine": platform.machine(),
                "seed": SEED,
                "rng": "numpy.random.default_rng([seed, zlib.crc32(case name)]); inputs "
                       "standard normal, weights normal / sqrt(fan_in), biases normal * 0.1",
                "runtime": "onnxruntime CPUExecutionProvider, intra_op_num_threads=1, "
                           "graph optimizations disabled",
                "suggested_tolerance": {"atol": 1e-4, "rtol": 1e-4},
                "files": "<case>.onnx, <case>.input.npy (or .input<k>.npy for k = 0.. when "
                         "several graph inputs), <case>.output<k>.npy for graph output k; npy "
                         "version 1.0, C order, little-endian",
                "notes": [], "cases": [], "invalid": []}
    results = {}
    for c in valid_cases():
        results[c.name] = (c, run_case(c, manifest))
    manifest["notes"] = checks(results)
    manifest["invalid"] = invalid_cases((OUT / "conv_bn_relu.onnx").read_bytes())
    text = json.dumps(manifest, indent=1)
    # keep short lists of numbers / names on one line
    text = re.sub(r"\[\s*((?:-?\d+|\"[A-Za-z]+\")(?:,\s*(?:-?\d+|\"[A-Za-z]+\"))*)\s*\]",
                  lambda mt: "[" + re.sub(r",\s*", ", ", mt.group(1)) + "]", text)
    (OUT / "manifest.json").write_text(text + "\n")
    (OUT / "README.md").write_text(README.format(onnx=onnx.__version__, ort=ort.__version__,
                                                 np=np.__version__, n=len(manifest["cases"]),
                                                 ni=len(manifest["invalid"])))
    total = sum(p.stat().st_size for p in OUT.rglob("*") if p.is_file())
    print(f"{len(manifest['cases'])} cases, {len(manifest['invalid'])} invalid, {total} bytes")
    for n in manifest["notes"]:
        print(" -", n)


if __name__ == "__main__":
    main()
