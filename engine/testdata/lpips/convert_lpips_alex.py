#!/usr/bin/env python3
"""Writes the published LPIPS 'alex' (v0.1) weights as alex/model.safetensors, next to alex/config.json.

Needs the `lpips` package (pip install lpips), which takes the AlexNet features from torchvision (downloaded on first
use) and its own linear heads (alex.pth, shipped inside the package). The output holds exactly the lpips state-dict
keys that dev.focusnfix.evaluation.lpips.Lpips reads:
  net.slice{1..5}.{idx}.weight/bias, lin{0..4}.model.1.weight, scaling_layer.shift/scale
Usage:  python3 convert_lpips_alex.py [output_dir]     (default: alex/ next to this script)
Not run in this repository's tests (no network); the layout is the one the tiny fixture tests.
"""
import os
import sys

import lpips
import torch

from make_tiny_lpips import write_safetensors


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    out_dir = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "alex")
    os.makedirs(out_dir, exist_ok=True)
    model = lpips.LPIPS(net="alex", version="0.1", lpips=True, pretrained=True)
    state = {k: v for k, v in model.state_dict().items()
             if k.startswith(("net.", "lin", "scaling_layer."))}
    write_safetensors(os.path.join(out_dir, "model.safetensors"), state, {"format": "pt", "source": "lpips alex v0.1"})
    config = os.path.join(out_dir, "config.json")
    if not os.path.exists(config):
        import shutil
        shutil.copy(os.path.join(here, "alex", "config.json"), config)
    print("wrote", len(state), "tensors to", out_dir)


if __name__ == "__main__":
    main()
