#!/usr/bin/python3
"""Writes the small seed corpora under tests/fuzz/corpus/<target>/ (a few KB per target).

Usage: make_seeds.py RUN_DIR   (RUN_DIR: any finished run, e.g. of
`featurelab-cli recipe --data D --backbone resnet18@32 --stages last --epochs 1 --out RUN_DIR`
on a few small images). Needs Debian's python3 with torch, h5py, numpy and PIL.
The feature_cache seeds come from the engine's own writer:
FEATURELAB_FUZZ_MAKE_SEEDS=tests/fuzz/corpus/feature_cache build-fuzz/tests/fuzz/fuzz_feature_cache
"""
import collections
import io
import json
import os
import struct
import sys

import h5py
import numpy as np
import torch
from PIL import Image

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.join(HERE, "corpus")


def put(target, name, data):
    d = os.path.join(CORPUS, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def safetensors(tensors, metadata=None):
    header, blobs, off = {}, b"", 0
    if metadata is not None:
        header["__metadata__"] = metadata
    for name, (dtype, shape, raw) in tensors.items():
        header[name] = {"dtype": dtype, "shape": shape, "data_offsets": [off, off + len(raw)]}
        blobs += raw
        off += len(raw)
    h = json.dumps(header).encode()
    return struct.pack("<Q", len(h)) + h + blobs


def f32(values):
    return struct.pack("<%df" % len(values), *values)


def main(run_dir):
    # safetensors: plain, with metadata, F16, a scalar, an empty file's worth of header
    put("safetensors", "two.safetensors",
        safetensors({"fc.weight": ("F32", [2, 3], f32(range(6))), "fc.bias": ("F32", [2], f32([1, 2]))}))
    put("safetensors", "meta.safetensors",
        safetensors({"w": ("F32", [1], f32([0.5]))}, {"format": "pt", "note": "seed"}))
    put("safetensors", "f16.safetensors", safetensors({"h": ("F16", [2], b"\x00\x3c\x00\x40")}))
    put("safetensors", "scalar.safetensors", safetensors({"s": ("F32", [], f32([3]))}))
    put("safetensors", "empty.safetensors", safetensors({}))

    # torch.save zip archives (the reader's normal input)
    for name, sd in {
        "two.pt": collections.OrderedDict(weight=torch.arange(6.0).reshape(2, 3), bias=torch.ones(2)),
        "shared.pt": (lambda t: collections.OrderedDict(a=t, b=t[1:]))(torch.arange(4.0)),
        "nested.pt": {"state_dict": collections.OrderedDict(w=torch.zeros(1, dtype=torch.float64))},
        "int.pt": collections.OrderedDict(n=torch.tensor([1, 2], dtype=torch.int64)),
    }.items():
        buf = io.BytesIO()
        torch.save(sd, buf)
        put("torch_zip", name, buf.getvalue())

    # Keras legacy HDF5 weights: root layer_names, per layer weight_names
    def keras(path, nested):
        with h5py.File(path, "w") as f:
            root = f.create_group("model_weights") if nested else f
            root.attrs["layer_names"] = np.array([b"dense", b"conv1"])
            root.attrs["backend"] = b"tensorflow"
            g = root.create_group("dense")
            g.attrs["weight_names"] = np.array([b"dense/kernel:0", b"dense/bias:0"])
            g.create_dataset("dense/kernel:0", data=np.ones((3, 2), np.float32))
            g.create_dataset("dense/bias:0", data=np.zeros(2, np.float32))
            c = root.create_group("conv1")
            c.attrs["weight_names"] = np.array([b"conv1/kernel:0"])
            c.create_dataset("conv1/kernel:0", data=np.ones((1, 1, 1, 2), np.float32))
    for name, nested in (("weights.h5", False), ("model.h5", True)):
        tmp = os.path.join(CORPUS, name)
        keras(tmp, nested)
        with open(tmp, "rb") as f:
            put("keras_h5", name, f.read())
        os.remove(tmp)

    # model files: the real header (metadata + tensor table) of a tiny run's model, without
    # its 44 MB of data, and a small one with the same metadata
    with open(os.path.join(run_dir, "model.safetensors"), "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header = f.read(n)
    put("model_file", "resnet18-header.safetensors", struct.pack("<Q", n) + header)
    meta = json.loads(header)["__metadata__"]
    put("model_file", "small.safetensors",
        safetensors({"fc.weight": ("F32", [2, 2], f32([1, 0, 0, 1])), "fc.bias": ("F32", [2], f32([0, 0]))}, meta))

    # run folders: metrics.json NUL valid_predictions.csv NUL views.json
    parts = []
    for name in ("metrics.json", "valid_predictions.csv", "views.json"):
        with open(os.path.join(run_dir, name), "rb") as f:
            parts.append(f.read())
    put("run_folder", "tiny-run", b"\0".join(parts))
    put("run_folder", "metrics-only", parts[0])
    put("run_folder", "no-views", parts[0] + b"\0" + parts[1])

    # images: each format the decoder takes, tiny
    img = Image.new("RGB", (8, 6), (200, 30, 30))
    img.putpixel((1, 1), (0, 255, 0))
    for fmt, name, extra in (("PNG", "rgb.png", {}), ("JPEG", "rgb.jpg", {"quality": 80}),
                             ("BMP", "rgb.bmp", {}), ("WEBP", "rgb.webp", {}),
                             ("TIFF", "rgb.tif", {})):
        buf = io.BytesIO()
        img.save(buf, fmt, **extra)
        put("image", name, buf.getvalue())
    for mode, name in (("L", "gray.png"), ("RGBA", "alpha.png"), ("CMYK", "cmyk.jpg")):
        buf = io.BytesIO()
        img.convert(mode).save(buf, "JPEG" if name.endswith("jpg") else "PNG")
        put("image", name, buf.getvalue())


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
