#!/usr/bin/env python3
"""Train Octet's demo model and write it with its data to Tools/octet/Demo/.

    python3 Tools/make-demo-model.py            # run from anywhere; paths are relative to this file

Needs Python 3.9+ with torch 2.x (CPU), onnx, onnxruntime, numpy, scikit-learn (generated with the
versions stamped in Tools/octet/Demo/demo-manifest.json).  The outputs are checked in; Swift never
runs this script.  The run is deterministic: fixed seeds, one thread, torch's deterministic
algorithms, full-batch-order from a seeded generator; running it twice gives byte-identical files.

Data: scikit-learn's bundled digits dataset (sklearn.datasets.load_digits, 1797 samples, 8x8,
integer pixels 0..16) -- the test part of the UCI "Optical Recognition of Handwritten Digits" data
set, shipped with scikit-learn (BSD-3-Clause).  Preprocessing: x / 16 -> [0, 1] float32, then
bilinear upsampling 8x8 -> 16x16 with torch.nn.functional.interpolate(mode="bilinear",
align_corners=False) (half-pixel centres, edge clamped); the result stays in [0, 1].

Split (numpy default_rng(SPLIT_SEED).permutation of the 1797 indices): first 400 -> test, next 200
-> calibration, remaining 1197 -> train.

Model (NCHW, input "input" [batch, 1, 16, 16] float32, output "logits" [batch, 10]):
    Conv(1->8, 3x3, pad 1) + BatchNorm + ReLU, MaxPool 2x2,
    Conv(8->16, 3x3, pad 1) + ReLU, AvgPool 2x2,
    Conv(16->32, 3x3, pad 1) + ReLU, GlobalAveragePool, Flatten, Gemm(32->10)
BatchNormalization stays a separate node (export with training=PRESERVE on the eval-mode model, so
the exporter does not fold it): Octet's importer folds it into the conv.
Exported with torch.onnx.export (TorchScript exporter, opset 13, ir_version forced to 8, dynamic
dimension "batch"), checked with onnx.checker and against ONNX Runtime (|ORT - torch| <= 1e-5 * max(1, |logit|)).
"""

import hashlib
import json
import os
import platform
import sys
import warnings

import numpy as np
import onnx
import onnxruntime as ort
import sklearn
import torch
import torch.nn as nn
import torch.nn.functional as F
from sklearn.datasets import load_digits

TORCH_SEED = 20240611
SPLIT_SEED = 1797
N_TEST = 400
N_CAL = 200
EPOCHS = 30
BATCH = 64
LR = 0.01
OPSET = 13
IR_VERSION = 8

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "octet", "Demo")

README_TEMPLATE = """# Octet demo model: handwritten digits, 16x16 CNN

Written by `Tools/make-demo-model.py` (do not edit by hand; this file is generated too). Regenerate:

```sh
pip install torch onnx onnxruntime numpy scikit-learn   # versions below
python3 Tools/make-demo-model.py
```

The run is deterministic (fixed seeds, one CPU thread, `torch.use_deterministic_algorithms(True)`):
running it twice gives byte-identical files. Another torch/CPU build may train to different weights.

## Files

| file | content |
| --- | --- |
| `digits-cnn.onnx` | float32 model, opset {opset}, ir_version {ir}; input `input` [batch, 1, 16, 16] NCHW, output `logits` [batch, 10] (dynamic dimension `batch`) |
| `calibration.npy` | float32 [{ncal}, 1, 16, 16], calibration split |
| `test.npy` | float32 [{ntest}, 1, 16, 16], test split |
| `test-labels.npy` | int64 [{ntest}], digit 0..9 of each test image |
| `test-logits-ort.npy` | float32 [{ntest}, 10], ONNX Runtime {ortv} CPU (1 thread) logits of `test.npy` |
| `demo-manifest.json` | names of the above, accuracies, seeds, versions (machine-readable) |

All `.npy` files are NPY 1.0, C order, little-endian (`numpy.save`).

## Data and license

scikit-learn's bundled digits dataset (`sklearn.datasets.load_digits`): 1797 grayscale 8x8 images
of handwritten digits, integer pixels 0..16. It is the test set of the UCI Machine Learning
Repository's "Optical Recognition of Handwritten Digits" data set (E. Alpaydin, C. Kaynak, 1998),
distributed with scikit-learn under scikit-learn's BSD-3-Clause license.

Preprocessing (done in the script, not in the model): pixels / 16 -> float32 in [0, 1]; then
bilinear upsampling 8x8 -> 16x16 with `torch.nn.functional.interpolate(mode="bilinear",
align_corners=False)` (half-pixel centres, edges clamped; values stay in [0, 1]).

Split: `numpy.random.default_rng({split_seed}).permutation(1797)`; the first {ntest} indices are the
test split, the next {ncal} the calibration split, the remaining {ntrain} the training split.

## Model

```
input [batch,1,16,16]
Conv 1->8 3x3 pad 1 -> BatchNormalization -> Relu -> MaxPool 2x2 s2      [batch, 8, 8, 8]
Conv 8->16 3x3 pad 1 -> Relu -> AveragePool 2x2 s2                        [batch,16, 4, 4]
Conv 16->32 3x3 pad 1 -> Relu -> GlobalAveragePool -> Flatten             [batch,32]
Gemm 32->10 (transB=1)                                                    logits [batch,10]
```

ONNX nodes: {ops}. The BatchNormalization after the first conv is kept as its own node (exported
with `training=PRESERVE` from the eval-mode model, so torch does not fold it); Octet's importer folds
it into the conv. Parameters: {nparams} float32.

Training: {epochs} epochs, Adam lr {lr}, batch {batch}, cross-entropy, torch seed {torch_seed}
(weights and batch order), CPU, one thread.

## Figures (float32, test split of {ntest})

| runtime | accuracy |
| --- | --- |
| PyTorch {torchv} | {acc_torch:.2%} |
| ONNX Runtime {ortv} | {acc_ort:.2%} |

max |ORT - torch| over the test logits: {diff:.3g} (largest |logit| {amax:.3g}; checked
<= 1e-5 * max(1, |logit|)). `onnx.checker.check_model(full_check=True)` passes.

Versions: Python {pyv}, torch {torchv}, onnx {onnxv}, onnxruntime {ortv}, numpy {npv},
scikit-learn {skv}; {machine}.
"""


