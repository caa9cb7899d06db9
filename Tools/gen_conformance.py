#!/usr/bin/env python3
"""Generate Octet's int8 conformance vectors (Tests/Fixtures/conformance/{tflite,ort}/*.json).

Run from anywhere (paths are resolved relative to this file):

    python3 Tools/gen_conformance.py              # regenerates both runtimes' files
    python3 Tools/gen_conformance.py --only tflite
    python3 Tools/gen_conformance.py --only ort

Needs Python 3.9+ with (versions the checked-in files were generated with):
    tensorflow-cpu 2.21.0  (pip install tensorflow-cpu; TFLiteConverter + tf.lite.Interpreter
                            with OpResolverType.BUILTIN_REF, and the flatbuffer schema bundled in it)
    onnxruntime    1.31.1  (CPUExecutionProvider; other versions may round differently)
    onnx           1.x     (generated with 1.23.2; only onnx.helper / numpy_helper)
    numpy          2.x     (generated with 2.4.6)

The outputs are checked in; `swift test` reads them and never runs this script.  Re-run it only to
regenerate on purpose and review the diff: every file is stamped with the runtime that produced
its expected outputs ("source") and the generator ("generator", "seed").  The script is
deterministic: each case draws from numpy's default_rng([SEED, crc32(case name)]), TFLite runs
single-threaded with the reference kernels, ORT single-threaded with graph optimizations off.
It rewrites every case file and deletes stale *.json in tflite/ and ort/;
Tests/Fixtures/conformance/README.md is maintained by hand.

Format "octet-conformance/v1", one JSON file per case (see Tests/Fixtures/conformance/README.md):
    format, name, op, source, generator, seed, params,
    input, [input2], [filter], [bias], output, vectors: [{input, [input2], output, [indices]}],
    plus informational fields: resolved_padding, versions, notes, reference_check.
Arrays are flat and row-major; activations NHWC ([batch, features] for fully connected); conv
filters OHWI; depthwise 1HW(C*M); fully connected OI.  int8 data, int32 bias.  Scales are the
float32 values written as the shortest decimal of their exact double value (so parsing as
Double or Float gives the same float32).

TFLite (Tests/Fixtures/conformance/tflite/): single-op Keras models, converted to full int8 with
TFLiteConverter (representative dataset, TFLITE_BUILTINS_INT8, int8 input and output), checked
to contain exactly the intended builtin op with the intended options, then run with
tf.lite.Interpreter(experimental_op_resolver_type=BUILTIN_REF, num_threads=1).  Quantization
parameters and the int8 filter / int32 bias data are read back from the converted flatbuffer.
Where a case needs parameters that calibration cannot produce (an active fused ReLU/ReLU6 clamp,
power-of-two output scales for exact rounding ties), the output tensor's scale / zero point are
rewritten in the flatbuffer after conversion (the input scale and therefore the bias
quantization are never touched); such cases say so in "notes".  Each case is also run with
TFLite's optimized kernels (BUILTIN_WITHOUT_DEFAULT_DELEGATES) and with BUILTIN (XNNPACK delegate);
how many output elements differ is recorded in reference_check.optimized_kernels_differ and
.xnnpack_differ (the vectors always hold BUILTIN_REF's outputs).

ONNX Runtime (Tests/Fixtures/conformance/ort/): QLinearConv (int8 activations, per-channel
symmetric int8 weights, int32 bias; as op "conv2d", and as "depthwise_conv2d" for group == C),
com.microsoft QLinearAveragePool ("avg_pool2d") and QLinearGlobalAveragePool ("global_avg_pool2d"), int8
MaxPool with Indices ("max_pool2d"; indices converted to per-(n, c)-plane h*W + w).  Tensors are
run NCHW / OIHW and transposed to NHWC / OHWI.

Every case's peer output is compared with this script's Python model of DESIGN.md section 3
(TFLite QuantizeMultiplier + SaturatingRoundingDoublingHighMul + RoundingDivideByPOT, TFLite
average pool rounding, TFLite ADD, ...); the result is in "reference_check" (how many output
elements differ, by at most how much, and how many requantizations were exact .5 ties).  For
conv, FULLY_CONNECTED, MEAN and ORT QLinearConv, alternative rounding models are tried too
("alternatives").  Where the peer differs from the model, every vector also carries
"octet_reference_output" (the model's output, NOT a peer output).
"""

import argparse
import json
import math
import os
import platform
import sys
import warnings
import zlib
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")
warnings.filterwarnings("ignore")

import numpy as np  # noqa: E402

SEED = 0x0C7E73  # per-case generators: default_rng([SEED, crc32(name)])
FORMAT = "octet-conformance/v1"
GENERATOR = "Tools/gen_conformance.py"
ROOT = Path(__file__).resolve().parent.parent
OUT_ROOT = ROOT / "Tests" / "Fixtures" / "conformance"
F32 = np.float32
I64 = np.int64


# ----------------------------------------------------------------------------------------------
# Small utilities
# ----------------------------------------------------------------------------------------------

def case_rng(name):
    return np.random.default_rng([SEED, zlib.crc32(name.encode("utf-8"))])


def f32(x):
    """Python float holding exactly the float32 value of x (its repr round-trips float32)."""
    return float(np.float32(x))


def ints(a):
    return [int(v) for v in np.asarray(a).ravel()]


def to_nhwc(a):
    return np.ascontiguousarray(np.moveaxis(a, 1, -1))


def to_nchw(a):
    return np.ascontiguousarray(np.moveaxis(a, -1, 1))


def qdict(shape, scale, zp):
    return {"shape": [int(v) for v in shape], "scale": f32(scale), "zero_point": int(zp)}


def fmt_json(obj, indent=0):
    """JSON with dicts one key per line and lists of scalars on one line."""
    pad = "  " * indent
    if isinstance(obj, dict):
        if not obj:
            return "{}"
        items = [f'{pad}  {json.dumps(k)}: {fmt_json(v, indent + 1)}' for k, v in obj.items()]
        return "{\n" + ",\n".join(items) + "\n" + pad + "}"
    if isinstance(obj, list) and any(isinstance(v, (dict, list)) for v in obj):
        items = [f"{pad}  {fmt_json(v, indent + 1)}" for v in obj]
        return "[\n" + ",\n".join(items) + "\n" + pad + "]"
    return json.dumps(obj, separators=(", ", ": "))


def round_half_away(v):
    return np.sign(v) * np.floor(np.abs(v) + 0.5)


# ----------------------------------------------------------------------------------------------
# DESIGN.md section 3 model: TFLite fixed-point requantization
# ----------------------------------------------------------------------------------------------

def quantize_multiplier(m):
    """TFLite QuantizeMultiplier: (Q31 multiplier, shift); round half away from zero."""
    if m == 0.0:
        return 0, 0
    q, shift = math.frexp(m)
    q_fixed = int(math.floor(abs(q) * (1 << 31) + 0.5)) * (1 if q >= 0 else -1)
    if q_fixed == (1 << 31):
        q_fixed //= 2
        shift += 1
    if shift < -31:
        shift, q_fixed = 0, 0
    if shift > 30:
        shift, q_fixed = 30, (1 << 31) - 1
    return q_fixed, shift


def _trunc_div_pow2(v, bits):
    return np.where(v >= 0, v >> bits, -((-v) >> bits))


def mbqm(x, qm, shift):
    """MultiplyByQuantizedMultiplier, vectorized over int64 arrays (x, qm, shift broadcast):
    SaturatingRoundingDoublingHighMul (ties toward +inf) then RoundingDivideByPOT (ties away)."""
    x = np.asarray(x, I64)
    qm = np.broadcast_to(np.asarray(qm, I64), x.shape)
    shift = np.broadcast_to(np.asarray(shift, I64), x.shape)
    left = np.where(shift > 0, shift, 0)
    right = np.where(shift < 0, -shift, 0)
    a = x * (np.int64(1) << left)
    if np.any(a > 2**31 - 1) or np.any(a < -2**31):
        raise ValueError("int32 overflow before SaturatingRoundingDoublingHighMul")
    sat = (a == -2**31) & (qm == -2**31)
    ab = a * qm
    nudge = np.where(ab >= 0, np.int64(1 << 30), np.int64(1 - (1 << 30)))
    hi = _trunc_div_pow2(ab + nudge, 31)
    hi = np.where(sat, 2**31 - 1, hi)
    mask = (np.int64(1) << right) - 1
    rem = hi & mask
    thr = (mask >> 1) + (hi < 0).astype(I64)
    return (hi >> right) + (rem > thr).astype(I64)


def mbqm_single_rounding(x, qm, shift):
    """TFLITE_SINGLE_ROUNDING variant: (x*qm + 2^(s-1)) >> s with s = 31 - shift."""
    x = np.asarray(x, I64)
    qm = np.broadcast_to(np.asarray(qm, I64), x.shape).astype(object)
    s = (31 - np.broadcast_to(np.asarray(shift, I64), x.shape)).astype(object)
    xo = x.astype(object)
    out = np.empty(x.shape, I64)
    for i in np.ndindex(x.shape):
        out[i] = (xo[i] * qm[i] + (1 << (s[i] - 1))) >> s[i]
    return out


