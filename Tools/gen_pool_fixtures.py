#!/usr/bin/env python3
"""Generate Octet's pooling conformance fixtures (Tests/Fixtures/pooling/*.json).

Run from anywhere (paths are resolved relative to this file):

    python3 Tools/gen_pool_fixtures.py               # writes all three files
    python3 Tools/gen_pool_fixtures.py --skip-torch  # keeps the checked-in torch_float.json

Needs Python 3.9+ with:
    numpy        2.x     (generated with 2.4.6)
    onnx         1.x     (generated with 1.23.2; only onnx.helper / numpy_helper are used)
    onnxruntime  1.31.1  (CPUExecutionProvider; other versions may round differently)
    torch        2.x CPU (generated with 2.15.0; only for torch_float.json)

The outputs are checked in; the Swift tests read them and never run this script.  Re-run it only
to regenerate on purpose, then review the diff (peer versions are stamped in every file).  The
script is deterministic: every case draws its inputs from numpy's default_rng seeded with
(SEED, crc32(case name)), ORT runs single-threaded with graph optimizations disabled, and torch
runs with one thread.

Files written (format "octet-pool-fixtures/v1", see DESIGN.md section 3 for the numeric contract):
    ort_int8.json    ONNX Runtime, int8: MaxPool (+Indices) 1-D/2-D/3-D,
                     com.microsoft QLinearAveragePool and QLinearGlobalAveragePool (channels_last=1)
    torch_float.json PyTorch float32: max_pool (+indices), adaptive avg/max, lp_pool, max_unpool
    ort_float.json   ONNX Runtime float32: LpPool, GlobalLpPool, MaxUnpool

Layout: every tensor is written flat, channels-last (NWC / NHWC / NDHWC); the peers run NCHW (or
NHWC where ORT's channels_last=1 allows it) and the script transposes.  Indices use Octet's
per-(n, c)-plane convention: 1-D w, 2-D h*W + w, 3-D (d*H + h)*W + w.

Besides the peer outputs, the script checks every peer result against its own Python model of the
DESIGN.md section 3 rules (max/argmax, window geometry, adaptive windows, Lp definition) and
records disagreements in the case ("peer_known_wrong_indices", "peer_vs_octet_reference", ...)
and in the file's "notes".  For the int8 average pools, whose peer rounding differs from Octet's,
it also writes "octet_reference_output": the output of that Python model (NOT a peer output).
"""

import argparse
import itertools
import json
import math
import platform
import sys
import zlib
from pathlib import Path

import numpy as np
import onnx
import onnxruntime as ort
from onnx import TensorProto, helper, numpy_helper

SEED = 0x0C7E7  # fixed; per-case generators are derived from (SEED, crc32(name))
FORMAT = "octet-pool-fixtures/v1"
GENERATOR = "Tools/gen_pool_fixtures.py"
ROOT = Path(__file__).resolve().parent.parent
OUT_DIR = ROOT / "Tests" / "Fixtures" / "pooling"

F32 = np.float32


# ----------------------------------------------------------------------------------------------
# Small utilities
# ----------------------------------------------------------------------------------------------

def case_rng(name):
    return np.random.default_rng([SEED, zlib.crc32(name.encode("utf-8"))])


def f32(x):
    """Python float holding exactly the float32 value of x (repr round-trips float32)."""
    return float(np.float32(x))


def ints(a):
    return [int(v) for v in np.asarray(a).ravel()]


def floats(a):
    return [float(v) for v in np.asarray(a, dtype=F32).ravel()]


def to_cl(a):
    """NC(D)(H)W -> N(D)(H)WC."""
    return np.ascontiguousarray(np.moveaxis(a, 1, -1))


def to_cf(a):
    """N(D)(H)WC -> NC(D)(H)W."""
    return np.ascontiguousarray(np.moveaxis(a, -1, 1))


def dyadic(rng, shape, lo=-256, hi=256, denom=64):
    """Random float32 values k/denom: exactly representable, short decimal repr."""
    return (rng.integers(lo, hi, size=shape).astype(np.float64) / denom).astype(F32)


def quant(scale, zp):
    return {"scale": f32(scale), "zero_point": int(zp)}


def tdiv(a, b):
    """C-style integer division (truncates toward zero)."""
    q = abs(a) // abs(b)
    return q if (a >= 0) == (b > 0) else -q


# ----------------------------------------------------------------------------------------------
# Window geometry (DESIGN.md section 3)
# ----------------------------------------------------------------------------------------------