class DigitsCNN(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 8, 3, padding=1)
        self.bn1 = nn.BatchNorm2d(8)
        self.conv2 = nn.Conv2d(8, 16, 3, padding=1)
        self.conv3 = nn.Conv2d(16, 32, 3, padding=1)
        self.fc = nn.Linear(32, 10)

    def forward(self, x):
        x = F.relu(self.bn1(self.conv1(x)))
        x = F.max_pool2d(x, 2)
        x = F.relu(self.conv2(x))
        x = F.avg_pool2d(x, 2)
        x = F.relu(self.conv3(x))
        x = F.adaptive_avg_pool2d(x, 1)   # exported as GlobalAveragePool
        x = torch.flatten(x, 1)           # exported as Flatten
        return self.fc(x)                 # exported as Gemm (transB=1)


def load_data():
    d = load_digits()
    x = torch.from_numpy((d.images.astype(np.float32) / np.float32(16.0)).reshape(-1, 1, 8, 8))
    x = F.interpolate(x, size=(16, 16), mode="bilinear", align_corners=False).numpy()
    x = np.ascontiguousarray(x, dtype=np.float32)
    y = d.target.astype(np.int64)
    perm = np.random.default_rng(SPLIT_SEED).permutation(len(y))
    te, ca, tr = perm[:N_TEST], perm[N_TEST:N_TEST + N_CAL], perm[N_TEST + N_CAL:]
    return (x[tr], y[tr]), (x[ca], y[ca]), (x[te], y[te])


def accuracy(logits, labels):
    return float((np.argmax(logits, axis=1) == labels).mean())


