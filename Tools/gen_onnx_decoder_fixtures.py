#!/usr/bin/env python3
"""Generate the ONNX-decoder and NPY fixtures (Tests/Fixtures/onnx-decoder/, Tests/Fixtures/npy/).

Run from anywhere (paths are resolved relative to this file):

    python3 Tools/gen_onnx_decoder_fixtures.py

Needs Python 3.9+ with onnx 1.23.2 (only onnx.helper / numpy_helper / external_data_helper) and
numpy 2.x (generated with 2.4.6). The outputs are checked in; the Swift tests read them and never
run this script. The expected JSON files are what *python's* onnx / numpy read back from the
written files, so the Swift decoders are checked against an independent reader.

onnx-decoder/
    decoder_fixture.onnx  every supported attribute type (+ graph, type-proto and tensor-list
                          attributes, which Octet reports as unsupported), initializers in
                          raw_data, float_data, int32_data (int8/uint8/int16/int32/bool),
                          int64_data, double_data, a scalar and an empty tensor, value_info with
                          dim_value / dim_param / unknown dims, a scalar and a shapeless entry,
                          two opset imports
    external_data.onnx    one initializer with data_location = EXTERNAL (the data file is absent)
    expected.json         python's view of both files
npy/
    *.npy                 written by numpy.lib.format (versions 1.0 and 2.0)
    expected.json         shape, dtype and values of each, or the error Octet must report
"""
import json
import os

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ONNX_DIR = os.path.join(ROOT, "Tests", "Fixtures", "onnx-decoder")
NPY_DIR = os.path.join(ROOT, "Tests", "Fixtures", "npy")
STAMP = {
    "generator": "Tools/gen_onnx_decoder_fixtures.py",
    "onnx": onnx.__version__,
    "numpy": np.__version__,
}


def decoder_fixture():
    rng = np.random.default_rng(20240611)
    w = rng.standard_normal((8, 3, 3, 3)).astype(np.float32)
    inits = [
        numpy_helper.from_array(w, "W"),  # raw_data
        helper.make_tensor("B", TensorProto.FLOAT, [8], rng.standard_normal(8).astype(np.float32).tolist()),
        helper.make_tensor("shape", TensorProto.INT64, [2], [-1, 8]),
        helper.make_tensor("q8", TensorProto.INT8, [2, 2], [-128, -1, 0, 127]),
        numpy_helper.from_array(np.array([0, 7, 255], dtype=np.uint8), "u8"),  # raw_data
        helper.make_tensor("i32", TensorProto.INT32, [2], [-2147483648, 2147483647]),
        helper.make_tensor("i16", TensorProto.INT16, [3], [-32768, 5, 32767]),
        helper.make_tensor("d", TensorProto.DOUBLE, [2], [0.1, -1e300]),
        helper.make_tensor("flag", TensorProto.BOOL, [], [True]),
        numpy_helper.from_array(np.array([1, -2, 3], dtype=np.int64), "i64raw"),  # raw_data
        helper.make_tensor("empty", TensorProto.FLOAT, [0, 3], []),
    ]
    then_graph = helper.make_graph(
        [helper.make_node("Identity", ["x"], ["z"])], "then_branch",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1])],
        [helper.make_tensor_value_info("z", TensorProto.FLOAT, [1])])
    nodes = [
        helper.make_node("Conv", ["x", "W", "B"], ["h"], name="conv0", kernel_shape=[3, 3], pads=[1, 1, 1, 1],
                         strides=[1, 1], group=1, auto_pad="NOTSET"),
        helper.make_node("Relu", ["h"], ["r"], name="relu0"),
        helper.make_node(
            "EveryAttribute", ["r", "", "q8"], ["e0", "e1"], name="every", domain="octet.test",
            f=0.25, i=-7, s="héllo", t=helper.make_tensor("attr_t", TensorProto.FLOAT, [2], [1.5, -2.5]),
            floats=[1.0, -0.5, 3.25], ints=[3, -4, 1 << 40], strings=["a", "bc", ""], g=then_graph,
            tensors=[helper.make_tensor("t0", TensorProto.INT64, [1], [9])],
            tp=helper.make_tensor_type_proto(TensorProto.FLOAT, [2])),
        helper.make_node("Reshape", ["r", "shape"], ["y"], name="reshape0"),
    ]
    inputs = [
        helper.make_tensor_value_info("x", TensorProto.FLOAT, ["N", 3, 4, 4]),
        helper.make_tensor_value_info("mask", TensorProto.BOOL, [None, 2]),
    ]
    outputs = [helper.make_tensor_value_info("y", TensorProto.FLOAT, ["N", 128])]
    value_info = [
        helper.make_tensor_value_info("h", TensorProto.FLOAT, ["N", 8, 4, 4]),
        helper.make_tensor_value_info("s", TensorProto.INT64, []),
        helper.make_tensor_value_info("noshape", TensorProto.FLOAT, None),
    ]
    graph = helper.make_graph(nodes, "decoder_fixture", inputs, outputs, inits, value_info=value_info)
    return helper.make_model(graph, producer_name="octet-fixtures", ir_version=8,
                             opset_imports=[helper.make_opsetid("", 17), helper.make_opsetid("octet.test", 1)])


def external_fixture():
    t = numpy_helper.from_array(np.ones((2, 2), dtype=np.float32), "W_ext")
    onnx.external_data_helper.set_external_data(t, location="weights.bin", offset=0, length=16)
    t.data_location = TensorProto.EXTERNAL
    t.ClearField("raw_data")
    graph = helper.make_graph(
        [helper.make_node("Add", ["x", "W_ext"], ["y"])], "external",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [2, 2])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [2, 2])], [t])
    return helper.make_model(graph, producer_name="octet-fixtures", opset_imports=[helper.make_opsetid("", 17)])