def out_len(n, k, s, d, pb, pe, ceil):
    num = n + pb + pe - d * (k - 1) - 1
    if num < 0:
        raise ValueError("window larger than padded input")
    o = (-(-num // s) if ceil else num // s) + 1
    if ceil and (o - 1) * s >= n + pb:  # PyTorch rule: drop a window starting in the end padding
        o -= 1
    return o


def out_spatial(sp, k, s, d, pads, ceil):
    r = len(sp)
    return tuple(out_len(sp[a], k[a], s[a], d[a], pads[a], pads[a + r], ceil) for a in range(r))


def window_taps(o, sp, k, s, d, pads):
    """Yields (position, inside_input, inside_padded_extent) for every tap of output cell o."""
    r = len(sp)
    for t in itertools.product(*[range(v) for v in k]):
        p = tuple(o[a] * s[a] - pads[a] + t[a] * d[a] for a in range(r))
        inside = all(0 <= p[a] < sp[a] for a in range(r))
        in_pad = all(-pads[a] <= p[a] < sp[a] + pads[a + r] for a in range(r))
        yield p, inside, in_pad


def plane_index(p, sp):
    idx = 0
    for a in range(len(sp)):
        idx = idx * sp[a] + p[a]
    return idx


def adaptive_bounds(n_in, n_out):
    return [((i * n_in) // n_out, -(-((i + 1) * n_in) // n_out)) for i in range(n_out)]


# ----------------------------------------------------------------------------------------------
# Python model of the Octet rules (channels-last arrays)
# ----------------------------------------------------------------------------------------------

def ref_max_pool(x, k, s, d, pads, ceil):
    """Max and first-max (smallest-index) per-plane argmax over valid taps; NaN wins."""
    N, sp, C = x.shape[0], x.shape[1:-1], x.shape[-1]
    osp = out_spatial(sp, k, s, d, pads, ceil)
    y = np.empty((N,) + osp + (C,), x.dtype)
    ix = np.empty((N,) + osp + (C,), np.int64)
    for o in itertools.product(*[range(v) for v in osp]):
        cells = [p for p, inside, _ in window_taps(o, sp, k, s, d, pads) if inside]
        if not cells:
            raise ValueError("window without a valid cell")
        flat = np.array([plane_index(p, sp) for p in cells])
        order = np.argsort(flat, kind="stable")  # scan order == increasing flat index
        cells = [cells[i] for i in order]
        flat = flat[order]
        for n in range(N):
            vals = np.stack([x[(n,) + p] for p in cells])  # (ncells, C)
            am = np.argmax(vals, axis=0)  # first max; first NaN for floats
            y[(n,) + o] = vals[am, np.arange(C)]
            ix[(n,) + o] = flat[am]
    return y, ix


def ref_adaptive(x, out_size, kind):
    N, sp, C = x.shape[0], x.shape[1:-1], x.shape[-1]
    r = len(sp)
    bounds = [adaptive_bounds(sp[a], out_size[a]) for a in range(r)]
    y = np.empty((N,) + tuple(out_size) + (C,), np.float64)
    ix = np.empty((N,) + tuple(out_size) + (C,), np.int64)
    for o in itertools.product(*[range(v) for v in out_size]):
        cells = list(itertools.product(*[range(*bounds[a][o[a]]) for a in range(r)]))
        flat = np.array([plane_index(p, sp) for p in cells])
        for n in range(N):
            vals = np.stack([x[(n,) + p] for p in cells]).astype(np.float64)
            if kind == "avg":
                y[(n,) + o] = vals.mean(axis=0)
            else:
                am = np.argmax(vals, axis=0)
                y[(n,) + o] = vals[am, np.arange(C)]
                ix[(n,) + o] = flat[am]
    return y, ix


def ref_lp_pool(x, k, s, d, pads, ceil, p):
    """ONNX definition (sum over valid taps of |x|^p)^(1/p), float64."""
    N, sp, C = x.shape[0], x.shape[1:-1], x.shape[-1]
    osp = out_spatial(sp, k, s, d, pads, ceil)
    y = np.zeros((N,) + osp + (C,), np.float64)
    for o in itertools.product(*[range(v) for v in osp]):
        for pos, inside, _ in window_taps(o, sp, k, s, d, pads):
            if inside:
                y[(slice(None),) + o] += np.abs(x[(slice(None),) + pos].astype(np.float64)) ** p
    return y ** (1.0 / p)


# TFLite fixed-point requantization (DESIGN.md section 3)
def quantize_multiplier(m):
    if m == 0.0:
        return 0, 0
    q, shift = math.frexp(m)
    q_fixed = int(math.floor(abs(q) * (1 << 31) + 0.5)) * (1 if q >= 0 else -1)  # half away
    if q_fixed == (1 << 31):
        q_fixed //= 2
        shift += 1
    if shift < -31:
        shift, q_fixed = 0, 0
    if shift > 30:
        shift, q_fixed = 30, (1 << 31) - 1
    return q_fixed, shift


def srdhm(a, b):
    if a == b == -(1 << 31):
        return (1 << 31) - 1
    ab = a * b
    nudge = (1 << 30) if ab >= 0 else (1 - (1 << 30))
    return tdiv(ab + nudge, 1 << 31)


def rdbpot(x, exponent):
    mask = (1 << exponent) - 1
    remainder = x & mask
    threshold = (mask >> 1) + (1 if x < 0 else 0)
    return (x >> exponent) + (1 if remainder > threshold else 0)


def mul_by_quantized_multiplier(x, qm, shift):
    left = shift if shift > 0 else 0
    right = -shift if shift < 0 else 0
    return rdbpot(srdhm(x * (1 << left), qm), right)


def octet_requant(acc, s_in, s_out, n, zp_out):
    qm, shift = quantize_multiplier(float(F32(s_in)) / (float(F32(s_out)) * n))
    return max(-128, min(127, mul_by_quantized_multiplier(int(acc), qm, shift) + zp_out))


def octet_avg_pool_int8(x, k, s, pads, ceil, cip, iq, oq):
    """DESIGN.md section 3 average pool; divisor for count_include_pad=1 is the number of taps
    inside the padded extent (PyTorch rule: taps past the end padding of a ceil-mode window are
    not counted)."""
    N, sp, C = x.shape[0], x.shape[1:-1], x.shape[-1]
    r = len(sp)
    d = [1] * r
    osp = out_spatial(sp, k, s, d, pads, ceil)
    y = np.empty((N,) + osp + (C,), np.int64)
    same = (f32(iq[0]) == f32(oq[0])) and iq[1] == oq[1]
    xi = x.astype(np.int64)
    for o in itertools.product(*[range(v) for v in osp]):
        taps = list(window_taps(o, sp, k, s, d, pads))
        valid = [p for p, inside, _ in taps if inside]
        n_pad = sum(1 for _, inside, in_pad in taps if in_pad and not inside)
        n = len(valid) + (n_pad if cip else 0)
        for b in range(N):
            for c in range(C):
                if same:
                    acc = sum(int(xi[(b,) + p + (c,)]) for p in valid) + (n_pad * iq[1] if cip else 0)
                    v = tdiv(acc + n // 2, n) if acc > 0 else tdiv(acc - n // 2, n)
                    y[(b,) + o + (c,)] = max(-128, min(127, v))
                else:
                    acc = sum(int(xi[(b,) + p + (c,)]) - iq[1] for p in valid)
                    y[(b,) + o + (c,)] = octet_requant(acc, iq[0], oq[0], n, oq[1])
    return y


def octet_global_avg_pool_int8(x, iq, oq):
    N, sp, C = x.shape[0], x.shape[1:-1], x.shape[-1]
    n = int(np.prod(sp))
    total = x.astype(np.int64).reshape(N, n, C).sum(axis=1)
    same = (f32(iq[0]) == f32(oq[0])) and iq[1] == oq[1]
    if same:
        # Equal quantization: the average-pool formula over the whole plane, one rounding
        # (sum q +- n/2) / n, ties away from zero (DESIGN.md section 3; global = full-window pooling).
        y = np.array([[max(-128, min(127, tdiv(int(t) + n // 2, n) if t > 0 else tdiv(int(t) - n // 2, n)))
                       for t in total[b]] for b in range(N)], np.int64)
    else:
        acc = total - iq[1] * n
        y = np.array([[octet_requant(acc[b, c], iq[0], oq[0], n, oq[1]) for c in range(C)]
                      for b in range(N)], np.int64)
    return y.reshape((N,) + (1,) * len(sp) + (C,))


# ----------------------------------------------------------------------------------------------
# Emulations of what ORT 1.31.1 (x86_64) does, used only to document its rounding in "notes"
# ----------------------------------------------------------------------------------------------

def emulate_ort_qlinear_avg_pool(x, k, s, pads, ceil, cip, iq, oq):
    """contrib_ops/cpu/quantization/qlinear_pool.cc: dequantize each input to float32
    (x_scale * (q - zp)), sum in float32 in scan order, divide by the count (valid taps, or the
    kernel area when count_include_pad=1), then nearbyintf(sum/n / y_scale + y_zp), clamp."""
    N, sp, C = x.shape[0], x.shape[1:-1], x.shape[-1]
    r = len(sp)
    osp = out_spatial(sp, k, s, [1] * r, pads, ceil)
    deq = (F32(iq[0]) * (x.astype(np.int32) - iq[1]).astype(F32)).astype(F32)
    y = np.empty((N,) + osp + (C,), np.int64)
    for o in itertools.product(*[range(v) for v in osp]):
        st = [o[a] * s[a] - pads[a] for a in range(r)]
        en = [min(st[a] + k[a], sp[a]) for a in range(r)]
        st = [max(v, 0) for v in st]
        acc = np.zeros((N, C), F32)
        for p in itertools.product(*[range(st[a], en[a]) for a in range(r)]):
            acc = (acc + deq[(slice(None),) + p]).astype(F32)
        cnt = int(np.prod(k)) if cip else int(np.prod([en[a] - st[a] for a in range(r)]))
        acc = (acc / F32(cnt)).astype(F32)
        v = np.rint(((acc / F32(oq[0])).astype(F32) + F32(oq[1])).astype(F32))
        y[(slice(None),) + o] = np.clip(v, -128, 127)
    return y


def emulate_ort_qlinear_global_avg_pool(x, iq, oq):
    """MLAS qlgavgpool.cpp (SSE2 path): exact int32 sum of (q - zp_in), times float32
    scale = x_scale / (y_scale * float(n)), round half to even (cvtps), + zp_out, clamp."""
    N, sp, C = x.shape[0], x.shape[1:-1], x.shape[-1]
    n = int(np.prod(sp))
    acc = x.astype(np.int64).reshape(N, n, C).sum(axis=1) - iq[1] * n
    scale = F32(F32(iq[0]) / (F32(oq[0]) * F32(n)))
    v = np.rint((acc.astype(F32) * scale).astype(F32))
    v = np.clip(v, -128 - oq[1], 127 - oq[1]) + oq[1]
    return v.astype(np.int64).reshape((N,) + (1,) * len(sp) + (C,))


# ----------------------------------------------------------------------------------------------
# ONNX Runtime helpers
# ----------------------------------------------------------------------------------------------

ONNX_TYPES = {np.dtype(np.int8): TensorProto.INT8, np.dtype(np.uint8): TensorProto.UINT8,
              np.dtype(np.float32): TensorProto.FLOAT, np.dtype(np.int64): TensorProto.INT64}


def ort_run(node, feeds, outputs, opset, initializers=(), ms=False):
    """feeds: list of (name, array); outputs: list of (name, TensorProto type)."""
    inputs = [helper.make_tensor_value_info(n, ONNX_TYPES[a.dtype], list(a.shape)) for n, a in feeds]
    outs = [helper.make_tensor_value_info(n, t, None) for n, t in outputs]
    graph = helper.make_graph([node], "g", inputs, outs, initializer=list(initializers))
    opsets = [helper.make_opsetid("", opset)]
    if ms:
        opsets.append(helper.make_opsetid("com.microsoft", 1))
    model = helper.make_model(graph, opset_imports=opsets, producer_name=GENERATOR)
    model.ir_version = 8
    so = ort.SessionOptions()
    so.graph_optimization_level = ort.GraphOptimizationLevel.ORT_DISABLE_ALL
    so.intra_op_num_threads = 1
    so.inter_op_num_threads = 1
    so.log_severity_level = 3
    sess = ort.InferenceSession(model.SerializeToString(), so, providers=["CPUExecutionProvider"])
    return sess.run(None, dict(feeds))


def q_initializers(iq, oq, dtype=np.int8):
    return [numpy_helper.from_array(np.array(iq[0], F32), "x_scale"),
            numpy_helper.from_array(np.array(iq[1], dtype), "x_zero_point"),
            numpy_helper.from_array(np.array(oq[0], F32), "y_scale"),
            numpy_helper.from_array(np.array(oq[1], dtype), "y_zero_point")]


def geometry(rank, k, s=None, d=None, pads=None):
    s = list(s) if s is not None else list(k)
    d = list(d) if d is not None else [1] * rank
    pads = list(pads) if pads is not None else [0] * (2 * rank)
    assert len(k) == len(s) == len(d) == rank and len(pads) == 2 * rank
    return list(k), s, d, pads


def new_case(name, op, rank, input_shape):
    return {"name": name, "op": op, "rank": rank, "input_shape": list(input_shape)}


def finish_case(case, dtype, x_cl, y_cl, extra_after=None):
    case["dtype"] = dtype
    case["input"] = ints(x_cl) if dtype != "float32" else floats(x_cl)
    case["output_shape"] = list(y_cl.shape)
    case["output"] = ints(y_cl) if dtype != "float32" else floats(y_cl)
    if extra_after:
        case.update(extra_after)
    return case


# ----------------------------------------------------------------------------------------------
# ort_int8.json
# ----------------------------------------------------------------------------------------------

MAXPOOL_OPSET = 12  # MaxPool-12 is the first version accepting int8 (with Indices)


def ort_int8_maxpool_case(name, notes, N, C, sp, k, s=None, d=None, pads=None, ceil=0,
                          fill=None, iq=(0.05, -3), known_all_min=False):
    rank = len(sp)
    k, s, d, pads = geometry(rank, k, s, d, pads)
    rng = case_rng(name)
    if fill is None:
        x = rng.integers(-128, 128, size=(N, C) + tuple(sp)).astype(np.int8)
    else:
        x = fill(rng, (N, C) + tuple(sp)).astype(np.int8)
    node = helper.make_node("MaxPool", ["x"], ["y", "indices"], kernel_shape=k, strides=s,
                            dilations=d, pads=pads, ceil_mode=ceil)
    try:
        y, ind = ort_run(node, [("x", x)], [("y", TensorProto.INT8), ("indices", TensorProto.INT64)],
                         MAXPOOL_OPSET)
    except Exception as e:  # record, do not fail the whole run
        notes.append(f"{name}: ORT MaxPool int8 rank {rank} with Indices failed: {str(e)[:300]}")
        print(f"  ! {name}: ORT failed: {str(e)[:200]}")
        return None
    x_cl, y_cl = to_cl(x), to_cl(y)
    plane = int(np.prod(sp))
    nc = (np.arange(N)[:, None] * C + np.arange(C)[None, :]).reshape((N, C) + (1,) * rank)
    quotient_ok = (ind >= 0) & (ind // plane == nc)
    per_plane = np.where(quotient_ok, ind % plane, -1)
    ry, rix = ref_max_pool(x_cl, k, s, d, pads, ceil)
    if ry.shape != y_cl.shape or not np.array_equal(ry, y_cl):
        notes.append(f"{name}: ORT MaxPool VALUES differ from the Octet rule (shape ORT "
                     f"{list(y_cl.shape)}, rule {list(ry.shape)})")
        raise SystemExit(f"{name}: ORT MaxPool values differ from the reference; investigate")
    idx_cl = to_cl(per_plane)
    wrong = int((idx_cl != rix).sum()) + int((~quotient_ok).sum())
    case = new_case(name, "max_pool", rank, x_cl.shape)
    case.update({"window": k, "stride": s, "dilation": d, "pads": pads, "ceil_mode": bool(ceil),
                 "count_include_pad": False, "input_quant": quant(*iq), "output_quant": quant(*iq)})
    finish_case(case, "int8", x_cl, y_cl)
    case["indices"] = ints(idx_cl)
    if wrong or known_all_min:
        case["peer_known_wrong_indices"] = bool(wrong)
    if wrong:
        case["onnx_raw_indices"] = ints(to_cl(ind))
        case["note"] = (f"{wrong} ORT indices differ from the Octet rule (first valid maximum); "
                        "'indices' holds -1 where ORT's flat index is not in the (n, c) plane, "
                        "'onnx_raw_indices' holds ORT's flat NCHW index unchanged")
        notes.append(f"{name}: {wrong} ORT indices differ from the first-valid-maximum rule")
    elif known_all_min:
        case["note"] = ("windows (including padding) whose valid cells are all -128: ORT 1.31.1 "
                        "returns the first valid cell, same as the Octet rule")
    return case


def gen_ort_int8(notes):
    cases = []
    add = lambda c: c is not None and cases.append(c)  # noqa: E731

    def const(v):
        return lambda rng, shape: np.full(shape, v)

    def small_set(vals):
        return lambda rng, shape: rng.choice(np.array(vals), size=shape)

    def neg128_region(rng, shape):
        x = rng.integers(-120, 128, size=shape)
        x[:, :, :4, :4] = -128
        return x

    def plateau(rng, shape):
        x = rng.integers(-128, 51, size=shape)
        x[..., 2:5, 1:5] = 100
        x[..., 5:7, 4:6] = 100
        return x

    def extremes(rng, shape):
        return rng.choice(np.array([-128, 127]), size=shape)

    # ---- MaxPool 2-D
    add(ort_int8_maxpool_case("maxpool2d_k2_s2_c16", notes, 1, 16, (8, 8), [2, 2]))
    add(ort_int8_maxpool_case("maxpool2d_k3_s2_p1_c17_n2", notes, 2, 17, (7, 7), [3, 3], [2, 2],
                              pads=[1, 1, 1, 1]))
    add(ort_int8_maxpool_case("maxpool2d_k3_s1_pads0110_c1", notes, 1, 1, (6, 7), [3, 3], [1, 1],
                              pads=[0, 1, 1, 0]))
    add(ort_int8_maxpool_case("maxpool2d_k3_s1_d2_p2_c16", notes, 1, 16, (9, 9), [3, 3], [1, 1],
                              d=[2, 2], pads=[2, 2, 2, 2]))
    add(ort_int8_maxpool_case("maxpool2d_k3_s2_ceil_partial_c17", notes, 1, 17, (8, 8), [3, 3],
                              [2, 2], ceil=1))
    add(ort_int8_maxpool_case("maxpool2d_k3_s2_p1_ceil_partial_c1_n2", notes, 2, 1, (8, 9), [3, 3],
                              [2, 2], pads=[1, 1, 1, 1], ceil=1))
    add(ort_int8_maxpool_case("maxpool2d_k2_s3_stride_gt_kernel_c5", notes, 1, 5, (8, 8), [2, 2],
                              [3, 3]))
    add(ort_int8_maxpool_case("maxpool2d_k2x3_s1x2_pads1001_c3", notes, 1, 3, (7, 9), [2, 3],
                              [1, 2], pads=[1, 0, 0, 1]))
    add(ort_int8_maxpool_case("maxpool2d_k3_s2_p1_neg128_region_c3_n2", notes, 2, 3, (7, 7),
                              [3, 3], [2, 2], pads=[1, 1, 1, 1], fill=neg128_region,
                              known_all_min=True))
    add(ort_int8_maxpool_case("maxpool2d_k3_s2_p1_all_neg128_c2_n2", notes, 2, 2, (6, 7), [3, 3],
                              [2, 2], pads=[1, 1, 1, 1], fill=const(-128), known_all_min=True))
    add(ort_int8_maxpool_case("maxpool2d_k3_s2_p1_ties_all_equal_c3", notes, 1, 3, (7, 7), [3, 3],
                              [2, 2], pads=[1, 1, 1, 1], fill=const(7)))
    add(ort_int8_maxpool_case("maxpool2d_k3_s1_p1_plateau_c4", notes, 1, 4, (8, 8), [3, 3], [1, 1],
                              pads=[1, 1, 1, 1], fill=plateau))
    add(ort_int8_maxpool_case("maxpool2d_k2_s1_ties_small_set_c8", notes, 1, 8, (6, 6), [2, 2],
                              [1, 1], fill=small_set([-1, 0, 1])))
    add(ort_int8_maxpool_case("maxpool2d_k3_s2_p1_extremes_c16", notes, 1, 16, (7, 7), [3, 3],
                              [2, 2], pads=[1, 1, 1, 1], fill=extremes))
    # ---- MaxPool 1-D
    add(ort_int8_maxpool_case("maxpool1d_k3_s2_p1_c5_n2", notes, 2, 5, (9,), [3], [2], pads=[1, 1]))
    add(ort_int8_maxpool_case("maxpool1d_k2_s2_d2_ceil_c17", notes, 1, 17, (8,), [2], [2], d=[2],
                              ceil=1))
    add(ort_int8_maxpool_case("maxpool1d_k2_s3_p1_ceil_drop_last_c3", notes, 1, 3, (7,), [2], [3],
                              pads=[1, 1], ceil=1))
    add(ort_int8_maxpool_case("maxpool1d_k3_s2_p1_all_neg128_c2", notes, 1, 2, (7,), [3], [2],
                              pads=[1, 1], fill=const(-128), known_all_min=True))
    add(ort_int8_maxpool_case("maxpool1d_k3_s1_ties_c4", notes, 1, 4, (9,), [3], [1],
                              fill=small_set([0, 1])))
    # ---- MaxPool 3-D
    add(ort_int8_maxpool_case("maxpool3d_k2_s2_c4", notes, 1, 4, (5, 6, 7), [2, 2, 2]))
    add(ort_int8_maxpool_case("maxpool3d_k3_s2_p1_ceil_c3_n2", notes, 2, 3, (5, 5, 6), [3, 3, 3],
                              [2, 2, 2], pads=[1, 1, 1, 1, 1, 1], ceil=1))
    add(ort_int8_maxpool_case("maxpool3d_k2_s1_d2_pads101011_c2", notes, 1, 2, (5, 5, 5),
                              [2, 2, 2], [1, 1, 1], d=[2, 2, 2], pads=[1, 0, 1, 0, 1, 1]))
    add(ort_int8_maxpool_case("maxpool3d_k3_s2_p1_all_neg128_c2", notes, 1, 2, (5, 5, 5),
                              [3, 3, 3], [2, 2, 2], pads=[1] * 6, fill=const(-128),
                              known_all_min=True))
    add(ort_int8_maxpool_case("maxpool3d_k2_s1_ties_c3", notes, 1, 3, (5, 5, 5), [2, 2, 2],
                              [1, 1, 1], fill=small_set([3, 4])))
    n_maxpool = len(cases)
    ranks = sorted({c["rank"] for c in cases})
    n_wrong = sum(1 for c in cases if c.get("peer_known_wrong_indices"))
    notes.append(f"Observed: ORT {ort.__version__} ran int8 MaxPool with the Indices output for "
                 f"spatial ranks {ranks}; {n_maxpool} cases, values all equal to the Octet rule "
                 f"(incl. ceil_mode output sizes with the drop-last-window rule), indices differ "
                 f"in {n_wrong} cases. Windows whose valid cells are all -128 (with padding) get "
                 "the first valid cell's index, not -1.")

    # ---- QLinearAveragePool (com.microsoft), int8, channels_last=1
    same, same1, same1_zp5 = (0.05, -3), (1.0, 0), (1.0, 5)
    d1 = ((0.05, -3), (0.07, 5))
    d2 = ((0.1, 10), (0.03, -20))
    d3 = ((0.0235, 0), (0.5, 1))
    sat = ((0.1, 0), (0.05, 0))

    def qap(name, N, C, sp, k, s, pads, ceil, cip, iq, oq, fill=None):
        rank = len(sp)
        k, s, d, pads = geometry(rank, k, s, None, pads)
        rng = case_rng(name)
        shape = (N,) + tuple(sp) + (C,)
        x = (rng.integers(-128, 128, size=shape) if fill is None else fill(rng, shape)).astype(np.int8)
        node = helper.make_node("QLinearAveragePool",
                                ["x", "x_scale", "x_zero_point", "y_scale", "y_zero_point"], ["y"],
                                domain="com.microsoft", kernel_shape=k, strides=s, pads=pads,
                                ceil_mode=ceil, count_include_pad=cip, channels_last=1)
        try:
            (y,) = ort_run(node, [("x", x)], [("y", TensorProto.INT8)], 19,
                           q_initializers(iq, oq), ms=True)
        except Exception as e:
            notes.append(f"{name}: QLinearAveragePool int8 channels_last=1 failed: {str(e)[:300]}")
            print(f"  ! {name}: ORT failed: {str(e)[:200]}")
            return None
        emu = emulate_ort_qlinear_avg_pool(x, k, s, pads, ceil, cip, iq, oq)
        if emu.shape != y.shape or not np.array_equal(emu, y):
            notes.append(f"{name}: the float32 emulation of ORT's QLinearAveragePool does NOT "
                         "reproduce ORT's output")
        ref = octet_avg_pool_int8(x, k, s, pads, ceil, cip, iq, oq)
        case = new_case(name, "avg_pool", rank, x.shape)
        case.update({"window": k, "stride": s, "dilation": d, "pads": pads,
                     "ceil_mode": bool(ceil), "count_include_pad": bool(cip),
                     "input_quant": quant(*iq), "output_quant": quant(*oq)})
        finish_case(case, "int8", x, y)
        case["peer_rounding"] = "half_to_even (float compute)"
        case["peer_divisor"] = "kernel_area" if cip else "valid_count"
        if cip:
            # does any window reach past the padded extent (only possible with ceil_mode)?
            osp = y.shape[1:-1]
            differs = any(sum(1 for _, _, in_pad in window_taps(o, sp, k, s, d, pads) if in_pad)
                          != int(np.prod(k)) for o in itertools.product(*[range(v) for v in osp]))
            if differs:
                case["peer_divisor_differs_from_octet"] = True
                case["note"] = ("ceil_mode window reaching past the end padding: ORT divides by "
                                "the full kernel area, Octet/PyTorch by the taps inside the "
                                "padded input")
        if ref.shape == y.shape:
            diff = np.abs(ref - y.astype(np.int64))
            case["peer_vs_octet_reference"] = {"differ": int((diff > 0).sum()),
                                               "max_abs": int(diff.max()), "of": int(diff.size)}
        case["octet_reference_output"] = ints(ref)
        return case

    add(qap("qavgpool2d_k3_s1_p1_cip0_same_c17", 1, 17, (7, 7), [3, 3], [1, 1], [1] * 4, 0, 0,
            same, same))
    add(qap("qavgpool2d_k3_s1_p1_cip1_same_c17", 1, 17, (7, 7), [3, 3], [1, 1], [1] * 4, 0, 1,
            same, same))
    add(qap("qavgpool2d_k2_s2_same_c16_ties", 1, 16, (8, 8), [2, 2], [2, 2], [0] * 4, 0, 0,
            same, same))
    add(qap("qavgpool2d_k2_s2_scale1_zp0_c8_ties", 1, 8, (8, 8), [2, 2], [2, 2], [0] * 4, 0, 0,
            same1, same1))
    add(qap("qavgpool2d_k2_s2_scale1_zp5_c8_ties", 1, 8, (8, 8), [2, 2], [2, 2], [0] * 4, 0, 0,
            same1_zp5, same1_zp5))
    add(qap("qavgpool2d_k3_s2_p1_cip0_diff_c19_n2", 2, 19, (9, 9), [3, 3], [2, 2], [1] * 4, 0, 0,
            *d1))
    add(qap("qavgpool2d_k3_s2_p1_cip1_diff_c5", 1, 5, (7, 8), [3, 3], [2, 2], [1] * 4, 0, 1, *d2))
    add(qap("qavgpool2d_k3_s2_ceil_cip0_same_c3", 1, 3, (8, 8), [3, 3], [2, 2], [0] * 4, 1, 0,
            same, same))
    add(qap("qavgpool2d_k2_s2_ceil_cip1_same_c1_n2", 2, 1, (7, 7), [2, 2], [2, 2], [0] * 4, 1, 1,
            same, same))
    add(qap("qavgpool2d_k3_s2_p1_ceil_cip1_diff_c4", 1, 4, (8, 8), [3, 3], [2, 2], [1] * 4, 1, 1,
            *d3))
    add(qap("qavgpool2d_k3_s1_pads1001_cip1_same_c1", 1, 1, (6, 7), [3, 3], [1, 1], [1, 0, 0, 1],
            0, 1, same, same))
    add(qap("qavgpool2d_k3_s1_pads1001_cip0_diff_c2", 1, 2, (6, 7), [3, 3], [1, 1], [1, 0, 0, 1],
            0, 0, *d1))
    add(qap("qavgpool2d_k3_s2_p1_saturate_c16", 1, 16, (7, 7), [3, 3], [2, 2], [1] * 4, 0, 0,
            *sat, fill=extremes))
    add(qap("qavgpool1d_k3_s2_p1_cip0_same_c8", 1, 8, (9,), [3], [2], [1, 1], 0, 0, same, same))
    add(qap("qavgpool1d_k4_s2_p2_cip1_diff_c3_n2", 2, 3, (7,), [4], [2], [2, 2], 0, 1, *d2))
    add(qap("qavgpool3d_k2_s2_cip0_same_c4", 1, 4, (5, 5, 6), [2, 2, 2], [2, 2, 2], [0] * 6, 0, 0,
            same, same))
    add(qap("qavgpool3d_k3_s2_p1_cip1_diff_c2", 1, 2, (5, 5, 5), [3, 3, 3], [2, 2, 2], [1] * 6, 0,
            1, *d1))
    n_avg = len(cases) - n_maxpool

    # ---- QLinearGlobalAveragePool (com.microsoft), int8, channels_last=1
    def qgap(name, N, C, sp, iq, oq, fill=None):
        rank = len(sp)
        rng = case_rng(name)
        shape = (N,) + tuple(sp) + (C,)
        x = (rng.integers(-128, 128, size=shape) if fill is None else fill(rng, shape)).astype(np.int8)
        node = helper.make_node("QLinearGlobalAveragePool",
                                ["x", "x_scale", "x_zero_point", "y_scale", "y_zero_point"], ["y"],
                                domain="com.microsoft", channels_last=1)
        try:
            (y,) = ort_run(node, [("x", x)], [("y", TensorProto.INT8)], 19,
                           q_initializers(iq, oq), ms=True)
        except Exception as e:
            notes.append(f"{name}: QLinearGlobalAveragePool int8 channels_last=1 failed: "
                         f"{str(e)[:300]}")
            print(f"  ! {name}: ORT failed: {str(e)[:200]}")
            return None
        emu = emulate_ort_qlinear_global_avg_pool(x, iq, oq)
        if emu.shape != y.shape or not np.array_equal(emu, y):
            notes.append(f"{name}: the emulation of MLAS QLinearGlobalAveragePool does NOT "
                         "reproduce ORT's output")
        ref = octet_global_avg_pool_int8(x, iq, oq)
        case = new_case(name, "global_avg_pool", rank, x.shape)
        case.update({"window": list(sp), "stride": [1] * rank, "dilation": [1] * rank,
                     "pads": [0] * (2 * rank), "ceil_mode": False, "count_include_pad": False,
                     "input_quant": quant(*iq), "output_quant": quant(*oq)})
        finish_case(case, "int8", x, y)
        case["peer_rounding"] = "half_to_even (float compute)"
        diff = np.abs(ref - y.astype(np.int64))
        case["peer_vs_octet_reference"] = {"differ": int((diff > 0).sum()),
                                           "max_abs": int(diff.max()), "of": int(diff.size)}
        case["octet_reference_output"] = ints(ref)
        return case

    add(qgap("qglobalavgpool2d_7x7_same_c17", 1, 17, (7, 7), same, same))
    add(qgap("qglobalavgpool2d_7x7_diff_c16_n2", 2, 16, (7, 7), *d1))
    add(qgap("qglobalavgpool2d_5x9_diff_c19_n2", 2, 19, (5, 9), *d2))
    add(qgap("qglobalavgpool2d_3x3_same_c1", 1, 1, (3, 3), same, same))
    add(qgap("qglobalavgpool2d_4x4_scale1_zp0_c8", 1, 8, (4, 4), same1, same1))
    add(qgap("qglobalavgpool2d_2x2_scale1_zp5_c8", 1, 8, (2, 2), same1_zp5, same1_zp5))
    add(qgap("qglobalavgpool2d_1x1_diff_c3", 1, 3, (1, 1), *d3))
    add(qgap("qglobalavgpool2d_7x7_saturate_c8", 1, 8, (7, 7), (0.1, 0), (0.002, 0),
             fill=lambda rng, shape: rng.integers(-128, 128, size=shape) // 4 * 4))
    add(qgap("qglobalavgpool1d_9_diff_c5", 1, 5, (9,), *d1))
    add(qgap("qglobalavgpool3d_3x4x5_same_c4", 1, 4, (3, 4, 5), same, same))
    n_gap = len(cases) - n_maxpool - n_avg
    notes.append(f"Observed: QLinearAveragePool ({n_avg} cases, 1-D/2-D/3-D) and "
                 f"QLinearGlobalAveragePool ({n_gap} cases) accept int8 with channels_last=1.")
    return cases


ORT_INT8_NOTES = [
    "Inputs are channels-last; 'indices' are per-(n, c)-plane flat indices (DESIGN.md section 3). "
    "ORT's MaxPool Indices (storage_order=0) are flat over the NCHW tensor; the script converted "
    "them with % (spatial size) after checking that the quotient is n*C + c.",
    "MaxPool models use ai.onnx opset 12 (first int8 MaxPool); QLinear* use com.microsoft opset 1 "
    "with channels_last=1 and are fed NHWC int8 directly.",
    "Every MaxPool case is checked against the script's model of the Octet rule (max over valid "
    "cells, first maximum in scan order): values must match exactly, index mismatches are flagged "
    "with peer_known_wrong_indices.",
    "QLinearAveragePool (ORT contrib qlinear_pool.cc): y = clamp(nearbyintf(A / y_scale + y_zp)) "
    "with A = float32 sum, in scan order, of float32(x_scale * (q - x_zp)) over the valid cells, "
    "divided by n; n = number of valid cells (count_include_pad=0) or the full kernel area "
    "(count_include_pad=1, also for ceil_mode windows that reach past the end padding). Ties are "
    "broken half-to-even on a float value that already includes y_zp and carries float error, so "
    "exact .5 cases round either way; only scale 1.0 makes them exact.",
    "QLinearGlobalAveragePool (MLAS qlgavgpool.cpp, SSE2 path on x86_64): y = clamp(rint(float32("
    "sum(q - x_zp)) * float32(x_scale / (y_scale * n))) + y_zp): exact integer sum, one float "
    "multiply, half-to-even. Per the MLAS source the NEON (aarch64) path uses a fixed-point "
    "multiplier instead, so an aarch64 run may differ by 1 LSB (not verified); these fixtures "
    "come from x86_64.",
    "octet_reference_output (avg/global avg cases) is NOT a peer output: it is this script's Python "
    "model of DESIGN.md section 3 (same params: TFLite (acc +- n/2)/n ties away; different params "
    "and global: acc = sum(q - zp_in), TFLite QuantizeMultiplier(s_in/(s_out*n)) + "
    "SaturatingRoundingDoublingHighMul + RoundingDivideByPOT, + zp_out). For count_include_pad=1 it "
    "divides by the taps inside the padded extent (PyTorch rule). peer_vs_octet_reference counts "
    "the elements where ORT and that model differ.",
    "Fields that do not apply to an op are omitted (window/stride/dilation/pads for adaptive ops, "
    "quant params for float cases).",
]


# ----------------------------------------------------------------------------------------------
# torch_float.json
# ----------------------------------------------------------------------------------------------

def gen_torch_float(notes):
    import torch
    import torch.nn.functional as F

    torch.set_num_threads(1)
    cases = []
    check = {"max_pool": 0, "adaptive": 0, "lp": 0, "unpool": 0}

    def tt(x):
        return torch.from_numpy(np.ascontiguousarray(x))

    def mp_fn(rank):
        return {1: F.max_pool1d, 2: F.max_pool2d, 3: F.max_pool3d}[rank]

    def max_pool(name, N, C, sp, k, s=None, p=0, d=1, ceil=False, fill=None):
        rank = len(sp)
        rng = case_rng(name)
        shape = (N, C) + tuple(sp)
        x = dyadic(rng, shape) if fill is None else fill(rng, shape).astype(F32)
        s = k if s is None else s
        y, ind = mp_fn(rank)(tt(x), k, s, p, d, ceil_mode=ceil, return_indices=True)
        y, ind = y.numpy(), ind.numpy()
        kk, ss, dd = [k] * rank, [s] * rank, [d] * rank
        pads = [p] * (2 * rank)
        x_cl, y_cl, i_cl = to_cl(x), to_cl(y), to_cl(ind)
        ry, rix = ref_max_pool(x_cl, kk, ss, dd, pads, int(ceil))
        if ry.shape != y_cl.shape or not np.array_equal(ry, y_cl):
            raise SystemExit(f"{name}: torch max_pool values differ from the reference")
        case = new_case(name, "max_pool", rank, x_cl.shape)
        case.update({"window": kk, "stride": ss, "dilation": dd, "pads": pads,
                     "ceil_mode": bool(ceil), "count_include_pad": False})
        finish_case(case, "float32", x_cl, y_cl)
        case["indices"] = ints(i_cl)
        wrong = int((i_cl != rix).sum())
        if wrong:
            case["peer_known_wrong_indices"] = True
            notes.append(f"{name}: {wrong} torch indices differ from the first-maximum rule")
            check["max_pool"] += 1
        cases.append(case)
        return x, y, ind, case

    def ties(vals):
        return lambda rng, shape: rng.choice(np.array(vals, F32), size=shape)

    def const(v):
        return lambda rng, shape: np.full(shape, v, F32)

    # max_pool1d
    max_pool("maxpool1d_k3_s2_p1_c5_n2", 2, 5, (9,), 3, 2, 1)
    max_pool("maxpool1d_k2_s3_stride_gt_kernel_c3", 1, 3, (8,), 2, 3)
    max_pool("maxpool1d_k3_s2_d2_p1_ceil_c4", 1, 4, (8,), 3, 2, 1, 2, True)
    max_pool("maxpool1d_k2_s3_p1_ceil_drop_last_c3", 1, 3, (7,), 2, 3, 1, 1, True)
    max_pool("maxpool1d_k3_s1_p1_ties_c4", 1, 4, (9,), 3, 1, 1, fill=ties([0.0, 0.5, 1.0]))
    # max_pool2d
    max_pool("maxpool2d_k2_s2_c16", 1, 16, (8, 8), 2)
    max_pool("maxpool2d_k3_s2_p1_ceil_c17_n2", 2, 17, (8, 7), 3, 2, 1, 1, True)
    max_pool("maxpool2d_k3_s1_d2_p1_c4", 1, 4, (9, 9), 3, 1, 1, 2)
    max_pool("maxpool2d_k2_s3_stride_gt_kernel_c3", 1, 3, (8, 8), 2, 3)
    max_pool("maxpool2d_k3_s2_p1_ties_c8", 1, 8, (7, 7), 3, 2, 1, fill=ties([0.0, 0.5]))
    max_pool("maxpool2d_k3_s2_p1_all_equal_c2", 1, 2, (6, 6), 3, 2, 1, fill=const(-1.5))
    max_pool("maxpool2d_k3_s2_ceil_partial_c3", 1, 3, (8, 8), 3, 2, 0, 1, True)
    # max_pool3d
    max_pool("maxpool3d_k2_s2_c4", 1, 4, (5, 6, 7), 2)
    max_pool("maxpool3d_k3_s2_p1_ceil_c3_n2", 2, 3, (5, 5, 6), 3, 2, 1, 1, True)
    max_pool("maxpool3d_k2_s1_d2_p1_c2", 1, 2, (5, 5, 5), 2, 1, 1, 2)
    max_pool("maxpool3d_k2_s1_ties_c3", 1, 3, (5, 5, 5), 2, 1, 0, fill=ties([1.0, 2.0]))

    # adaptive pooling
    def adaptive(name, kind, N, C, sp, out, fill=None):
        rank = len(sp)
        rng = case_rng(name)
        shape = (N, C) + tuple(sp)
        x = dyadic(rng, shape) if fill is None else fill(rng, shape).astype(F32)
        fn = getattr(F, f"adaptive_{kind}_pool{rank}d")
        if kind == "max":
            y, ind = fn(tt(x), out, return_indices=True)
            ind = to_cl(ind.numpy())
        else:
            y, ind = fn(tt(x), out), None
        x_cl, y_cl = to_cl(x), to_cl(y.numpy())
        ry, rix = ref_adaptive(x_cl, out, kind)
        tol = 0.0 if kind == "max" else 1e-6
        if ry.shape != y_cl.shape or not np.allclose(y_cl, ry, rtol=tol, atol=tol):
            raise SystemExit(f"{name}: torch adaptive pool differs from the reference")
        case = new_case(name, f"adaptive_{kind}_pool", rank, x_cl.shape)
        case["output_size"] = list(out)
        finish_case(case, "float32", x_cl, y_cl)
        if ind is not None:
            case["indices"] = ints(ind)
            wrong = int((ind != rix).sum())
            if wrong:
                case["peer_known_wrong_indices"] = True
                notes.append(f"{name}: {wrong} torch indices differ from the first-maximum rule")
                check["adaptive"] += 1
        cases.append(case)

    adaptive("adaptive_avgpool1d_7to3_c3", "avg", 1, 3, (7,), [3])
    adaptive("adaptive_avgpool1d_9to2_c4_n2", "avg", 2, 4, (9,), [2])
    adaptive("adaptive_avgpool1d_5to4_c5", "avg", 1, 5, (5,), [4])
    adaptive("adaptive_avgpool2d_7x5to3x4_c3", "avg", 1, 3, (7, 5), [3, 4])
    adaptive("adaptive_avgpool2d_9x9to2x4_c8_n2", "avg", 2, 8, (9, 9), [2, 4])
    adaptive("adaptive_avgpool2d_6x8to4x3_c2", "avg", 1, 2, (6, 8), [4, 3])
    adaptive("adaptive_avgpool3d_5x7x6to2x3x4_c2", "avg", 1, 2, (5, 7, 6), [2, 3, 4])
    adaptive("adaptive_maxpool1d_7to3_c3", "max", 1, 3, (7,), [3])
    adaptive("adaptive_maxpool1d_9to2_c4_n2", "max", 2, 4, (9,), [2])
    adaptive("adaptive_maxpool1d_9to4_ties_c4", "max", 1, 4, (9,), [4], fill=ties([0.0, 1.0]))
    adaptive("adaptive_maxpool2d_7x5to3x4_c3", "max", 1, 3, (7, 5), [3, 4])
    adaptive("adaptive_maxpool2d_9x6to2x4_c5_n2", "max", 2, 5, (9, 6), [2, 4])
    adaptive("adaptive_maxpool2d_7x7to3x3_ties_c4", "max", 1, 4, (7, 7), [3, 3],
             fill=ties([-1.0, 0.0]))
    adaptive("adaptive_maxpool3d_5x7x6to2x3x4_c2", "max", 1, 2, (5, 7, 6), [2, 3, 4])

    # lp pooling (torch: sign(a)*relu(|a|)*numel(kernel))^(1/p) with a = avg_pool(x^p))
    def lp(name, p, N, C, sp, k, s=None, nonneg=True, definition="onnx"):
        rank = len(sp)
        rng = case_rng(name)
        shape = (N, C) + tuple(sp)
        x = dyadic(rng, shape, lo=0 if nonneg else -256)
        s = k if s is None else s
        fn = F.lp_pool1d if rank == 1 else F.lp_pool2d
        y = fn(tt(x), p, k, s).numpy()
        kk = list(k) if isinstance(k, (list, tuple)) else [k] * rank
        ss = list(s) if isinstance(s, (list, tuple)) else [s] * rank
        x_cl, y_cl = to_cl(x), to_cl(y)
        pads = [0] * (2 * rank)
        ry = ref_lp_pool(x_cl, kk, ss, [1] * rank, pads, 0, p)
        agrees = ry.shape == y_cl.shape and np.allclose(y_cl, ry, rtol=2e-6, atol=1e-6)
        if definition == "onnx" and not agrees:
            raise SystemExit(f"{name}: torch lp_pool differs from the ONNX definition")
        case = new_case(name, "lp_pool", rank, x_cl.shape)
        case.update({"window": kk, "stride": ss, "dilation": [1] * rank, "pads": pads,
                     "ceil_mode": False, "count_include_pad": False, "p": p,
                     "definition": definition})
        finish_case(case, "float32", x_cl, y_cl)
        if definition != "onnx":
            case["note"] = ("torch definition: with p odd and negative inputs torch computes "
                            "(sum x^p)^(1/p) with the sign kept (p=1: the signed sum), not "
                            "(sum |x|^p)^(1/p); agrees with the ONNX definition: "
                            + ("yes" if agrees else "no"))
        cases.append(case)

    lp("lppool1d_p1_k3_s2_nonneg_c3", 1, 1, 3, (9,), 3, 2)
    lp("lppool1d_p2_k3_s1_mixed_sign_c4_n2", 2, 2, 4, (8,), 3, 1, nonneg=False)
    lp("lppool1d_p3_k2_s2_nonneg_c2", 3, 1, 2, (7,), 2, 2)
    lp("lppool2d_p1_k2_s2_nonneg_c3", 1, 1, 3, (6, 7), 2, 2)
    lp("lppool2d_p2_k3_s2_mixed_sign_c5", 2, 1, 5, (7, 7), 3, 2, nonneg=False)
    lp("lppool2d_p3_k2x3_s1x2_nonneg_c2", 3, 1, 2, (6, 9), (2, 3), (1, 2))
    lp("lppool2d_p1_k2_s2_mixed_sign_torch_definition_c2", 1, 1, 2, (6, 6), 2, 2, nonneg=False,
       definition="torch")

    # max_unpool from max_pool outputs + indices
    def unpool(name, N, C, sp, k, s=None, p=0, output_size=None):
        rank = len(sp)
        rng = case_rng(name)
        x = dyadic(rng, (N, C) + tuple(sp))
        s = k if s is None else s
        y, ind = mp_fn(rank)(tt(x), k, s, p, return_indices=True)
        fn = F.max_unpool1d if rank == 1 else F.max_unpool2d
        kwargs = {"output_size": list(output_size)} if output_size else {}
        u = fn(y, ind, k, s, p, **kwargs).numpy()
        y_cl, ind_cl, u_cl = to_cl(y.numpy()), to_cl(ind.numpy()), to_cl(u)
        # reference scatter (per plane)
        ref = np.zeros_like(u_cl)
        osp = u_cl.shape[1:-1]
        for n in range(N):
            for c in range(C):
                plane = ref[n, ..., c].reshape(-1)
                plane[ind_cl[n, ..., c].ravel()] = y_cl[n, ..., c].ravel()
                ref[n, ..., c] = plane.reshape(osp)
        if not np.array_equal(ref, u_cl):
            notes.append(f"{name}: torch max_unpool differs from a plain per-plane scatter")
            check["unpool"] += 1
        case = new_case(name, "max_unpool", rank, y_cl.shape)
        case.update({"window": [k] * rank, "stride": [s] * rank, "dilation": [1] * rank,
                     "pads": [p] * (2 * rank), "ceil_mode": False, "count_include_pad": False})
        finish_case(case, "float32", y_cl, u_cl)
        case["unpool_indices"] = ints(ind_cl)
        if output_size:
            case["explicit_output_size"] = True
        cases.append(case)

    unpool("maxunpool1d_k2_s2_c3", 1, 3, (8,), 2)
    unpool("maxunpool1d_k3_s2_p1_c2_n2", 2, 2, (9,), 3, 2, 1)
    unpool("maxunpool2d_k2_s2_c4", 1, 4, (8, 8), 2)
    unpool("maxunpool2d_k3_s2_p1_c3", 1, 3, (7, 7), 3, 2, 1)
    unpool("maxunpool2d_k2_s2_output_size_7x7_c2", 1, 2, (7, 7), 2, output_size=(7, 7))
    return cases


TORCH_NOTES = [
    "PyTorch CPU float32, one thread. Inputs are random multiples of 1/64 (exact in float32); "
    "'ties' cases draw from a 2- or 3-value set. Inputs contain no NaN (JSON has no NaN).",
    "Indices are per-(n, c)-plane flat indices as torch returns them (return_indices=True), "
    "transposed to channels-last; every max_pool/adaptive_max_pool case was checked against the "
    "first-maximum-in-scan-order rule.",
    "Symmetric padding only (torch has no asymmetric pooling padding); pads are written in ONNX "
    "order [begin..., end...].",
    "adaptive_*: window i spans [floor(i*In/Out), ceil((i+1)*In/Out)); window/stride/pads fields "
    "are omitted.",
    "lp_pool: torch computes (sign(a) * relu(|a|) * kernel_numel)^(1/p) with a = avg_pool(x^p): "
    "with inputs >= 0 (p = 1, 3) or p = 2 this equals the ONNX (sum |x|^p)^(1/p) up to float "
    "rounding (avg then multiply: compare with a relative tolerance, ~1e-6). The case with "
    "\"definition\": \"torch\" uses mixed signs and p = 1 and follows torch's signed-sum "
    "definition, NOT Octet's. No padding (torch lp_pool has none) and no ceil_mode (torch divides "
    "partial ceil windows by the clipped count and then multiplies by the full kernel size).",
    "max_unpool: 'input' is the pooled tensor, 'unpool_indices' its per-plane indices, "
    "'input_shape' the pooled shape and 'output_shape' the unpooled shape (torch's default "
    "(In-1)*s - 2p + k, or the explicit output_size when \"explicit_output_size\" is true).",
]


# ----------------------------------------------------------------------------------------------
# ort_float.json
# ----------------------------------------------------------------------------------------------

LP_OPSET = 18  # LpPool-18 (dilations, ceil_mode); GlobalLpPool-2 applies


def gen_ort_float(notes):
    cases = []

    def lp_case(name, p, N, C, sp, k, s=None, d=None, pads=None, ceil=0):
        rank = len(sp)
        k, s, d, pads = geometry(rank, k, s, d, pads)
        rng = case_rng(name)
        x = dyadic(rng, (N, C) + tuple(sp))
        node = helper.make_node("LpPool", ["x"], ["y"], kernel_shape=k, strides=s, dilations=d,
                                pads=pads, ceil_mode=ceil, p=p)
        (y,) = ort_run(node, [("x", x)], [("y", TensorProto.FLOAT)], LP_OPSET)
        x_cl, y_cl = to_cl(x), to_cl(y)
        ry = ref_lp_pool(x_cl, k, s, d, pads, ceil, p)
        case = new_case(name, "lp_pool", rank, x_cl.shape)
        case.update({"window": k, "stride": s, "dilation": d, "pads": pads,
                     "ceil_mode": bool(ceil), "count_include_pad": False, "p": p,
                     "definition": "onnx"})
        finish_case(case, "float32", x_cl, y_cl)
        if ry.shape != y_cl.shape or not np.allclose(y_cl, ry, rtol=2e-6, atol=1e-6):
            case["peer_differs_from_definition"] = True
            notes.append(f"{name}: ORT LpPool differs from (sum |x|^p)^(1/p) (shape ORT "
                         f"{list(y_cl.shape)}, definition {list(ry.shape)})")
        cases.append(case)

    lp_case("lppool2d_p1_k3_s2_p1_c3", 1, 1, 3, (7, 7), [3, 3], [2, 2], pads=[1, 1, 1, 1])
    lp_case("lppool2d_p2_k3_s1_pads0110_c4", 2, 1, 4, (6, 7), [3, 3], [1, 1], pads=[0, 1, 1, 0])
    lp_case("lppool2d_p3_k2_s1_d2_c2_n2", 3, 2, 2, (7, 6), [2, 2], [1, 1], d=[2, 2])
    lp_case("lppool2d_p2_k3_s2_ceil_partial_c3", 2, 1, 3, (8, 8), [3, 3], [2, 2], ceil=1)
    lp_case("lppool2d_p3_k2x3_s2x1_c5", 3, 1, 5, (7, 9), [2, 3], [2, 1])
    lp_case("lppool1d_p1_k3_s2_p1_c4", 1, 1, 4, (9,), [3], [2], pads=[1, 1])
    lp_case("lppool1d_p2_k2_s1_c3_n2", 2, 2, 3, (8,), [2], [1])
    lp_case("lppool1d_p3_k3_s2_ceil_c2", 3, 1, 2, (8,), [3], [2], ceil=1)
    lp_case("lppool3d_p2_k2_s2_c2", 2, 1, 2, (5, 5, 6), [2, 2, 2])
    lp_case("lppool3d_p1_k3_s2_p1_c2", 1, 1, 2, (5, 5, 5), [3, 3, 3], [2, 2, 2], pads=[1] * 6)

    def glp(name, p, N, C, sp):
        rank = len(sp)
        rng = case_rng(name)
        x = dyadic(rng, (N, C) + tuple(sp))
        node = helper.make_node("GlobalLpPool", ["x"], ["y"], p=p)
        (y,) = ort_run(node, [("x", x)], [("y", TensorProto.FLOAT)], LP_OPSET)
        x_cl, y_cl = to_cl(x), to_cl(y)
        ry = (np.abs(x_cl.astype(np.float64)) ** p).sum(axis=tuple(range(1, rank + 1)),
                                                           keepdims=True) ** (1.0 / p)
        case = new_case(name, "lp_pool", rank, x_cl.shape)
        case.update({"window": list(sp), "stride": [1] * rank, "dilation": [1] * rank,
                     "pads": [0] * (2 * rank), "ceil_mode": False, "count_include_pad": False,
                     "p": p, "definition": "onnx", "global": True})
        finish_case(case, "float32", x_cl, y_cl)
        if not np.allclose(y_cl, ry, rtol=2e-6, atol=1e-6):
            case["peer_differs_from_definition"] = True
            notes.append(f"{name}: ORT GlobalLpPool differs from (sum |x|^p)^(1/p)")
        cases.append(case)

    glp("global_lppool2d_p1_7x7_c4", 1, 1, 4, (7, 7))
    glp("global_lppool2d_p2_5x6_c3_n2", 2, 2, 3, (5, 6))
    glp("global_lppool2d_p3_6x6_c2", 3, 1, 2, (6, 6))
    glp("global_lppool1d_p2_9_c5", 2, 1, 5, (9,))
    glp("global_lppool3d_p3_3x4x5_c2", 3, 1, 2, (3, 4, 5))

    def unpool(name, N, C, sp, k, s=None, pads=None, output_shape=None):
        rank = len(sp)
        k, s, d, pads = geometry(rank, k, s, None, pads)
        rng = case_rng(name)
        x = dyadic(rng, (N, C) + tuple(sp))
        mp = helper.make_node("MaxPool", ["x"], ["y", "i"], kernel_shape=k, strides=s, pads=pads)
        y, ind = ort_run(mp, [("x", x)], [("y", TensorProto.FLOAT), ("i", TensorProto.INT64)],
                         LP_OPSET)
        feeds = [("y", y), ("i", ind)]
        ins = ["y", "i"]
        if output_shape is not None:
            feeds.append(("s", np.array((N, C) + tuple(output_shape), np.int64)))
            ins.append("s")
        node = helper.make_node("MaxUnpool", ins, ["u"], kernel_shape=k, strides=s, pads=pads)
        (u,) = ort_run(node, feeds, [("u", TensorProto.FLOAT)], LP_OPSET)
        plane = int(np.prod(sp))
        nc = (np.arange(N)[:, None] * C + np.arange(C)[None, :]).reshape((N, C) + (1,) * rank)
        if not (ind // plane == nc).all():
            notes.append(f"{name}: ORT MaxPool indices are not inside their (n, c) plane")
        out_sp = u.shape[2:]
        if tuple(out_sp) != tuple(sp):
            raise SystemExit(f"{name}: pick an output shape equal to the pooled input's")
        per_plane = ind % plane
        y_cl, i_cl, u_cl = to_cl(y), to_cl(per_plane), to_cl(u)
        ref = np.zeros_like(u_cl)
        for n in range(N):
            for c in range(C):
                pl = ref[n, ..., c].reshape(-1)
                pl[i_cl[n, ..., c].ravel()] = y_cl[n, ..., c].ravel()
                ref[n, ..., c] = pl.reshape(out_sp)
        case = new_case(name, "max_unpool", rank, y_cl.shape)
        case.update({"window": k, "stride": s, "dilation": d, "pads": pads, "ceil_mode": False,
                     "count_include_pad": False})
        finish_case(case, "float32", y_cl, u_cl)
        case["unpool_indices"] = ints(i_cl)
        if output_shape is not None:
            case["explicit_output_size"] = True
        if not np.array_equal(ref, u_cl):
            case["peer_differs_from_scatter"] = True
            notes.append(f"{name}: ORT MaxUnpool differs from a per-plane scatter of the indices")
        cases.append(case)

    unpool("maxunpool2d_k2_s2_c3", 1, 3, (8, 8), [2, 2])
    unpool("maxunpool2d_k3_s2_p1_c2_n2", 2, 2, (7, 7), [3, 3], [2, 2], [1, 1, 1, 1])
    unpool("maxunpool2d_k2_s2_output_shape_7x7_c2", 1, 2, (7, 7), [2, 2], output_shape=(7, 7))
    unpool("maxunpool1d_k2_s2_c4", 1, 4, (8,), [2])
    return cases


ORT_FLOAT_NOTES = [
    "ONNX Runtime CPU float32, ai.onnx opset 18 (LpPool-18, GlobalLpPool-2, MaxPool-12, "
    "MaxUnpool-11), inputs random multiples of 1/64 of both signs. LpPool definition: "
    "(sum over valid taps of |x|^p)^(1/p); padding taps contribute 0. Compare with a relative "
    "tolerance (~1e-6): ORT computes in float32 with powf.",
    "GlobalLpPool cases use op \"lp_pool\" with \"global\": true and window = the input's spatial "
    "size. (GlobalLpPool is not implemented for opset 22 in ORT 1.31.1; opset 18 resolves to "
    "GlobalLpPool-2.)",
    "max_unpool: 'input' is ORT MaxPool's output, 'unpool_indices' the per-plane indices "
    "(converted from ORT's flat NCHW MaxPool indices), 'input_shape' the pooled shape, "
    "'output_shape' MaxUnpool's output shape (the default (In-1)*s + k - pad_begin - pad_end, or "
    "the explicit output_shape input when \"explicit_output_size\" is true).",
]


# ----------------------------------------------------------------------------------------------
# Writing
# ----------------------------------------------------------------------------------------------

def write_file(fname, runtime, notes, cases, extra_header=None):
    names = [c["name"] for c in cases]
    dup = {n for n in names if names.count(n) > 1}
    if dup:
        raise SystemExit(f"duplicate case names in {fname}: {sorted(dup)}")
    header = {"format": FORMAT, "generator": GENERATOR, "runtime": runtime,
              "numpy": np.__version__, "onnx": onnx.__version__, "python": platform.python_version(),
              "platform": f"{platform.system()} {platform.machine()}", "seed": SEED}
    if extra_header:
        header.update(extra_header)
    header["notes"] = notes
    head = json.dumps(header, indent=1, ensure_ascii=True, allow_nan=False)
    assert head.endswith("\n}")
    body = ",\n".join("  " + json.dumps(c, ensure_ascii=True, allow_nan=False) for c in cases)
    text = head[:-2] + ',\n "cases": [\n' + body + "\n ]\n}\n"
    json.loads(text)  # sanity
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    path = OUT_DIR / fname
    path.write_text(text, encoding="utf-8")
    counts = {}
    for c in cases:
        key = f"{c['op']}/{c['rank']}d"
        counts[key] = counts.get(key, 0) + 1
    rel = path.relative_to(ROOT)
    print(f"wrote {rel}: {len(cases)} cases, {len(text.encode())} bytes ({runtime})")
    for key in sorted(counts):
        print(f"    {key}: {counts[key]}")
    return path


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--skip-torch", action="store_true",
                    help="do not regenerate torch_float.json (keeps the existing file)")
    args = ap.parse_args()

    ort_rt = f"onnxruntime {ort.__version__}"
    notes = list(ORT_INT8_NOTES)
    cases = gen_ort_int8(notes)
    write_file("ort_int8.json", ort_rt, notes, cases,
               {"opsets": {"ai.onnx": MAXPOOL_OPSET, "com.microsoft": 1}})

    notes = list(ORT_FLOAT_NOTES)
    cases = gen_ort_float(notes)
    write_file("ort_float.json", ort_rt, notes, cases, {"opsets": {"ai.onnx": LP_OPSET}})

    if args.skip_torch:
        print("skipped torch_float.json (--skip-torch)")
        return
    try:
        import torch
    except ImportError:
        sys.exit("torch is not installed: install it (CPU build is enough) or pass --skip-torch")
    notes = list(TORCH_NOTES)
    cases = gen_torch_float(notes)
    write_file("torch_float.json", f"torch {torch.__version__}", notes, cases)


if __name__ == "__main__":
    main()
