#!/usr/bin/env python3
"""Builds the tiny LPIPS fixture used by dev.focusnfix.evaluation.lpips tests.

Writes, next to this script:
  tiny/config.json         the layer configuration (same format as alex/config.json)
  tiny/model.safetensors   random weights under the lpips package's state-dict names:
                           net.slice{s}.{idx}.weight/bias, lin{k}.model.1.weight, scaling_layer.shift/scale
  expected.safetensors     x [2,3,H,W], y [2,3,H,W] (images in [0,1]) and the LPIPS distances
                           (distance [2], stage_values [2,3]) computed below in float64

The forward pass is written here in plain torch, independently of the Java code, following
Zhang et al. 2018 / the lpips package (version 0.1, lpips=True, spatial=False):
  in = (2*img - 1 - shift) / scale
  f_k = output of slice k (conv/relu/maxpool stack)
  d = sum_k mean_hw( lin_k( (f_k(x)/(|f_k(x)|+1e-10) - f_k(y)/(|f_k(y)|+1e-10))^2 ) )
Run with Debian's python3-torch:  /usr/bin/python3 make_tiny_lpips.py
"""
import json
import os
import struct

import torch
import torch.nn.functional as F

torch.backends.mkldnn.enabled = False
torch.manual_seed(20180311)
torch.use_deterministic_algorithms(True)

HERE = os.path.dirname(os.path.abspath(__file__))
SHIFT = [-0.030, -0.088, -0.188]
SCALE = [0.458, 0.448, 0.450]

# Three stages with 4 / 8 / 8 channels; indices follow a torchvision-style features Sequential.
SLICES = [
    [dict(index=0, type="conv", in_channels=3, out_channels=4, kernel_size=3, stride=2, padding=1),
     dict(index=1, type="relu")],
    [dict(index=2, type="maxpool", kernel_size=3, stride=2),
     dict(index=3, type="conv", in_channels=4, out_channels=8, kernel_size=5, stride=1, padding=2),
     dict(index=4, type="relu")],
    [dict(index=5, type="conv", in_channels=8, out_channels=8, kernel_size=3, stride=1, padding=1),
     dict(index=6, type="relu")],
]


def make_weights():
    w = {}
    stage_channels = []
    for s, layers in enumerate(SLICES, start=1):
        for layer in layers:
            if layer["type"] == "conv":
                cin, cout, k = layer["in_channels"], layer["out_channels"], layer["kernel_size"]
                fan_in = cin * k * k
                w[f"net.slice{s}.{layer['index']}.weight"] = torch.randn(cout, cin, k, k) * (2.0 / fan_in) ** 0.5
                w[f"net.slice{s}.{layer['index']}.bias"] = torch.randn(cout) * 0.1
                channels = cout
        stage_channels.append(channels)
    for k, c in enumerate(stage_channels):
        # LPIPS keeps its linear weights non-negative (clamped during training).
        w[f"lin{k}.model.1.weight"] = torch.rand(1, c, 1, 1) * 0.5 + 0.05
    w["scaling_layer.shift"] = torch.tensor(SHIFT).view(1, 3, 1, 1)
    w["scaling_layer.scale"] = torch.tensor(SCALE).view(1, 3, 1, 1)
    return w


def features(img, w):
    x = img
    outs = []
    for s, layers in enumerate(SLICES, start=1):
        for layer in layers:
            t = layer["type"]
            if t == "conv":
                x = F.conv2d(x, w[f"net.slice{s}.{layer['index']}.weight"], w[f"net.slice{s}.{layer['index']}.bias"],
                             stride=layer["stride"], padding=layer["padding"])
            elif t == "relu":
                x = F.relu(x)
            elif t == "maxpool":
                x = F.max_pool2d(x, layer["kernel_size"], layer["stride"])
        outs.append(x)
    return outs


def lpips(x01, y01, w):
    """x01, y01: [N,3,H,W] in [0,1]; returns (distance [N], stage values [N, L])."""
    shift, scale = w["scaling_layer.shift"], w["scaling_layer.scale"]
    fx = features(((2 * x01 - 1) - shift) / scale, w)
    fy = features(((2 * y01 - 1) - shift) / scale, w)
    stages = []
    for k, (a, b) in enumerate(zip(fx, fy)):
        na = a / (torch.sqrt(torch.sum(a ** 2, dim=1, keepdim=True)) + 1e-10)
        nb = b / (torch.sqrt(torch.sum(b ** 2, dim=1, keepdim=True)) + 1e-10)
        diff = (na - nb) ** 2
        stages.append(F.conv2d(diff, w[f"lin{k}.model.1.weight"]).mean(dim=[2, 3]).reshape(-1))
    values = torch.stack(stages, dim=1)
    return values.sum(dim=1), values


def test_images(h, w):
    ys, xs = torch.meshgrid(torch.linspace(0, 1, h), torch.linspace(0, 1, w), indexing="ij")
    smooth = torch.stack([torch.sin(6 * xs + 1) * 0.5 + 0.5, ys, (xs * ys) ** 0.5])
    x0 = smooth
    y0 = (smooth + 0.08 * torch.randn(3, h, w)).clamp(0, 1)                 # noisy copy
    x1 = torch.rand(3, h, w)
    y1 = (0.6 * x1 + 0.4 * torch.flip(smooth, dims=[2])).clamp(0, 1)      # blend with another picture
    return torch.stack([x0, x1]), torch.stack([y0, y1])


def write_safetensors(path, tensors, metadata=None):
    header = {}
    offset = 0
    blobs = []
    for name, t in tensors.items():
        t = t.detach().to(torch.float32).contiguous()
        data = t.numpy().astype("<f4").tobytes()
        header[name] = {"dtype": "F32", "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        offset += len(data)
        blobs.append(data)
    if metadata:
        header["__metadata__"] = metadata
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * ((8 - len(text) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for b in blobs:
            f.write(b)


def main():
    weights = make_weights()
    x, y = test_images(36, 44)
    # Round the images to float32 first so the Java side sees exactly the inputs used here.
    x, y = x.float(), y.float()
    w64 = {k: v.double() for k, v in weights.items()}
    distance, stage_values = lpips(x.double(), y.double(), w64)
    same, _ = lpips(x.double(), x.double(), w64)
    assert float(same.abs().max()) == 0.0
    # Cross-check against a float32 run of the same code: the float32 error is far below the 1e-4 tolerance.
    d32, _ = lpips(x, y, weights)
    assert float(((d32.double() - distance) / distance).abs().max()) < 1e-5

    os.makedirs(os.path.join(HERE, "tiny"), exist_ok=True)
    with open(os.path.join(HERE, "tiny", "config.json"), "w") as f:
        json.dump({"model_type": "lpips", "net": "tiny", "version": "0.1", "slices": SLICES}, f, indent=2)
        f.write("\n")
    write_safetensors(os.path.join(HERE, "tiny", "model.safetensors"), weights, {"format": "pt"})
    write_safetensors(os.path.join(HERE, "expected.safetensors"),
                      {"x": x, "y": y, "distance": distance, "stage_values": stage_values},
                      {"generator": "make_tiny_lpips.py", "torch": torch.__version__})
    print("distance", distance.tolist())
    print("stage_values", stage_values.tolist())


if __name__ == "__main__":
    main()