def main():
    torch.manual_seed(TORCH_SEED)
    np.random.seed(TORCH_SEED)
    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)

    (xtr, ytr), (xca, yca), (xte, yte) = load_data()
    model = DigitsCNN()
    opt = torch.optim.Adam(model.parameters(), lr=LR)
    gen = torch.Generator().manual_seed(TORCH_SEED)
    xt, yt = torch.from_numpy(xtr), torch.from_numpy(ytr)
    for epoch in range(EPOCHS):
        model.train()
        order = torch.randperm(len(yt), generator=gen)
        total = 0.0
        for i in range(0, len(order), BATCH):
            idx = order[i:i + BATCH]
            opt.zero_grad()
            loss = F.cross_entropy(model(xt[idx]), yt[idx])
            loss.backward()
            opt.step()
            total += float(loss) * len(idx)
        print(f"epoch {epoch + 1:2d}  loss {total / len(yt):.4f}")

    model.eval()
    with torch.no_grad():
        torch_logits = model(torch.from_numpy(xte)).numpy()
        torch_cal = model(torch.from_numpy(xca)).numpy()
    acc_torch = accuracy(torch_logits, yte)
    print(f"torch test accuracy {acc_torch:.4f}  (calibration split {accuracy(torch_cal, yca):.4f})")

    os.makedirs(OUT, exist_ok=True)
    onnx_path = os.path.join(OUT, "digits-cnn.onnx")
    warnings.filterwarnings("ignore", message=".*legacy TorchScript-based ONNX export.*")
    warnings.filterwarnings("ignore", message=".*constant folding be turned off.*")  # model is in eval mode
    torch.onnx.export(model, (torch.from_numpy(xte[:1]),), onnx_path, dynamo=False,
                      opset_version=OPSET, input_names=["input"], output_names=["logits"],
                      dynamic_axes={"input": {0: "batch"}, "logits": {0: "batch"}},
                      do_constant_folding=True, training=torch.onnx.TrainingMode.PRESERVE)
    m = onnx.load(onnx_path)
    m.ir_version = IR_VERSION
    m.producer_name = "Tools/make-demo-model.py (torch.onnx.export)"
    m.doc_string = "Octet demo model: digits 16x16 CNN; see Tools/octet/Demo/README.md"
    onnx.checker.check_model(m, full_check=True)
    onnx.save(m, onnx_path)
    ops = [n.op_type for n in m.graph.node]
    print("ops:", ops)

    so = ort.SessionOptions()
    so.intra_op_num_threads = 1
    so.inter_op_num_threads = 1
    sess = ort.InferenceSession(onnx_path, so, providers=["CPUExecutionProvider"])
    ort_logits = sess.run(["logits"], {"input": xte})[0].astype(np.float32)
    diff = float(np.abs(ort_logits - torch_logits).max())
    amax = float(np.abs(torch_logits).max())
    print(f"max |ORT - torch| = {diff:.3g}  (max |logit| {amax:.3g})")
    # 1e-5, absolute for |logit| <= 1 and relative above (a few float32 ulps at |logit| ~ 20)
    assert np.all(np.abs(ort_logits - torch_logits) <= 1e-5 * np.maximum(1.0, np.abs(torch_logits))), diff
    # batch 1 and batch 7 give the same rows (dynamic batch works)
    for b in (1, 7):
        part = sess.run(["logits"], {"input": xte[:b]})[0]
        assert np.abs(part - ort_logits[:b]).max() <= 1e-5
    acc_ort = accuracy(ort_logits, yte)
    print(f"ORT test accuracy {acc_ort:.4f}")
    assert acc_torch > 0.90 and acc_ort > 0.90

    np.save(os.path.join(OUT, "calibration.npy"), xca)
    np.save(os.path.join(OUT, "test.npy"), xte)
    np.save(os.path.join(OUT, "test-labels.npy"), yte)
    np.save(os.path.join(OUT, "test-logits-ort.npy"), ort_logits)

    versions = {"python": platform.python_version(), "torch": torch.__version__,
                "onnx": onnx.__version__, "onnxruntime": ort.__version__,
                "numpy": np.__version__, "scikit-learn": sklearn.__version__}
    manifest = {
        "model": "digits-cnn.onnx", "input": "input", "output": "logits",
        "input_shape": ["batch", 1, 16, 16], "output_shape": ["batch", 10],
        "calibration": "calibration.npy", "test": "test.npy", "labels": "test-labels.npy",
        "reference_logits_ort": "test-logits-ort.npy",
        "n_train": int(len(ytr)), "n_calibration": int(len(yca)), "n_test": int(len(yte)),
        "float_accuracy_torch": round(acc_torch, 6), "float_accuracy_ort": round(acc_ort, 6),
        "max_abs_diff_ort_vs_torch": float(f"{diff:.3g}"), "max_abs_logit": float(f"{amax:.4g}"),
        "opset": OPSET, "ir_version": IR_VERSION, "ops": ops,
        "generator": "Tools/make-demo-model.py", "versions": versions,
        "seeds": {"torch": TORCH_SEED, "numpy": TORCH_SEED, "split": SPLIT_SEED},
        "training": {"epochs": EPOCHS, "batch": BATCH, "optimizer": "Adam", "lr": LR},
    }
    with open(os.path.join(OUT, "demo-manifest.json"), "w") as f:
        json.dump(manifest, f, indent=2)
        f.write("\n")
    with open(os.path.join(OUT, "README.md"), "w") as f:
        f.write(README_TEMPLATE.format(
            opset=OPSET, ir=IR_VERSION, ncal=len(yca), ntest=len(yte), ntrain=len(ytr),
            split_seed=SPLIT_SEED, ops=", ".join(ops), epochs=EPOCHS, lr=LR, batch=BATCH,
            torch_seed=TORCH_SEED, acc_torch=acc_torch, acc_ort=acc_ort, diff=diff, amax=amax,
            nparams=sum(p.numel() for p in model.parameters()),
            pyv=versions["python"], torchv=versions["torch"], onnxv=versions["onnx"],
            ortv=versions["onnxruntime"], npv=versions["numpy"], skv=versions["scikit-learn"],
            machine=f"{platform.machine()} CPU"))
    for name in sorted(os.listdir(OUT)):
        p = os.path.join(OUT, name)
        with open(p, "rb") as f:
            print(f"{os.path.getsize(p):8d}  {hashlib.sha256(f.read()).hexdigest()[:16]}  {name}")


if __name__ == "__main__":
    main()
