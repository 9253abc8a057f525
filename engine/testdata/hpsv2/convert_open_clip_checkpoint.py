"""Converts an open_clip checkpoint (a PyTorch pickle such as HPSv2's HPS_v2_compressed.pt or HPS_v2.1_compressed.pt)
into the .safetensors file the framework's hpsv2 reward reads. The keys stay open_clip's (visual.*, transformer.*, ...);
a 'state_dict' wrapper and DistributedDataParallel's 'module.' prefix are removed.

    python convert_open_clip_checkpoint.py HPS_v2_compressed.pt HPS_v2_compressed.safetensors

Needs: pip install torch safetensors
"""
import sys

import torch
from safetensors.torch import save_file


def convert(source, target):
    checkpoint = torch.load(source, map_location="cpu", weights_only=False)
    state_dict = checkpoint.get("state_dict", checkpoint) if isinstance(checkpoint, dict) else checkpoint
    tensors = {}
    for key, value in state_dict.items():
        if not torch.is_tensor(value):
            continue
        name = key[len("module."):] if key.startswith("module.") else key
        tensors[name] = value.detach().to(torch.float32).contiguous()
    save_file(tensors, target, metadata={"format": "pt", "converted_from": source.split("/")[-1]})
    print(f"wrote {len(tensors)} tensors to {target}")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: python convert_open_clip_checkpoint.py CHECKPOINT.pt OUT.safetensors")
    convert(sys.argv[1], sys.argv[2])