def storage(t):
    for field in ("raw_data", "float_data", "int32_data", "int64_data", "double_data"):
        if (field == "raw_data" and t.HasField("raw_data")) or (field != "raw_data" and len(getattr(t, field))):
            return field
    return "none"


def tensor_json(t):
    a = numpy_helper.to_array(t)
    values = a.flatten().tolist()
    if a.dtype == np.bool_:
        values = [bool(v) for v in values]
    return {"name": t.name, "dims": list(t.dims), "data_type": t.data_type, "storage": storage(t), "values": values}


def attribute_json(a):
    out = {"name": a.name, "type": a.type}
    v = helper.get_attribute_value(a)
    if a.type == onnx.AttributeProto.FLOAT:
        out["float"] = v
    elif a.type == onnx.AttributeProto.INT:
        out["int"] = v
    elif a.type == onnx.AttributeProto.STRING:
        out["string"] = v.decode("utf-8")
    elif a.type == onnx.AttributeProto.TENSOR:
        out["tensor"] = tensor_json(v)
    elif a.type == onnx.AttributeProto.FLOATS:
        out["floats"] = list(v)
    elif a.type == onnx.AttributeProto.INTS:
        out["ints"] = list(v)
    elif a.type == onnx.AttributeProto.STRINGS:
        out["strings"] = [s.decode("utf-8") for s in v]
    return out


def value_info_json(v):
    out = {"name": v.name, "elem_type": None, "shape": None}
    if v.type.HasField("tensor_type"):
        tt = v.type.tensor_type
        out["elem_type"] = tt.elem_type
        if tt.HasField("shape"):
            dims = []
            for d in tt.shape.dim:
                kind = d.WhichOneof("value")
                dims.append({"value": d.dim_value} if kind == "dim_value" else {"param": d.dim_param} if kind == "dim_param" else {})
            out["shape"] = dims
    return out


def model_json(path):
    m = onnx.load(path, load_external_data=False)
    g = m.graph
    return {
        "ir_version": m.ir_version,
        "producer_name": m.producer_name,
        "opset_imports": [{"domain": o.domain, "version": o.version} for o in m.opset_import],
        "graph_name": g.name,
        "nodes": [{"name": n.name, "op_type": n.op_type, "domain": n.domain, "inputs": list(n.input),
                   "outputs": list(n.output), "attributes": [attribute_json(a) for a in n.attribute]} for n in g.node],
        "initializers": [tensor_json(t) for t in g.initializer],
        "inputs": [value_info_json(v) for v in g.input],
        "outputs": [value_info_json(v) for v in g.output],
        "value_info": [value_info_json(v) for v in g.value_info],
    }


def write_onnx():
    os.makedirs(ONNX_DIR, exist_ok=True)
    main = os.path.join(ONNX_DIR, "decoder_fixture.onnx")
    onnx.save(decoder_fixture(), main)
    onnx.save(external_fixture(), os.path.join(ONNX_DIR, "external_data.onnx"))
    expected = dict(STAMP)
    expected["decoder_fixture.onnx"] = model_json(main)
    expected["external_data.onnx"] = {"error": "externalData", "tensor": "W_ext"}
    with open(os.path.join(ONNX_DIR, "expected.json"), "w") as f:
        json.dump(expected, f, indent=1, ensure_ascii=False)
        f.write("\n")


def write_npy():
    os.makedirs(NPY_DIR, exist_ok=True)
    rng = np.random.default_rng(7)
    arrays = {
        "f32_3d_v1.npy": (rng.standard_normal((2, 3, 4)).astype(np.float32), (1, 0)),
        "f32_1d_v2.npy": (rng.standard_normal(5).astype(np.float32), (2, 0)),
        "f64_scalar.npy": (np.array(3.141592653589793, dtype=np.float64), (1, 0)),
        "i64_1d.npy": (np.array([-(1 << 62), -1, 0, 1 << 40], dtype=np.int64), (1, 0)),
        "i32_2d.npy": (np.arange(-3, 3, dtype=np.int32).reshape(2, 3), (1, 0)),
        "u8_2d.npy": (np.array([[0, 1, 255], [128, 7, 9]], dtype=np.uint8), (1, 0)),
        "i8_1d.npy": (np.array([-128, -1, 0, 127], dtype=np.int8), (1, 0)),
        "empty_f32.npy": (np.zeros((0, 3), dtype=np.float32), (1, 0)),
    }
    errors = {
        "bool.npy": (np.array([True, False]), "unsupportedDType"),
        "fortran.npy": (np.asfortranarray(np.arange(6, dtype=np.float32).reshape(2, 3)), "fortranOrder"),
        "big_endian.npy": (np.arange(3, dtype=">f4"), "bigEndian"),
    }
    expected = dict(STAMP)
    for name, (a, version) in arrays.items():
        with open(os.path.join(NPY_DIR, name), "wb") as f:
            np.lib.format.write_array(f, a, version=version)
        b = np.load(os.path.join(NPY_DIR, name))
        expected[name] = {"descr": np.lib.format.dtype_to_descr(b.dtype), "shape": list(b.shape),
                          "version": list(version), "values": b.flatten().tolist()}
    for name, (a, error) in errors.items():
        with open(os.path.join(NPY_DIR, name), "wb") as f:
            np.lib.format.write_array(f, a, version=(1, 0))
        expected[name] = {"error": error, "descr": np.lib.format.dtype_to_descr(a.dtype)}
    with open(os.path.join(NPY_DIR, "expected.json"), "w") as f:
        json.dump(expected, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    write_onnx()
    write_npy()
