#!/usr/bin/python3
"""The PyTorch way of extracting features: what a practitioner writes in a notebook.

  bench_pytorch_extract.py --model mobilenet --weights mobilenet_2_5_128_tf.h5 --data DIR --out F.npy
  bench_pytorch_extract.py --model resnet18 --data DIR --out F.npy

DIR is an ImageFolder tree (DIR/<class>/*.jpg). A torchvision ImageFolder Dataset, a
DataLoader(num_workers=2, batch_size=32) and torch.inference_mode(); the model is cut where
featurelab-cli extract's default layer ('penultimate') cuts it: the global average pool.

  mobilenet  Keras MobileNet v1 (alpha from the file, e.g. 0.25) re-implemented in PyTorch and
             loaded from the Keras HDF5 with h5py (TensorFlow "same" padding: stride-2 layers
             pad bottom/right only, as Keras' ZeroPadding2D(((0, 1), (0, 1)))); preprocessing as
             Keras load_img + mobilenet.preprocess_input: nearest resize to 128x128, x/127.5 - 1.
  resnet18   torchvision.models.resnet18(weights=None) (random weights); the torchvision
             evaluation transform: Resize(256), CenterCrop(224), ToTensor, ImageNet Normalize.

Prints one JSON line: images, loop_seconds (from creating the DataLoader iterator to the last
batch's features, so worker start-up counts as it does in Featurelab's loop), images_per_second,
threads (torch's intra-op threads: the installed torch's default, or --threads), feature_dim,
checksum. --forward-only N instead times the model on N pre-built random inputs (no decoding).
Run with Debian's /usr/bin/python3 (python3-torch, python3-torchvision, python3-h5py).
"""
import argparse
import json
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


class SamePad(nn.Module):
    """TensorFlow 'same' for stride 2 and an even input: one row/column at the bottom/right."""

    def forward(self, x):
        return F.pad(x, (0, 1, 0, 1))


def conv_bn(cin, cout, k, stride, groups=1):
    pad = 0 if stride == 2 else k // 2
    layers = [SamePad()] if stride == 2 else []
    layers += [nn.Conv2d(cin, cout, k, stride, pad, groups=groups, bias=False),
               nn.BatchNorm2d(cout, eps=1e-3), nn.ReLU6(inplace=True)]
    return layers


class KerasMobileNetV1(nn.Module):
    """Keras Applications MobileNet v1 up to the global average pool."""

    STRIDES = [1, 2, 1, 2, 1, 2, 1, 1, 1, 1, 1, 2, 1]
    WIDTHS = [64, 128, 128, 256, 256, 512, 512, 512, 512, 512, 512, 1024, 1024]

    def __init__(self, alpha):
        super().__init__()
        c = int(32 * alpha)
        layers = conv_bn(3, c, 3, 2)
        for s, w in zip(self.STRIDES, self.WIDTHS):
            out = int(w * alpha)
            layers += conv_bn(c, c, 3, s, groups=c) + conv_bn(c, out, 1, 1)
            c = out
        self.features = nn.Sequential(*layers)
        self.dim = c

    def forward(self, x):
        return self.features(x).mean((2, 3))

    def load_keras_h5(self, path):
        import h5py
        with h5py.File(path, "r") as f:
            root = f["model_weights"] if "model_weights" in f else f

            def weights(layer):
                g = root[layer]
                return [np.array(g[n.decode() if isinstance(n, bytes) else n])
                        for n in g.attrs["weight_names"]]

            names = ["conv1"]
            for i in range(1, len(self.STRIDES) + 1):
                names += [f"conv_dw_{i}", f"conv_pw_{i}"]
            convs = [m for m in self.features if isinstance(m, nn.Conv2d)]
            bns = [m for m in self.features if isinstance(m, nn.BatchNorm2d)]
            with torch.no_grad():
                for name, conv, bn in zip(names, convs, bns):
                    k = weights(name)[0]  # HWIO, or HW C 1 for depthwise
                    k = k.transpose(2, 3, 0, 1) if name.startswith("conv_dw") else k.transpose(3, 2, 0, 1)
                    conv.weight.copy_(torch.from_numpy(np.ascontiguousarray(k)))
                    gamma, beta, mean, var = weights(name + "_bn")
                    for t, v in ((bn.weight, gamma), (bn.bias, beta), (bn.running_mean, mean),
                                 (bn.running_var, var)):
                        t.copy_(torch.from_numpy(v))


def alpha_of(path):
    import h5py
    with h5py.File(path, "r") as f:
        root = f["model_weights"] if "model_weights" in f else f
        g = root["conv1"]
        name = g.attrs["weight_names"][0]
        return g[name.decode() if isinstance(name, bytes) else name].shape[3] / 32


def build(args):
    import torchvision
    import torchvision.transforms as T
    if args.model == "mobilenet":
        model = KerasMobileNetV1(alpha_of(args.weights))
        model.load_keras_h5(args.weights)
        tf = T.Compose([T.Resize((128, 128), interpolation=T.InterpolationMode.NEAREST),
                        T.ToTensor(), T.Normalize([0.5] * 3, [0.5] * 3)])  # x/127.5 - 1
        size = 128
    else:
        model = torchvision.models.resnet18(weights=None)
        model.fc = nn.Identity()
        tf = T.Compose([T.Resize(256), T.CenterCrop(224), T.ToTensor(),
                        T.Normalize([0.485, 0.456, 0.406], [0.229, 0.224, 0.225])])
        size = 224
    return model.eval(), tf, size


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", choices=["mobilenet", "resnet18"], required=True)
    ap.add_argument("--weights", help="the Keras MobileNet HDF5 (mobilenet only)")
    ap.add_argument("--data", help="an ImageFolder tree")
    ap.add_argument("--out", help="where to np.save the features")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--forward-only", type=int, default=0, metavar="N")
    ap.add_argument("--threads", type=int, default=0,
                    help="torch.set_num_threads(N) first (0: the installed torch's default)")
    args = ap.parse_args()
    if args.threads > 0:
        torch.set_num_threads(args.threads)
    if args.model == "mobilenet" and not args.weights:
        ap.error("--weights is required for mobilenet")
    torch.manual_seed(0)
    model, tf, size = build(args)
    if args.forward_only:
        x = torch.randn(args.batch_size, 3, size, size)
        with torch.inference_mode():
            model(x)  # warm-up
            t0 = time.perf_counter()
            n = 0
            while n < args.forward_only:
                model(x)
                n += x.shape[0]
            secs = time.perf_counter() - t0
        print(json.dumps({"images": n, "loop_seconds": secs, "images_per_second": n / secs,
                          "threads": torch.get_num_threads()}))
        return 0
    import torchvision
    dataset = torchvision.datasets.ImageFolder(args.data, transform=tf)
    loader = torch.utils.data.DataLoader(dataset, batch_size=args.batch_size, shuffle=False,
                                         num_workers=args.workers)
    feats = []
    with torch.inference_mode():
        t0 = time.perf_counter()
        for x, _ in loader:
            feats.append(model(x))
        secs = time.perf_counter() - t0
    f = torch.cat(feats).numpy()
    if args.out:
        np.save(args.out, f)
    print(json.dumps({"images": len(dataset), "loop_seconds": secs,
                      "images_per_second": len(dataset) / secs,
                      "threads": torch.get_num_threads(), "feature_dim": int(f.shape[1]),
                      "checksum": float(np.abs(f).sum())}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