def count_ties(x, qm, shift):
    """How many x * qm * 2^shift / 2^31 (the exact fixed-point product) are exact .5 ties."""
    x = np.asarray(x, I64)
    qm = np.broadcast_to(np.asarray(qm, I64), x.shape)
    shift = np.broadcast_to(np.asarray(shift, I64), x.shape)
    n = 0
    for i in np.ndindex(x.shape):
        s = int(shift[i])
        num = 2 * int(x[i]) * int(qm[i]) * (1 << max(s, 0))
        den = 1 << (31 + max(-s, 0))
        if num % den == 0 and (num // den) % 2 != 0:
            n += 1
    return n


def multipliers(s_in, s_w, s_out):
    """Per-channel (qm, shift) from float32 scales, the multiplier computed in double."""
    pairs = [quantize_multiplier(f32(s_in) * f32(sw) / f32(s_out)) for sw in np.atleast_1d(s_w)]
    return np.array([p[0] for p in pairs], I64), np.array([p[1] for p in pairs], I64)


def act_range(act, scale, zp):
    """TFLite CalculateActivationRangeQuantized (round half away, in float32)."""
    lo, hi = -128, 127
    if act in ("relu", "relu6"):
        lo = max(lo, zp + int(round_half_away(F32(0.0) / F32(scale))))
    if act == "relu6":
        hi = min(hi, zp + int(round_half_away(float(F32(6.0) / F32(scale)))))
    return lo, hi


def same_padding(n, k, s, d):
    """TFLite SAME: out = ceil(n/s); total = max((out-1)*s + d*(k-1) + 1 - n, 0); begin = total//2."""
    out = -(-n // s)
    total = max((out - 1) * s + d * (k - 1) + 1 - n, 0)
    return out, total // 2, total - total // 2


def resolve_padding(padding, hw, k, s, d):
    """-> (out_h, out_w, [top, left, bottom, right])."""
    if padding == "same":
        oh, t, b = same_padding(hw[0], k[0], s[0], d[0])
        ow, l, r = same_padding(hw[1], k[1], s[1], d[1])
        return oh, ow, [t, l, b, r]
    t, l, b, r = [0, 0, 0, 0] if padding == "valid" else padding
    oh = (hw[0] + t + b - d[0] * (k[0] - 1) - 1) // s[0] + 1
    ow = (hw[1] + l + r - d[1] * (k[1] - 1) - 1) // s[1] + 1
    return oh, ow, [t, l, b, r]


def conv_acc(x, x_zp, w, bias, stride, dil, pads, out_hw, depth_multiplier=None):
    """acc = sum over taps inside the input of w * (x - x_zp), + bias.  x NHWC, w OHWI
    (or 1HW(C*M) when depth_multiplier is given)."""
    N, H, W, C = x.shape
    t, l, b, r = pads
    OH, OW = out_hw
    xp = np.zeros((N, H + t + b, W + l + r, C), I64)
    xp[:, t:t + H, l:l + W, :] = x.astype(I64) - x_zp
    KH, KW = w.shape[1], w.shape[2]
    O = w.shape[0] if depth_multiplier is None else w.shape[3]
    acc = np.zeros((N, OH, OW, O), I64)
    for kh in range(KH):
        for kw in range(KW):
            h0, w0 = kh * dil[0], kw * dil[1]
            patch = xp[:, h0:h0 + (OH - 1) * stride[0] + 1:stride[0],
                       w0:w0 + (OW - 1) * stride[1] + 1:stride[1], :]
            if depth_multiplier is None:
                acc += patch @ w[:, kh, kw, :].astype(I64).T
            else:
                acc += np.repeat(patch, depth_multiplier, axis=-1) * w[0, kh, kw, :].astype(I64)
    if bias is not None:
        acc += np.asarray(bias, I64)
    return acc


def requant_fixed(acc, qm, shift, zp, lo, hi):
    return np.clip(mbqm(acc, qm, shift) + zp, lo, hi)


def pool_windows(H, W, k, s, pads, OH, OW):
    """For each output (oh, ow): list of valid (h, w) in row-major window order."""
    t, l = pads[0], pads[1]
    wins = {}
    for oh in range(OH):
        for ow in range(OW):
            cells = []
            for i in range(k[0]):
                for j in range(k[1]):
                    h, w = oh * s[0] - t + i, ow * s[1] - l + j
                    if 0 <= h < H and 0 <= w < W:
                        cells.append((h, w))
            wins[(oh, ow)] = cells
    return wins


def ref_max_pool(x, k, s, pads, OH, OW, lo=-128, hi=127):
    N, H, W, C = x.shape
    y = np.empty((N, OH, OW, C), I64)
    ix = np.empty((N, OH, OW, C), I64)
    for (oh, ow), cells in pool_windows(H, W, k, s, pads, OH, OW).items():
        vals = np.stack([x[:, h, w, :] for h, w in cells], axis=0).astype(I64)  # (n, N, C)
        am = np.argmax(vals, axis=0)  # first maximum
        y[:, oh, ow, :] = np.take_along_axis(vals, am[None], 0)[0]
        ix[:, oh, ow, :] = np.array([h * W + w for h, w in cells])[am]
    return np.clip(y, lo, hi), ix


def ref_avg_pool_same_params(x, k, s, pads, OH, OW, lo=-128, hi=127):
    """TFLite AVERAGE_POOL_2D: (acc +- n/2)/n, ties away from zero; n = valid cells."""
    N, H, W, C = x.shape
    y = np.empty((N, OH, OW, C), I64)
    ties = 0
    for (oh, ow), cells in pool_windows(H, W, k, s, pads, OH, OW).items():
        n = len(cells)
        acc = sum(x[:, h, w, :].astype(I64) for h, w in cells)
        ties += int(((2 * acc) % (2 * n) == n).sum()) if n % 2 == 0 else 0
        y[:, oh, ow, :] = np.where(acc > 0, _tdiv_arr(acc + n // 2, n), _tdiv_arr(acc - n // 2, n))
    return np.clip(y, lo, hi), ties


def _tdiv_arr(a, n):
    return np.where(a >= 0, a // n, -((-a) // n))


def ref_avg_pool_requant(x, k, s, pads, OH, OW, iq, oq):
    """DESIGN.md: acc = sum(q - zp_in) over valid cells, one requantization M = s_in/(s_out*n)."""
    N, H, W, C = x.shape
    y = np.empty((N, OH, OW, C), I64)
    ties = 0
    for (oh, ow), cells in pool_windows(H, W, k, s, pads, OH, OW).items():
        n = len(cells)
        acc = sum(x[:, h, w, :].astype(I64) - iq[1] for h, w in cells)
        qm, sh = quantize_multiplier(f32(iq[0]) / (f32(oq[0]) * n))
        ties += count_ties(acc, qm, sh)
        y[:, oh, ow, :] = np.clip(mbqm(acc, qm, sh) + oq[1], -128, 127)
    return y, ties


def ref_global_avg(x, iq, oq):
    """DESIGN.md global average pool / mean over H, W: acc = sum(q - zp_in); one requantization
    with M = s_in/(s_out*n), + zp_out, clamp.  Same params: (acc +- n/2)/n on sum q."""
    N, H, W, C = x.shape
    n = H * W
    same = f32(iq[0]) == f32(oq[0]) and iq[1] == oq[1]
    if same:
        acc = x.astype(I64).sum(axis=(1, 2))
        y = np.where(acc > 0, _tdiv_arr(acc + n // 2, n), _tdiv_arr(acc - n // 2, n))
        ties = int(((2 * acc) % (2 * n) == n).sum()) if n % 2 == 0 else 0
        return np.clip(y, -128, 127).reshape(N, 1, 1, C), ties
    acc = x.astype(I64).sum(axis=(1, 2)) - iq[1] * n
    qm, sh = quantize_multiplier(f32(iq[0]) / (f32(oq[0]) * n))
    return np.clip(mbqm(acc, qm, sh) + oq[1], -128, 127).reshape(N, 1, 1, C), count_ties(acc, qm, sh)


def tflite_mean_emulation(x, iq, oq):
    """Emulation of TFLite 2.21's reference int8 MEAN (4-D, axes {1, 2}, keep_dims), inferred from
    its outputs: (qm, shift) = QuantizeMultiplier(s_in/s_out); 1/n folded into the multiplier by
    integer division: k = min(floor(log2 n), 32, 31 + shift), qm' = (qm << k) // n, shift' = shift - k;
    y = MultiplyByQuantizedMultiplier(sum(q - zp_in), qm', shift') + zp_out, clamp.
    Note: even with equal input/output parameters this is not (sum q +- n/2)/n: qm = 2^30 meets
    SaturatingRoundingDoublingHighMul's rounding before the shift (a double rounding)."""
    N, H, W, C = x.shape
    n = H * W
    acc = x.astype(I64).sum(axis=(1, 2)) - iq[1] * n
    qm, sh = quantize_multiplier(f32(iq[0]) / f32(oq[0]))
    k = min(n.bit_length() - 1, 32, 31 + sh)
    qm2, sh2 = (qm << k) // n, sh - k
    return np.clip(mbqm(acc, qm2, sh2) + oq[1], -128, 127).reshape(N, 1, 1, C)


def ref_add(x1, x2, q1, q2, qo, lo=-128, hi=127):
    """TFLite ADD, int8: left shift 20, per-input multipliers, output multiplier."""
    left_shift = 20
    twice_max = 2.0 * max(f32(q1[0]), f32(q2[0]))
    m1 = quantize_multiplier(f32(q1[0]) / twice_max)
    m2 = quantize_multiplier(f32(q2[0]) / twice_max)
    mo = quantize_multiplier(twice_max / ((1 << left_shift) * f32(qo[0])))
    a = (x1.astype(I64) - q1[1]) * (1 << left_shift)
    b = (x2.astype(I64) - q2[1]) * (1 << left_shift)
    s = mbqm(a, *m1) + mbqm(b, *m2)
    return np.clip(mbqm(s, *mo) + qo[1], lo, hi), count_ties(s, *mo)


def compare(peer, model):
    peer = np.asarray(peer, I64)
    model = np.asarray(model, I64)
    if peer.shape != model.shape:
        raise SystemExit(f"shape mismatch: peer {peer.shape}, model {model.shape}")
    d = np.abs(peer - model)
    return int((d != 0).sum()), int(d.max()) if d.size else 0, int(d.size)


# ----------------------------------------------------------------------------------------------
# Input vectors
# ----------------------------------------------------------------------------------------------

def vec_uniform(rng, shape):
    """Uniform over the whole int8 range, with -128 and 127 forced at a few positions."""
    x = rng.integers(-128, 128, size=shape)
    flat = x.reshape(-1)
    idx = rng.choice(flat.size, size=min(flat.size, 6), replace=False)
    flat[idx[:3]] = -128
    flat[idx[3:]] = 127
    flat[0], flat[-1] = -128, 127
    return x.astype(np.int8)


def vec_extremes(rng, shape):
    return rng.choice(np.array([-128, 127]), size=shape).astype(np.int8)


def vec_near(rng, shape, zp, radius):
    """zero point + small integers: outputs near zero, lots of exact ties with power-of-two scales."""
    return np.clip(zp + rng.integers(-radius, radius + 1, size=shape), -128, 127).astype(np.int8)


def standard_vectors(rng, shape, zp, near_radius=6, extra_near=0):
    vs = [vec_uniform(rng, shape), vec_extremes(rng, shape), vec_near(rng, shape, zp, near_radius)]
    for _ in range(extra_near):
        vs.append(vec_near(rng, shape, zp, near_radius))
    return vs


def add_octet_reference(vecs, outs, refs, differ, notes):
    """Where the peer differs from the DESIGN.md model, each vector also gets
    "octet_reference_output": the model's output (NOT a peer output)."""
    if differ == 0:
        return
    for v, ref in zip(vecs, refs):
        v["octet_reference_output"] = ints(ref)
    notes.append("octet_reference_output (in each vector) is NOT a peer output: it is this script's "
                 "Python model of DESIGN.md section 3, given because the peer differs from it in "
                 f"{differ} output elements (see reference_check)")


def write_case(folder, case, written):
    path = OUT_ROOT / folder / f"{case['name']}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(fmt_json(case) + "\n")
    tmp.replace(path)
    written.add(path.name)
    rc = case.get("reference_check", {})
    print(f"  {folder}/{path.name}: {len(case['vectors'])} vectors, "
          f"differ {rc.get('differ')}/{rc.get('of')} (max {rc.get('max_abs')}), ties {rc.get('ties')}")


def prune(folder, written):
    d = OUT_ROOT / folder
    for p in sorted(d.glob("*.json")):
        if p.name not in written:
            print(f"  removing stale {folder}/{p.name}")
            p.unlink()


# ----------------------------------------------------------------------------------------------
# TFLite
# ----------------------------------------------------------------------------------------------

class TFLite:
    def __init__(self):
        import tensorflow as tf
        import keras
        from tensorflow.lite.python import schema_py_generated as schema
        from tensorflow.lite.tools import flatbuffer_utils as fbu
        tf.get_logger().setLevel("ERROR")
        self.tf, self.keras, self.schema, self.fbu = tf, keras, schema, fbu
        self.op_names = {v: k for k, v in vars(schema.BuiltinOperator).items() if not k.startswith("_")}
        self.source = f"TFLite {tf.__version__} BUILTIN_REF"
        self.versions = {"tensorflow": tf.__version__, "keras": keras.__version__,
                         "numpy": np.__version__, "python": platform.python_version(),
                         "machine": platform.machine()}
        self.summary = []

    # -- conversion and inspection ------------------------------------------------------------

    def convert(self, model, rep, per_channel_dense=None):
        tf = self.tf
        conv = tf.lite.TFLiteConverter.from_keras_model(model)
        conv.optimizations = [tf.lite.Optimize.DEFAULT]
        conv.representative_dataset = lambda: iter([[np.asarray(a, F32) for a in r] for r in rep])
        conv.target_spec.supported_ops = [tf.lite.OpsSet.TFLITE_BUILTINS_INT8]
        conv.inference_input_type = tf.int8
        conv.inference_output_type = tf.int8
        if per_channel_dense is not None:
            conv._experimental_disable_per_channel_quantization_for_dense_layers = not per_channel_dense
        import contextlib
        import io
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            return bytes(conv.convert())

    def model_object(self, blob):
        return self.fbu.read_model_from_bytearray(bytearray(blob))

    def single_op(self, blob, name, expected_op):
        """The only operator of the only subgraph; fails loudly if the model is anything else."""
        mo = self.model_object(blob)
        if len(mo.subgraphs) != 1:
            raise SystemExit(f"{name}: expected 1 subgraph, got {len(mo.subgraphs)}")
        sg = mo.subgraphs[0]
        ops = [self.op_names[max(mo.operatorCodes[o.opcodeIndex].builtinCode,
                                 mo.operatorCodes[o.opcodeIndex].deprecatedBuiltinCode)]
               for o in sg.operators]
        if ops != [expected_op]:
            raise SystemExit(f"{name}: converted model has ops {ops}, expected exactly [{expected_op}]")
        return mo, sg, sg.operators[0]

    def tensor_quant(self, t):
        q = t.quantization
        if q is None or q.scale is None or len(q.scale) == 0:
            raise SystemExit(f"tensor {t.name}: no quantization parameters")
        return [F32(s) for s in q.scale], [int(z) for z in q.zeroPoint], int(q.quantizedDimension)

    def const_data(self, mo, t, dtype):
        buf = mo.buffers[t.buffer].data
        if buf is None:
            raise SystemExit(f"tensor {t.name}: no constant data")
        return np.frombuffer(bytes(bytearray(buf)), dtype=dtype).reshape([int(v) for v in t.shape])

    def patch_output_quant(self, blob, tensor_index, scale, zp):
        mo = self.model_object(blob)
        t = mo.subgraphs[0].tensors[tensor_index]
        t.quantization.scale = np.array([f32(scale)], F32)
        t.quantization.zeroPoint = np.array([int(zp)], I64)
        return bytes(self.fbu.convert_object_to_bytearray(mo))

    RESOLVERS = ("BUILTIN_REF", "BUILTIN_WITHOUT_DEFAULT_DELEGATES", "BUILTIN")

    def run(self, blob, feeds, out_index, resolver="BUILTIN_REF"):
        tf = self.tf
        kind = getattr(tf.lite.experimental.OpResolverType, resolver)
        it = tf.lite.Interpreter(model_content=blob, experimental_op_resolver_type=kind, num_threads=1)
        it.allocate_tensors()
        if resolver == "BUILTIN_REF":
            ops = [o["op_name"] for o in it._get_ops_details()]
            if len(ops) != 1 or "DELEGATE" in ops:
                raise SystemExit(f"BUILTIN_REF interpreter runs {ops}, expected one builtin op, no delegate")
        for idx, arr in feeds:
            it.set_tensor(idx, arr)
        it.invoke()
        return it.get_tensor(out_index).copy()

    def run_feeds(self, blob, feed_list, out_index):
        """Runs every feed set with BUILTIN_REF (the expected outputs) and counts the output
        elements where TFLite's optimized kernels (without and with the default XNNPACK
        delegate) differ from it."""
        outs, differ = [], {"optimized_kernels_differ": 0, "xnnpack_differ": 0}
        for feeds in feed_list:
            y = self.run(blob, feeds, out_index)
            y_opt = self.run(blob, feeds, out_index, "BUILTIN_WITHOUT_DEFAULT_DELEGATES")
            y_xnn = self.run(blob, feeds, out_index, "BUILTIN")
            differ["optimized_kernels_differ"] += int((y.astype(I64) != y_opt.astype(I64)).sum())
            differ["xnnpack_differ"] += int((y.astype(I64) != y_xnn.astype(I64)).sum())
            outs.append(y)
        return outs, differ

    def run_vectors(self, blob, name, in_indices, vectors, out_index):
        return self.run_feeds(blob, [[(in_indices[0], v)] for v in vectors], out_index)

    def base_case(self, name, op, params):
        return {"format": FORMAT, "name": name, "op": op, "source": self.source,
                "generator": GENERATOR, "seed": SEED, "params": params}

    def finish(self, case, in_key_vectors, outs, opt_differ, ref_outs, ties, notes, extra_check=None):
        vecs = []
        for i, y in enumerate(outs):
            v = {k: ints(arrs[i]) for k, arrs in in_key_vectors}
            v["output"] = ints(y)
            vecs.append(v)
        case["vectors"] = vecs
        differ, max_abs, of = compare(np.stack(outs), np.stack(ref_outs))
        add_octet_reference(vecs, outs, ref_outs, differ, notes)
        check = {"model": "DESIGN.md section 3 (Python model in Tools/gen_conformance.py)",
                 "differ": differ, "max_abs": max_abs, "of": of, "ties": int(ties)}
        if extra_check:
            check.update(extra_check)
        case["reference_check"] = check
        check.update(opt_differ)
        notes.append(f"vectors hold BUILTIN_REF outputs; TFLite's optimized kernels "
                     f"(BUILTIN_WITHOUT_DEFAULT_DELEGATES) differ in {opt_differ['optimized_kernels_differ']} "
                     f"and BUILTIN with its default XNNPACK delegate in {opt_differ['xnnpack_differ']} "
                     f"of {of} output elements")
        case["versions"] = self.versions
        case["notes"] = notes
        self.summary.append((case["name"], case["op"], len(vecs), differ, of, ties,
                             opt_differ["optimized_kernels_differ"], opt_differ["xnnpack_differ"]))
        return case

    # -- weights ---------------------------------------------------------------------------------

    @staticmethod
    def pow2_weights(rng, shape_oc_last, j, small=None):
        """Float weights k * 2^-j with integer k in [-127, 127] and one +-127 per output channel
        (last axis), so TFLite's per-channel scale amax/127 is exactly 2^-j."""
        lim = 127 if small is None else small
        k = rng.integers(-lim, lim + 1, size=shape_oc_last)
        flat = k.reshape(-1, shape_oc_last[-1])
        for c in range(flat.shape[1]):
            flat[rng.integers(flat.shape[0]), c] = 127 if rng.integers(2) else -127
        return (k.astype(np.float64) * 2.0 ** -j).astype(F32)

    @staticmethod
    def pow2_calibration(rng, shape, scale, zp, n=4):
        """Representative samples whose range is exactly [(-128 - zp)*scale, (127 - zp)*scale],
        so the converter computes exactly (scale, zp)."""
        lo, hi = (-128 - zp) * scale, (127 - zp) * scale
        reps = []
        for i in range(n):
            x = rng.uniform(lo, hi, size=shape).astype(F32)
            x.reshape(-1)[0] = lo
            x.reshape(-1)[-1] = hi
            reps.append([x])
        return reps

    # -- convolution family ------------------------------------------------------------------------

    def conv_case(self, name, *, depthwise=False, batch=1, hw=(8, 8), cin=8, cout=8, mult=1,
                  k=(3, 3), stride=(1, 1), dil=(1, 1), padding="same", act="none",
                  in_range=(-1.0, 1.5), pow2=None, patch_act_from_linear=False, near_radius=6):
        """pow2 = (in_exp, in_zp, w_exp, out_exp, out_zp): power-of-two scales for exact ties."""
        keras = self.keras
        rng = case_rng(name)
        notes = []
        op_name = "DEPTHWISE_CONV_2D" if depthwise else "CONV_2D"
        cout = cin * mult if depthwise else cout
        in_shape = (batch, hw[0], hw[1], cin)

        # float weights (Keras layouts: conv HWIO, depthwise HW C M)
        kshape = (k[0], k[1], cin, mult) if depthwise else (k[0], k[1], cin, cout)
        if pow2:
            kern = self.pow2_weights(rng, (k[0], k[1], cin * mult) if depthwise else kshape,
                                     pow2[2], small=20).reshape(kshape)
        else:
            kern = (rng.normal(0, 1.0 / math.sqrt(k[0] * k[1] * (1 if depthwise else cin)),
                               size=kshape)).astype(F32)
        bias = rng.normal(0, 0.3, size=(cout,)).astype(F32)

        def build(activation):
            inp = keras.Input(shape=in_shape[1:], batch_size=batch)
            common = dict(strides=stride, padding=padding, dilation_rate=dil,
                          activation=None if activation == "none" else
                          ("relu" if activation == "relu" else keras.activations.relu6))
            if depthwise:
                layer = keras.layers.DepthwiseConv2D(k, depth_multiplier=mult, **common)
            else:
                layer = keras.layers.Conv2D(cout, k, **common)
            model = keras.Model(inp, layer(inp))
            layer.set_weights([kern, bias])
            return model

        if pow2:
            rep = self.pow2_calibration(rng, in_shape, 2.0 ** -pow2[0], pow2[1])
        else:
            rep = [[rng.uniform(in_range[0], in_range[1], size=in_shape).astype(F32)] for _ in range(6)]

        blob = self.convert(build(act), rep)
        mo, sg, op = self.single_op(blob, name, op_name)
        o = op.builtinOptions
        want_act = {"none": 0, "relu": 1, "relu6": 3}[act]
        got_pad = "same" if o.padding == self.schema.Padding.SAME else "valid"
        if (got_pad != padding or (o.strideH, o.strideW) != tuple(stride)
                or (o.dilationHFactor, o.dilationWFactor) != tuple(dil)
                or o.fusedActivationFunction != want_act
                or (depthwise and o.depthMultiplier != mult)):
            raise SystemExit(f"{name}: unexpected {op_name} options {vars(o)}")
        x_i, w_i, b_i = [int(v) for v in op.inputs]
        y_i = int(op.outputs[0])

        out_note = None
        if patch_act_from_linear:
            (cs,), (cz,), _ = self.tensor_quant(sg.tensors[y_i])
            notes.append(f"as converted, the output quantization was scale {f32(cs)!r}, zero point {cz}: "
                         f"fused {act} range {list(act_range(act, cs, cz))}, i.e. the clamp does nothing")
            lin = self.convert(build("none"), rep)
            _, lsg, lop = self.single_op(lin, name + "/linear", op_name)
            ls, lz, _ = self.tensor_quant(lsg.tensors[int(lop.outputs[0])])
            blob = self.patch_output_quant(blob, y_i, ls[0], lz[0])
            out_note = (f"output quantization rewritten after conversion to that of the same model "
                        f"converted without the fused {act} (scale {f32(ls[0])!r}, zero point {lz[0]}): "
                        f"calibration measures the tensor after the activation, so a converted model's "
                        f"fused {act} clamp is always a no-op; this makes it active")
        if pow2:
            blob = self.patch_output_quant(blob, y_i, 2.0 ** -pow2[3], pow2[4])
            out_note = (f"output quantization rewritten after conversion to scale 2^-{pow2[3]}, zero "
                        f"point {pow2[4]} (input scale 2^-{pow2[0]} came from calibration data spanning "
                        f"exactly its range; weights k*2^-{pow2[2]} with a +-127 per channel give "
                        f"filter scales 2^-{pow2[2]}): every multiplier is a power of two, so exact .5 "
                        f"ties are frequent")
        mo, sg, op = self.single_op(blob, name, op_name)
        T = sg.tensors
        (s_in,), (z_in,), _ = self.tensor_quant(T[x_i])
        s_w, z_w, qdim = self.tensor_quant(T[w_i])
        (s_out,), (z_out,), _ = self.tensor_quant(T[y_i])
        w = self.const_data(mo, T[w_i], np.int8)
        b = self.const_data(mo, T[b_i], np.int32)
        if any(z_w):
            raise SystemExit(f"{name}: filter zero points {z_w} are not all 0")
        if len(s_w) != cout or qdim != (3 if depthwise else 0):
            raise SystemExit(f"{name}: filter not per-channel on the output axis ({len(s_w)}, dim {qdim})")
        b_s, _, _ = self.tensor_quant(T[b_i])
        for c in range(cout):
            if F32(b_s[c]) != F32(F32(s_in) * F32(s_w[c])) and \
                    abs(float(b_s[c]) / (float(s_in) * float(s_w[c])) - 1) > 1e-6:
                raise SystemExit(f"{name}: bias scale {b_s[c]} != s_in*s_w[{c}]")
        if out_note:
            notes.append(out_note)

        vectors = standard_vectors(rng, in_shape, z_in, near_radius, extra_near=1 if pow2 else 0)
        outs, opt_differ = self.run_vectors(blob, name, [x_i], vectors, y_i)

        OH, OW, pads = resolve_padding(padding, hw, k, stride, dil)
        qm, sh = multipliers(s_in, s_w, s_out)
        lo, hi = act_range(act, s_out, z_out)
        m_double = np.array([f32(s_in) * f32(s) / f32(s_out) for s in s_w])
        refs, refs_double, ties = [], [], 0
        for x in vectors:
            if depthwise:
                acc = conv_acc(x, z_in, w, b, stride, dil, pads, (OH, OW), depth_multiplier=mult)
            else:
                acc = conv_acc(x, z_in, w, b, stride, dil, pads, (OH, OW))
            refs.append(requant_fixed(acc, qm, sh, z_out, lo, hi))
            refs_double.append(np.clip(round_half_away(acc * m_double).astype(I64) + z_out, lo, hi))
            ties += count_ties(acc, qm, sh)
        dd = compare(np.stack(outs), np.stack(refs_double))
        extra = {"alternatives": {"double_precision_round_half_away": {"differ": dd[0], "max_abs": dd[1]}}}
        if outs[0].shape != (batch, OH, OW, cout):
            raise SystemExit(f"{name}: output shape {outs[0].shape}, expected {(batch, OH, OW, cout)}")

        params = {"filter": list(k), "stride": list(stride), "dilation": list(dil), "padding": padding,
                  "activation": act}
        if depthwise:
            params["depth_multiplier"] = mult
        case = self.base_case(name, "depthwise_conv2d" if depthwise else "conv2d", params)
        case["resolved_padding"] = pads
        case["input"] = qdict(in_shape, s_in, z_in)
        case["filter"] = {"shape": [int(v) for v in w.shape], "scales": [f32(s) for s in s_w],
                          "data": ints(w)}
        case["bias"] = {"data": ints(b)}
        case["output"] = qdict(outs[0].shape, s_out, z_out)
        if act != "none":
            notes.append(f"fused {act}: activation range [{lo}, {hi}]")
        return self.finish(case, [("input", vectors)], outs, opt_differ, refs, ties, notes, extra)

    # -- fully connected ---------------------------------------------------------------------------

    def fc_case(self, name, *, batch=2, fin=16, fout=5, per_channel=True, act="none",
                in_range=(-1.0, 1.2), pow2=None, out_override=None, near_radius=6):
        """pow2 = (in_exp, in_zp, w_exp, out_exp, out_zp); out_override = (scale, zp) replaces
        the output quantization (with pow2 input/filter scales: a chosen non-dyadic multiplier)."""
        keras = self.keras
        rng = case_rng(name)
        notes = []
        in_shape = (batch, fin)
        if pow2:
            kern = self.pow2_weights(rng, (fin, fout), pow2[2], small=20)
        else:
            kern = rng.normal(0, 1.0 / math.sqrt(fin), size=(fin, fout)).astype(F32)
            kern *= rng.uniform(0.3, 1.5, size=(1, fout)).astype(F32)  # distinct channel ranges
        bias = rng.normal(0, 0.3, size=(fout,)).astype(F32)

        inp = keras.Input(shape=(fin,), batch_size=batch)
        layer = keras.layers.Dense(fout, activation=None if act == "none" else act)
        model = keras.Model(inp, layer(inp))
        layer.set_weights([kern, bias])
        if pow2:
            rep = self.pow2_calibration(rng, in_shape, 2.0 ** -pow2[0], pow2[1])
        else:
            rep = [[rng.uniform(in_range[0], in_range[1], size=in_shape).astype(F32)] for _ in range(6)]
        blob = self.convert(model, rep, per_channel_dense=per_channel)
        mo, sg, op = self.single_op(blob, name, "FULLY_CONNECTED")
        o = op.builtinOptions
        if o.fusedActivationFunction != {"none": 0, "relu": 1, "relu6": 3}[act] or o.keepNumDims:
            raise SystemExit(f"{name}: unexpected FULLY_CONNECTED options {vars(o)}")
        x_i, w_i, b_i = [int(v) for v in op.inputs]
        y_i = int(op.outputs[0])
        if b_i < 0:
            raise SystemExit(f"{name}: FULLY_CONNECTED without bias")
        if out_override:
            blob = self.patch_output_quant(blob, y_i, *out_override)
            notes.append(f"output quantization rewritten after conversion to scale "
                         f"{f32(out_override[0])!r}, zero point {out_override[1]} (input 2^-{pow2[0]} "
                         f"from calibration, filter scales 2^-{pow2[2]}): multiplier close to a "
                         f"decimal value, so acc * M lands very near .5 (separates double-precision "
                         f"from Q31 fixed-point requantization)")
        elif pow2:
            blob = self.patch_output_quant(blob, y_i, 2.0 ** -pow2[3], pow2[4])
            notes.append(f"output quantization rewritten after conversion to scale 2^-{pow2[3]}, zero "
                         f"point {pow2[4]} (input 2^-{pow2[0]} from calibration, filter scales "
                         f"2^-{pow2[2]}): power-of-two multipliers, frequent exact .5 ties")
        elif act != "none":
            raise SystemExit("FC with activation only in the pow2 variant (patched output)")
        mo, sg, op = self.single_op(blob, name, "FULLY_CONNECTED")
        T = sg.tensors
        (s_in,), (z_in,), _ = self.tensor_quant(T[x_i])
        s_w, z_w, qdim = self.tensor_quant(T[w_i])
        (s_out,), (z_out,), _ = self.tensor_quant(T[y_i])
        w = self.const_data(mo, T[w_i], np.int8)
        b = self.const_data(mo, T[b_i], np.int32)
        if any(z_w) or qdim != 0 or w.shape != (fout, fin):
            raise SystemExit(f"{name}: unexpected filter quantization/shape {z_w} {qdim} {w.shape}")
        got_pc = len(s_w) == fout and fout > 1
        if got_pc != per_channel:
            raise SystemExit(f"{name}: converter made {'per-channel' if got_pc else 'per-tensor'} "
                             f"weights, wanted {'per-channel' if per_channel else 'per-tensor'}")
        notes.append(("per-channel weights (TF default for Dense in this version; "
                      "_experimental_disable_per_channel_quantization_for_dense_layers=False)")
                     if per_channel else
                     ("per-tensor weights (converter flag "
                      "_experimental_disable_per_channel_quantization_for_dense_layers=True); "
                      "filter.scales has one element"))

        vectors = standard_vectors(rng, in_shape, z_in, near_radius, extra_near=1 if pow2 else 0)
        outs, opt_differ = self.run_vectors(blob, name, [x_i], vectors, y_i)
        lo, hi = act_range(act, s_out, z_out)
        sw_full = np.array(s_w if per_channel else s_w * fout, F32)
        qm, sh = multipliers(s_in, sw_full, s_out)
        m_double = np.array([f32(s_in) * f32(s) / f32(s_out) for s in sw_full])
        m_q31 = np.array([float(q) * 2.0 ** (int(e) - 31) for q, e in zip(qm, sh)])
        refs_fixed, refs_single, refs_double, refs_q31 = [], [], [], []
        ties, ties_fixed = 0, 0
        for x in vectors:
            acc = (x.astype(I64) - z_in) @ w.astype(I64).T + b.astype(I64)
            refs_fixed.append(requant_fixed(acc, qm, sh, z_out, lo, hi))
            refs_single.append(np.clip(mbqm_single_rounding(acc, qm, sh) + z_out, lo, hi))
            v = acc.astype(np.float64) * m_double
            refs_double.append(np.clip(round_half_away(v).astype(I64) + z_out, lo, hi))
            v2 = acc.astype(np.float64) * m_q31
            refs_q31.append(np.clip(round_half_away(v2).astype(I64) + z_out, lo, hi))
            ties_fixed += count_ties(acc, qm, sh)
            ties += int((np.abs(v - np.trunc(v)) == 0.5).sum())
        refs = refs_double  # DESIGN.md: this TFLite's reference FULLY_CONNECTED rounds in double
        if outs[0].shape != (batch, fout):
            raise SystemExit(f"{name}: output shape {outs[0].shape}")
        stacked = np.stack(outs)
        models = {
            "fixed_point_double_rounding": compare(stacked, np.stack(refs_fixed)),
            "fixed_point_single_rounding": compare(stacked, np.stack(refs_single)),
            "double_precision_round_half_away": compare(stacked, np.stack(refs_double)),
            "double_precision_q31_multiplier_round_half_away": compare(stacked, np.stack(refs_q31)),
        }
        matching = [k2 for k2, v in models.items() if v[0] == 0]
        extra = {"alternatives": {k2: {"differ": v[0], "max_abs": v[1]} for k2, v in models.items()},
                 "matching_models": matching, "ties_fixed_point": ties_fixed,
                 "model": "DESIGN.md section 3 for FULLY_CONNECTED: acc * (double(s_in) * s_w[c] / "
                          "s_out) in double precision, rounded half away from zero"}
        notes.append("FULLY_CONNECTED BUILTIN_REF output matches: " + (", ".join(matching) or "none of the models"))

        case = self.base_case(name, "fully_connected", {"activation": act})
        case["input"] = qdict(in_shape, s_in, z_in)
        case["filter"] = {"shape": [fout, fin], "scales": [f32(s) for s in s_w], "data": ints(w)}
        case["bias"] = {"data": ints(b)}
        case["output"] = qdict(outs[0].shape, s_out, z_out)
        if act != "none":
            notes.append(f"fused {act}: activation range [{lo}, {hi}]")
        return self.finish(case, [("input", vectors)], outs, opt_differ, refs, ties, notes, extra)

    # -- pools -------------------------------------------------------------------------------------

    def pool_case(self, name, *, kind, batch=1, hw=(8, 8), c=8, k=(2, 2), stride=(2, 2),
                  padding="valid", in_range=(-1.0, 1.5), pow2=None):
        keras = self.keras
        rng = case_rng(name)
        notes = []
        in_shape = (batch, hw[0], hw[1], c)
        inp = keras.Input(shape=in_shape[1:], batch_size=batch)
        Layer = keras.layers.MaxPooling2D if kind == "max" else keras.layers.AveragePooling2D
        model = keras.Model(inp, Layer(pool_size=k, strides=stride, padding=padding)(inp))
        if pow2:
            rep = self.pow2_calibration(rng, in_shape, 2.0 ** -pow2[0], pow2[1])
        else:
            rep = [[rng.uniform(in_range[0], in_range[1], size=in_shape).astype(F32)] for _ in range(4)]
        blob = self.convert(model, rep)
        op_name = "MAX_POOL_2D" if kind == "max" else "AVERAGE_POOL_2D"
        mo, sg, op = self.single_op(blob, name, op_name)
        o = op.builtinOptions
        got_pad = "same" if o.padding == self.schema.Padding.SAME else "valid"
        if (got_pad != padding or (o.strideH, o.strideW) != tuple(stride)
                or (o.filterHeight, o.filterWidth) != tuple(k) or o.fusedActivationFunction != 0):
            raise SystemExit(f"{name}: unexpected {op_name} options {vars(o)}")
        x_i, y_i = int(op.inputs[0]), int(op.outputs[0])
        T = sg.tensors
        (s_in,), (z_in,), _ = self.tensor_quant(T[x_i])
        (s_out,), (z_out,), _ = self.tensor_quant(T[y_i])
        if F32(s_in) != F32(s_out) or z_in != z_out:
            raise SystemExit(f"{name}: pool input/output quantization differ")
        if pow2:
            notes.append(f"input (= output) scale 2^-{pow2[0]}, zero point {pow2[1]} from calibration "
                         f"data spanning exactly that range")
        vectors = standard_vectors(rng, in_shape, z_in, 20)
        if kind == "max":
            # plateaus and ties: a handful of values only
            vectors.append(rng.choice(np.array([-128, -5, 0, 7, 127]), size=in_shape).astype(np.int8))
        else:
            vectors.append(rng.choice(np.array([-128, -127, 126, 127]), size=in_shape).astype(np.int8))
        outs, opt_differ = self.run_vectors(blob, name, [x_i], vectors, y_i)
        OH, OW, pads = resolve_padding(padding, hw, k, stride, (1, 1))
        refs, ties = [], 0
        for x in vectors:
            if kind == "max":
                refs.append(ref_max_pool(x, k, stride, pads, OH, OW)[0])
            else:
                r, t = ref_avg_pool_same_params(x, k, stride, pads, OH, OW)
                refs.append(r)
                ties += t
        if kind == "avg":
            counts = sorted({len(v) for v in pool_windows(hw[0], hw[1], k, stride, pads, OH, OW).values()})
            notes.append(f"valid-cell counts per window: {counts} (count_include_pad=false)")
        case = self.base_case(name, "max_pool2d" if kind == "max" else "avg_pool2d",
                              {"filter": list(k), "stride": list(stride), "dilation": [1, 1],
                               "padding": padding, "activation": "none"})
        case["resolved_padding"] = pads
        case["input"] = qdict(in_shape, s_in, z_in)
        case["output"] = qdict(outs[0].shape, s_out, z_out)
        return self.finish(case, [("input", vectors)], outs, opt_differ, refs, ties, notes)

    # -- mean --------------------------------------------------------------------------------------

    def mean_case(self, name, *, batch=1, hw=(6, 6), c=5, in_range=(-1.0, 1.5), pow2=None,
                  same_params=False):
        keras = self.keras
        rng = case_rng(name)
        notes = []
        in_shape = (batch, hw[0], hw[1], c)
        inp = keras.Input(shape=in_shape[1:], batch_size=batch)
        model = keras.Model(inp, keras.ops.mean(inp, axis=[1, 2], keepdims=True))
        if pow2:
            rep = self.pow2_calibration(rng, in_shape, 2.0 ** -pow2[0], pow2[1])
        else:
            rep = [[rng.uniform(in_range[0], in_range[1], size=in_shape).astype(F32)] for _ in range(4)]
        blob = self.convert(model, rep)
        mo, sg, op = self.single_op(blob, name, "MEAN")
        if not op.builtinOptions.keepDims:
            raise SystemExit(f"{name}: MEAN without keep_dims")
        x_i, a_i = int(op.inputs[0]), int(op.inputs[1])
        y_i = int(op.outputs[0])
        axes = sorted(int(v) for v in self.const_data(mo, sg.tensors[a_i], np.int32).ravel())
        if axes != [1, 2]:
            raise SystemExit(f"{name}: MEAN axes {axes}")
        (s_in,), (z_in,), _ = self.tensor_quant(sg.tensors[x_i])
        if same_params:
            blob = self.patch_output_quant(blob, y_i, s_in, z_in)
            notes.append("output quantization rewritten after conversion to equal the input's "
                         "(TFLite's same-parameters MEAN path)")
        elif pow2:
            blob = self.patch_output_quant(blob, y_i, 2.0 ** -pow2[3], pow2[4])
            notes.append(f"input scale 2^-{pow2[0]} from calibration; output quantization rewritten "
                         f"after conversion to scale 2^-{pow2[3]}, zero point {pow2[4]}")
        mo, sg, op = self.single_op(blob, name, "MEAN")
        (s_out,), (z_out,), _ = self.tensor_quant(sg.tensors[y_i])
        vectors = standard_vectors(rng, in_shape, z_in, 20, extra_near=1)
        outs, opt_differ = self.run_vectors(blob, name, [x_i], vectors, y_i)
        refs, emul, ties = [], [], 0
        for x in vectors:
            r, t = ref_global_avg(x, (s_in, z_in), (s_out, z_out))
            refs.append(r)
            ties += t
            emul.append(tflite_mean_emulation(x, (s_in, z_in), (s_out, z_out)))
        st = np.stack(outs)
        e = compare(st, np.stack(emul))
        extra = {"alternatives": {"tflite_mean_folded_multiplier": {"differ": e[0], "max_abs": e[1]}}}
        notes.append("DESIGN.md rounds once (sum(q - zp_in) * s_in/(s_out*n)); TFLite MEAN may round "
                     "twice, so reference_check may show +-1 LSB differences: expected, report them")
        case = self.base_case(name, "mean", {"axes": [1, 2], "keep_dims": True})
        case["input"] = qdict(in_shape, s_in, z_in)
        case["output"] = qdict(outs[0].shape, s_out, z_out)
        return self.finish(case, [("input", vectors)], outs, opt_differ, refs, ties, notes, extra)

    # -- add ---------------------------------------------------------------------------------------

    def add_case(self, name, *, shape=(1, 6, 6, 8), ranges=((-1.0, 1.5), (-3.0, 2.0)), pow2=False):
        keras = self.keras
        rng = case_rng(name)
        notes = []
        a = keras.Input(shape=shape[1:], batch_size=shape[0])
        b = keras.Input(shape=shape[1:], batch_size=shape[0])
        model = keras.Model([a, b], keras.layers.Add()([a, b]))
        if pow2:
            # a: scale 2^-6 zp -64 -> [-1, 2.984375]; b: scale 2^-7 zp 64 -> [-1.5, 0.4921875];
            # a + b spans exactly [-2, 1.984375] -> output scale 2^-6, zp 0.
            rep = []
            for _ in range(4):
                xa = rng.uniform(-0.5, 1.0, size=shape).astype(F32)
                xb = rng.uniform(-0.5, 0.4, size=shape).astype(F32)
                fa, fb = xa.reshape(-1), xb.reshape(-1)
                fa[0], fb[0] = -1.0, -1.0            # sum -2 (output min), a min
                fa[1], fb[1] = 1.4921875, 0.4921875  # sum 1.984375 (output max), b max
                fa[2], fb[2] = 2.984375, -1.0        # a max, sum 1.984375
                fa[3], fb[3] = 0.0, -1.5             # b min, sum -1.5
                rep.append([xa, xb])
        else:
            rep = [[rng.uniform(*ranges[0], size=shape).astype(F32),
                    rng.uniform(*ranges[1], size=shape).astype(F32)] for _ in range(4)]
        blob = self.convert(model, rep)
        mo, sg, op = self.single_op(blob, name, "ADD")
        if op.builtinOptions.fusedActivationFunction != 0:
            raise SystemExit(f"{name}: ADD with a fused activation")
        i1, i2, y_i = int(op.inputs[0]), int(op.inputs[1]), int(op.outputs[0])
        T = sg.tensors
        if [int(v) for v in T[i1].shape] != list(shape) or [int(v) for v in T[i2].shape] != list(shape):
            raise SystemExit(f"{name}: ADD input shapes differ from {shape}")
        (s1,), (z1,), _ = self.tensor_quant(T[i1])
        (s2,), (z2,), _ = self.tensor_quant(T[i2])
        (so,), (zo,), _ = self.tensor_quant(T[y_i])
        if F32(s1) == F32(s2):
            raise SystemExit(f"{name}: ADD inputs got equal scales")
        if pow2:
            notes.append("all scales powers of two from calibration alone (input 2^-6/zp -64 and "
                         "2^-7/zp 64, output 2^-6/zp 0): half of the outputs are exact .5 ties")
        notes.append("input is the ADD's first operand, input2 its second (TFLite operand order)")
        v1 = standard_vectors(rng, shape, z1, 20)
        v2 = standard_vectors(rng, shape, z2, 20)
        v1.append(vec_extremes(rng, shape))
        v2.append(vec_near(rng, shape, z2, 3))
        outs, opt_differ = self.run_feeds(blob, [[(i1, x1), (i2, x2)] for x1, x2 in zip(v1, v2)], y_i)
        refs, ties = [], 0
        for x1, x2 in zip(v1, v2):
            r, t = ref_add(x1, x2, (s1, z1), (s2, z2), (so, zo))
            refs.append(r)
            ties += t
        case = self.base_case(name, "add", {"activation": "none"})
        case["input"] = qdict(shape, s1, z1)
        case["input2"] = qdict(shape, s2, z2)
        case["output"] = qdict(outs[0].shape, so, zo)
        return self.finish(case, [("input", v1), ("input2", v2)], outs, opt_differ, refs, ties, notes)


def gen_tflite():
    try:
        t = TFLite()
    except ImportError as e:
        raise SystemExit(f"TensorFlow is not importable ({e}); pip install tensorflow-cpu")
    print(f"TFLite: {t.source}")
    written = set()
    w = lambda c: write_case("tflite", c, written)  # noqa: E731

    # CONV_2D
    w(t.conv_case("conv2d_3x3_s1_same", hw=(8, 8), cin=8, cout=8, in_range=(-0.8, 1.6)))
    w(t.conv_case("conv2d_3x3_s2_valid_n2", batch=2, hw=(9, 9), cin=5, cout=6, k=(3, 3),
                  stride=(2, 2), padding="valid", in_range=(-2.0, 0.5)))
    w(t.conv_case("conv2d_3x3_s2_same_asym_pad", hw=(8, 8), cin=3, cout=5, stride=(2, 2),
                  in_range=(-1.0, 1.0)))
    w(t.conv_case("conv2d_1x1", hw=(6, 6), cin=16, cout=7, k=(1, 1), in_range=(-0.3, 2.0)))
    w(t.conv_case("conv2d_5x5_d2_same", hw=(10, 10), cin=3, cout=4, k=(5, 5), dil=(2, 2),
                  in_range=(-1.2, 0.9)))
    w(t.conv_case("conv2d_3x3_relu", hw=(8, 8), cin=4, cout=6, act="relu", in_range=(-1.0, 1.5),
                  patch_act_from_linear=True))
    w(t.conv_case("conv2d_3x3_relu6", hw=(8, 8), cin=8, cout=5, act="relu6", in_range=(-4.0, 6.0),
                  patch_act_from_linear=True))
    w(t.conv_case("conv2d_3x3_pow2_ties", hw=(8, 8), cin=4, cout=8, pow2=(7, -64, 7, 10, 3),
                  near_radius=3))
    w(t.conv_case("conv2d_1x1_pow2_ties", hw=(8, 8), cin=2, cout=8, k=(1, 1),
                  pow2=(6, 10, 6, 9, -7), near_radius=4))
    # DEPTHWISE_CONV_2D
    w(t.conv_case("depthwise_3x3_m1_s1_same", depthwise=True, hw=(8, 8), cin=8, mult=1,
                  in_range=(-1.0, 1.5)))
    w(t.conv_case("depthwise_3x3_m2_s2_same", depthwise=True, hw=(7, 7), cin=3, mult=2,
                  stride=(2, 2), in_range=(-0.7, 2.0)))
    w(t.conv_case("depthwise_3x3_m2_s1_valid", depthwise=True, hw=(6, 6), cin=5, mult=2,
                  padding="valid", in_range=(-1.5, 1.0)))
    w(t.conv_case("depthwise_3x3_m1_s2_valid_relu6", depthwise=True, hw=(9, 9), cin=8, mult=1,
                  stride=(2, 2), padding="valid", act="relu6", in_range=(-6.0, 8.0),
                  patch_act_from_linear=True))
    w(t.conv_case("depthwise_3x3_m2_pow2_ties", depthwise=True, hw=(8, 8), cin=4, mult=2,
                  pow2=(7, 0, 7, 10, -2), near_radius=3))
    # FULLY_CONNECTED
    w(t.fc_case("fc_per_channel", batch=2, fin=16, fout=5, per_channel=True))
    w(t.fc_case("fc_per_tensor", batch=2, fin=16, fout=5, per_channel=False))
    w(t.fc_case("fc_per_channel_n3_32x9", batch=3, fin=32, fout=9, per_channel=True,
                in_range=(-2.0, 0.4)))
    w(t.fc_case("fc_per_channel_pow2_ties", batch=8, fin=8, fout=8, per_channel=True,
                pow2=(6, 12, 7, 11, -3), near_radius=1))
    w(t.fc_case("fc_per_tensor_pow2_ties", batch=8, fin=8, fout=8, per_channel=False,
                pow2=(6, -7, 7, 11, 4), near_radius=1))
    w(t.fc_case("fc_per_channel_pow2_ties_relu", batch=4, fin=8, fout=6, per_channel=True,
                act="relu", pow2=(6, -32, 7, 9, -20), near_radius=3))
    w(t.fc_case("fc_per_tensor_near_ties_decimal_multiplier", batch=4, fin=8, fout=6,
                per_channel=False, pow2=(6, 0, 7, None, None), out_override=(2.0 ** -13 / 0.1, 0),
                near_radius=3))
    # MAX_POOL_2D
    w(t.pool_case("maxpool_2x2_s2_valid", kind="max", hw=(8, 8), c=8))
    w(t.pool_case("maxpool_3x3_s2_same", kind="max", hw=(7, 7), c=5, k=(3, 3), padding="same"))
    w(t.pool_case("maxpool_3x3_s1_same_n2", kind="max", batch=2, hw=(5, 6), c=3, k=(3, 3),
                  stride=(1, 1), padding="same", in_range=(-2.0, 0.1)))
    # AVERAGE_POOL_2D
    w(t.pool_case("avgpool_3x3_s1_same", kind="avg", hw=(8, 8), c=8, k=(3, 3), stride=(1, 1),
                  padding="same", pow2=(7, -16)))
    w(t.pool_case("avgpool_3x3_s2_same", kind="avg", hw=(8, 8), c=5, k=(3, 3), stride=(2, 2),
                  padding="same"))
    w(t.pool_case("avgpool_2x2_s2_valid", kind="avg", hw=(8, 8), c=8, k=(2, 2), stride=(2, 2),
                  padding="valid", pow2=(6, 20)))
    w(t.pool_case("avgpool_4x4_s3_same", kind="avg", hw=(7, 8), c=3, k=(4, 4), stride=(3, 3),
                  padding="same", in_range=(-3.0, 1.0)))
    # MEAN over H, W, keep_dims
    w(t.mean_case("mean_hw_6x6x5", hw=(6, 6), c=5))
    w(t.mean_case("mean_hw_7x7x16_n2", batch=2, hw=(7, 7), c=16, in_range=(-2.5, 0.7)))
    w(t.mean_case("mean_hw_4x4x8_pow2", hw=(4, 4), c=8, pow2=(7, -20, None, 8, 5)))
    w(t.mean_case("mean_hw_4x4x8_same_params", batch=2, hw=(4, 4), c=8, same_params=True,
                  in_range=(-1.0, 2.0)))
    # ADD
    w(t.add_case("add_different_scales", shape=(1, 6, 6, 8)))
    w(t.add_case("add_pow2_ties", shape=(1, 4, 4, 8), pow2=True))
    w(t.add_case("add_n2_different_scales", shape=(2, 3, 5, 7), ranges=((-0.2, 4.0), (-1.0, 0.3))))
    prune("tflite", written)
    return t


# ----------------------------------------------------------------------------------------------
# ONNX Runtime
# ----------------------------------------------------------------------------------------------

class ORT:
    def __init__(self):
        import onnx
        import onnxruntime as ort
        from onnx import TensorProto, helper, numpy_helper
        self.onnx, self.ort, self.TP, self.helper, self.nh = onnx, ort, TensorProto, helper, numpy_helper
        self.source = f"onnxruntime {ort.__version__} (CPU)"
        self.versions = {"onnxruntime": ort.__version__, "onnx": onnx.__version__,
                         "numpy": np.__version__, "python": platform.python_version(),
                         "machine": platform.machine()}
        self.summary = []

    def run(self, node, feeds, outputs, opset, initializers=(), ms=False):
        h, TP = self.helper, self.TP
        types = {np.dtype(np.int8): TP.INT8, np.dtype(np.float32): TP.FLOAT,
                 np.dtype(np.int64): TP.INT64, np.dtype(np.int32): TP.INT32}
        inputs = [h.make_tensor_value_info(n, types[a.dtype], list(a.shape)) for n, a in feeds]
        outs = [h.make_tensor_value_info(n, t, None) for n, t in outputs]
        graph = h.make_graph([node], "g", inputs, outs, initializer=list(initializers))
        opsets = [h.make_opsetid("", opset)]
        if ms:
            opsets.append(h.make_opsetid("com.microsoft", 1))
        model = h.make_model(graph, opset_imports=opsets, producer_name=GENERATOR)
        model.ir_version = 10
        so = self.ort.SessionOptions()
        so.graph_optimization_level = self.ort.GraphOptimizationLevel.ORT_DISABLE_ALL
        so.intra_op_num_threads = 1
        so.inter_op_num_threads = 1
        so.log_severity_level = 3
        sess = self.ort.InferenceSession(model.SerializeToString(), so,
                                         providers=["CPUExecutionProvider"])
        return sess.run(None, dict(feeds))

    def init(self, name, arr):
        return self.nh.from_array(np.asarray(arr), name)

    def base_case(self, name, op, params):
        return {"format": FORMAT, "name": name, "op": op, "source": self.source,
                "generator": GENERATOR, "seed": SEED, "params": params}

    def finish(self, case, vectors, outs, refs, ties, notes, extra_vec=None, extra_check=None,
               model="DESIGN.md section 3 (Python model in Tools/gen_conformance.py)"):
        vecs = []
        for i, (x, y) in enumerate(zip(vectors, outs)):
            v = {"input": ints(x), "output": ints(y)}
            if extra_vec:
                v.update({k: ints(arrs[i]) for k, arrs in extra_vec})
            vecs.append(v)
        case["vectors"] = vecs
        differ, max_abs, of = compare(np.stack(outs), np.stack(refs))
        add_octet_reference(vecs, outs, refs, differ, notes)
        check = {"model": model, "differ": differ, "max_abs": max_abs, "of": of, "ties": int(ties)}
        if extra_check:
            check.update(extra_check)
        case["reference_check"] = check
        case["versions"] = self.versions
        case["notes"] = notes
        self.summary.append((case["name"], case["op"], len(vecs), differ, of, ties, None))
        return case

    # -- QLinearConv -------------------------------------------------------------------------------

    def conv_case(self, name, *, batch=1, hw=(8, 8), cin=8, cout=8, group=1, k=(3, 3), stride=(1, 1),
                  dil=(1, 1), pads=(1, 1, 1, 1), iq=(0.0123, -3), pow2=None, near_radius=6):
        """pads = [top, left, bottom, right] (ONNX order x1_begin, x2_begin, x1_end, x2_end).
        group == cin == (cout / multiplier): depthwise.  pow2 = (in_exp, in_zp, w_exp, out_exp, out_zp)."""
        rng = case_rng(name)
        notes = []
        depthwise = group > 1
        if depthwise and group != cin:
            raise SystemExit("only depthwise grouping (group == C) is supported")
        mult = cout // cin if depthwise else 1
        cpg = 1 if depthwise else cin
        # int8 weights OIHW, symmetric, each output channel reaching +-127
        lim = 20 if pow2 else 127  # pow2: small weights (plus one +-127 per channel) -> more ties
        w = rng.integers(-lim, lim + 1, size=(cout, cpg, k[0], k[1]))
        for c in range(cout):
            w.reshape(cout, -1)[c, rng.integers(w[0].size)] = 127 if rng.integers(2) else -127
        w = w.astype(np.int8)
        if pow2:
            s_in, z_in = 2.0 ** -pow2[0], pow2[1]
            s_w = np.full(cout, 2.0 ** -pow2[2], F32)
            s_out, z_out = 2.0 ** -pow2[3], pow2[4]
        else:
            s_in, z_in = f32(iq[0]), iq[1]
            s_w = (rng.uniform(0.002, 0.02, size=cout)).astype(F32)
        in_shape_nhwc = (batch, hw[0], hw[1], cin)
        bias = rng.integers(-3000, 3001, size=cout).astype(np.int32)
        vectors = standard_vectors(rng, in_shape_nhwc, z_in, near_radius, extra_near=1 if pow2 else 0)
        w_ohwi = np.ascontiguousarray(np.transpose(w, (0, 2, 3, 1)))  # OHWI
        w_layout = (np.ascontiguousarray(np.transpose(w, (1, 2, 3, 0))) if depthwise else w_ohwi)
        t, l, b, r = pads
        OH, OW, _ = resolve_padding(list(pads), hw, k, stride, dil)
        accs = [conv_acc(x, z_in, w_layout, bias, stride, dil, list(pads), (OH, OW),
                         depth_multiplier=mult if depthwise else None) for x in vectors]
        if not pow2:
            # output quantization covering the realistic vectors' real range (uniform vector)
            real = accs[0].astype(np.float64) * (f32(s_in) * s_w.astype(np.float64))
            lo_r, hi_r = float(np.percentile(real, 0.5)), float(np.percentile(real, 99.5))
            lo_r, hi_r = min(lo_r, 0.0), max(hi_r, 0.0)
            s_out = f32((hi_r - lo_r) / 255.0)
            z_out = int(np.clip(round_half_away(-128 - lo_r / s_out), -128, 127))
        node = self.helper.make_node(
            "QLinearConv", ["x", "x_scale", "x_zero_point", "w", "w_scale", "w_zero_point",
                            "y_scale", "y_zero_point", "B"], ["y"],
            kernel_shape=list(k), strides=list(stride), dilations=list(dil),
            pads=[t, l, b, r], group=group)
        inits = [self.init("x_scale", np.array(s_in, F32)), self.init("x_zero_point", np.array(z_in, np.int8)),
                 self.init("w", w), self.init("w_scale", s_w.astype(F32)),
                 self.init("w_zero_point", np.zeros(cout, np.int8)),
                 self.init("y_scale", np.array(s_out, F32)),
                 self.init("y_zero_point", np.array(z_out, np.int8)), self.init("B", bias)]
        outs = []
        for x in vectors:
            (y,) = self.run(node, [("x", to_nchw(x))], [("y", self.TP.INT8)], 13, inits)
            outs.append(to_nhwc(y))
        qm, sh = multipliers(s_in, s_w, s_out)
        refs, ties = [], 0
        for acc in accs:
            refs.append(requant_fixed(acc, qm, sh, z_out, -128, 127))
            ties += count_ties(acc, qm, sh)
        # ORT's requantization model: float32 scale product, round half to even
        sc = (F32(s_in) * s_w.astype(F32) / F32(s_out)).astype(F32)
        alt = [np.clip(np.rint((a.astype(F32) * sc).astype(F32)) + z_out, -128, 127).astype(I64)
               for a in accs]
        a_cmp = compare(np.stack(outs), np.stack(alt))
        notes.append(f"ORT's output differs from float32(s_in * s_w[c] / s_out) * acc rounded half to "
                     f"even (+ zp, clamp) in {a_cmp[0]} elements: ORT requantizes in float32, so it "
                     f"can differ from DESIGN.md's fixed-point rule by 1 at (near-)ties")
        notes.append("ORT QLinearConv, X int8 + W int8 (per-channel w_scale, w_zero_point 0) + "
                     "int32 bias; run NCHW/OIHW, written NHWC/OHWI" +
                     ("; group == C (depthwise), filter written 1HW(C*M)" if depthwise else ""))
        if pow2:
            notes.append(f"power-of-two scales (input 2^-{pow2[0]}, filter 2^-{pow2[2]}, output "
                         f"2^-{pow2[3]}): exact .5 ties, where ORT (half to even) and DESIGN.md "
                         f"(TFLite double rounding) may differ by 1")
        params = {"filter": list(k), "stride": list(stride), "dilation": list(dil),
                  "padding": [t, l, b, r], "activation": "none"}
        if depthwise:
            params["depth_multiplier"] = mult
        case = self.base_case(name, "depthwise_conv2d" if depthwise else "conv2d", params)
        case["input"] = qdict(in_shape_nhwc, s_in, z_in)
        case["filter"] = {"shape": [int(v) for v in w_layout.shape], "scales": [f32(s) for s in s_w],
                          "data": ints(w_layout)}
        case["bias"] = {"data": ints(bias)}
        case["output"] = qdict(outs[0].shape, s_out, z_out)
        extra = {"alternatives": {"float32_scale_round_half_even": {"differ": a_cmp[0],
                                                                    "max_abs": a_cmp[1]}}}
        return self.finish(case, vectors, outs, refs, ties, notes, extra_check=extra)

    # -- QLinearAveragePool / QLinearGlobalAveragePool ---------------------------------------------

    def avg_case(self, name, *, batch=1, hw=(8, 8), c=8, k=(3, 3), stride=(1, 1), pads=(1, 1, 1, 1),
                 iq=(0.05, -3), oq=None):
        rng = case_rng(name)
        notes = []
        oq = iq if oq is None else oq
        in_shape = (batch, hw[0], hw[1], c)
        vectors = standard_vectors(rng, in_shape, iq[1], 20)
        vectors.append(rng.choice(np.array([-128, -127, 126, 127]), size=in_shape).astype(np.int8))
        t, l, b, r = pads
        node = self.helper.make_node("QLinearAveragePool", ["x", "x_scale", "x_zero_point", "y_scale",
                                                            "y_zero_point"], ["y"], domain="com.microsoft",
                                     kernel_shape=list(k), strides=list(stride), pads=[t, l, b, r],
                                     count_include_pad=0, channels_last=0)
        inits = [self.init("x_scale", np.array(iq[0], F32)), self.init("x_zero_point", np.array(iq[1], np.int8)),
                 self.init("y_scale", np.array(oq[0], F32)), self.init("y_zero_point", np.array(oq[1], np.int8))]
        outs = [to_nhwc(self.run(node, [("x", to_nchw(x))], [("y", self.TP.INT8)], 13, inits, ms=True)[0])
                for x in vectors]
        OH, OW, _ = resolve_padding(list(pads), hw, k, stride, (1, 1))
        same = f32(iq[0]) == f32(oq[0]) and iq[1] == oq[1]
        refs, ties = [], 0
        for x in vectors:
            if same:
                rr, tt = ref_avg_pool_same_params(x, k, stride, list(pads), OH, OW)
            else:
                rr, tt = ref_avg_pool_requant(x, k, stride, list(pads), OH, OW, iq, oq)
            refs.append(rr)
            ties += tt
        notes.append("com.microsoft QLinearAveragePool, count_include_pad=0, NCHW (channels_last=0); "
                     "ORT dequantizes, averages in float32 and rounds half to even: exact .5 ties may "
                     "differ by 1 from DESIGN.md (TFLite rounding, ties away from zero)")
        counts = sorted({len(v) for v in pool_windows(hw[0], hw[1], k, stride, list(pads), OH, OW).values()})
        notes.append(f"valid-cell counts per window: {counts}")
        case = self.base_case(name, "avg_pool2d", {"filter": list(k), "stride": list(stride),
                                                   "dilation": [1, 1], "padding": [t, l, b, r],
                                                   "activation": "none", "count_include_pad": False})
        case["input"] = qdict(in_shape, *iq)
        case["output"] = qdict(outs[0].shape, *oq)
        return self.finish(case, vectors, outs, refs, ties, notes)

    def gavg_case(self, name, *, batch=1, hw=(8, 8), c=8, iq=(0.05, -3), oq=None):
        rng = case_rng(name)
        notes = []
        oq = iq if oq is None else oq
        in_shape = (batch, hw[0], hw[1], c)
        vectors = standard_vectors(rng, in_shape, iq[1], 20, extra_near=1)
        node = self.helper.make_node("QLinearGlobalAveragePool", ["x", "x_scale", "x_zero_point", "y_scale",
                                                                  "y_zero_point"], ["y"],
                                     domain="com.microsoft", channels_last=0)
        inits = [self.init("x_scale", np.array(iq[0], F32)), self.init("x_zero_point", np.array(iq[1], np.int8)),
                 self.init("y_scale", np.array(oq[0], F32)), self.init("y_zero_point", np.array(oq[1], np.int8))]
        outs = [to_nhwc(self.run(node, [("x", to_nchw(x))], [("y", self.TP.INT8)], 13, inits, ms=True)[0])
                for x in vectors]
        refs, ties = [], 0
        for x in vectors:
            rr, tt = ref_global_avg(x, iq, oq)
            refs.append(rr)
            ties += tt
        notes.append("com.microsoft QLinearGlobalAveragePool, NCHW (channels_last=0): exact integer "
                     "sum, one float32 multiply, round half to even; ties may differ by 1 from DESIGN.md")
        case = self.base_case(name, "global_avg_pool2d", {"axes": [1, 2], "keep_dims": True})
        case["input"] = qdict(in_shape, *iq)
        case["output"] = qdict(outs[0].shape, *oq)
        return self.finish(case, vectors, outs, refs, ties, notes)

    # -- MaxPool with Indices ----------------------------------------------------------------------

    def maxpool_case(self, name, *, batch=1, hw=(8, 8), c=8, k=(2, 2), stride=(2, 2),
                     pads=(0, 0, 0, 0), iq=(0.05, -3), fill=None):
        rng = case_rng(name)
        notes = []
        in_shape = (batch, hw[0], hw[1], c)
        vectors = [vec_uniform(rng, in_shape), vec_extremes(rng, in_shape),
                   rng.choice(np.array([-128, -5, 0, 7, 127]), size=in_shape).astype(np.int8)]
        if fill is not None:
            vectors.append(fill(rng, in_shape).astype(np.int8))
        t, l, b, r = pads
        node = self.helper.make_node("MaxPool", ["x"], ["y", "indices"], kernel_shape=list(k),
                                     strides=list(stride), pads=[t, l, b, r])
        outs, idxs = [], []
        OH, OW, _ = resolve_padding(list(pads), hw, k, stride, (1, 1))
        refs, ref_ix = [], []
        plane = hw[0] * hw[1]
        nc = (np.arange(batch)[:, None] * c + np.arange(c)[None, :]).reshape(batch, c, 1, 1)
        for x in vectors:
            y, ind = self.run(node, [("x", to_nchw(x))], [("y", self.TP.INT8), ("indices", self.TP.INT64)], 12)
            if not np.all(ind // plane == nc):
                raise SystemExit(f"{name}: ORT index outside its (n, c) plane")
            outs.append(to_nhwc(y))
            idxs.append(to_nhwc(ind % plane))
            ry, rix = ref_max_pool(x, k, stride, list(pads), OH, OW)
            refs.append(ry)
            ref_ix.append(rix)
        idx_differ = int((np.stack(idxs) != np.stack(ref_ix)).sum())
        notes.append("ai.onnx MaxPool-12 on int8 with the Indices output (storage_order 0); ORT's flat "
                     "NCHW indices converted to per-(n, c)-plane h*W + w (after checking the plane)")
        if idx_differ:
            notes.append(f"{idx_differ} ORT indices differ from DESIGN.md's first-maximum rule")
        case = self.base_case(name, "max_pool2d", {"filter": list(k), "stride": list(stride),
                                                   "dilation": [1, 1], "padding": [t, l, b, r],
                                                   "activation": "none"})
        case["input"] = qdict(in_shape, *iq)
        case["output"] = qdict(outs[0].shape, *iq)
        return self.finish(case, vectors, outs, refs, 0, notes, extra_vec=[("indices", idxs)],
                           extra_check={"indices_differ": idx_differ})


def gen_ort():
    o = ORT()
    print(f"ORT: {o.source}")
    written = set()
    w = lambda c: write_case("ort", c, written)  # noqa: E731
    w(o.conv_case("qlinearconv_3x3_s1_p1", hw=(8, 8), cin=8, cout=8))
    w(o.conv_case("qlinearconv_3x3_s2_pads0011_n2", batch=2, hw=(8, 8), cin=5, cout=6, stride=(2, 2),
                  pads=(0, 0, 1, 1), iq=(0.031, 17)))
    w(o.conv_case("qlinearconv_1x1", hw=(6, 6), cin=16, cout=7, k=(1, 1), pads=(0, 0, 0, 0),
                  iq=(0.0078, -128)))
    w(o.conv_case("qlinearconv_3x3_d2_p2", hw=(9, 9), cin=3, cout=4, dil=(2, 2), pads=(2, 2, 2, 2),
                  iq=(0.02, 5)))
    w(o.conv_case("qlinearconv_3x3_pow2_ties", hw=(8, 8), cin=4, cout=8, pow2=(7, -64, 7, 10, 3),
                  near_radius=3))
    w(o.conv_case("qlinearconv_depthwise_3x3_m1", hw=(8, 8), cin=8, cout=8, group=8, iq=(0.04, 9)))
    w(o.conv_case("qlinearconv_depthwise_3x3_m2_s2", hw=(7, 7), cin=3, cout=6, group=3, stride=(2, 2),
                  iq=(0.015, -20)))
    w(o.avg_case("qlinearavgpool_3x3_s1_p1_same_params", hw=(8, 8), c=8, iq=(0.0078125, -16)))
    w(o.avg_case("qlinearavgpool_3x3_s2_p1_requant", hw=(7, 7), c=5, stride=(2, 2),
                 iq=(0.05, -3), oq=(0.03, 10)))
    w(o.avg_case("qlinearavgpool_2x2_s2_p0_pow2", hw=(8, 8), c=8, k=(2, 2), stride=(2, 2),
                 pads=(0, 0, 0, 0), iq=(0.015625, 20), oq=(0.0078125, 0)))
    w(o.gavg_case("qlinearglobalavgpool_same_params", hw=(4, 4), c=8, iq=(0.05, -3)))
    w(o.gavg_case("qlinearglobalavgpool_requant", hw=(7, 7), c=8, iq=(0.05, -3), oq=(0.011, 7)))
    w(o.gavg_case("qlinearglobalavgpool_pow2_n2", batch=2, hw=(4, 4), c=5, iq=(0.0078125, 12),
                  oq=(0.00390625, -5)))

    def neg128_region(rng, shape):
        x = rng.integers(-120, 128, size=shape)
        x[:, :3, :3, :] = -128
        return x

    w(o.maxpool_case("maxpool_2x2_s2", hw=(8, 8), c=8))
    w(o.maxpool_case("maxpool_3x3_s2_p1_n2", batch=2, hw=(7, 7), c=5, k=(3, 3), pads=(1, 1, 1, 1),
                     fill=neg128_region))
    w(o.maxpool_case("maxpool_3x3_s1_pads0110", hw=(6, 7), c=3, k=(3, 3), stride=(1, 1),
                     pads=(0, 1, 1, 0)))
    prune("ort", written)
    return o


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--only", choices=["tflite", "ort"], help="regenerate one runtime's files only")
    args = ap.parse_args()
    runners = []
    if args.only in (None, "ort"):
        runners.append(gen_ort())
    if args.only in (None, "tflite"):
        runners.append(gen_tflite())
    print("\nsummary (name, op, vectors, differ/of vs DESIGN.md model, exact ties, optimized==ref):")
    for r in runners:
        for row in r.summary:
            print("  ", row)
    return 0


if __name__ == "__main__":
    sys.exit(main())
