"""Writes the fused TorchScript kernels that dev.focusnfix.nn.kernels loads (build time only; never at run time).

Each kernel is a parameter-free module whose forward is one PyTorch fused operation, so DJL runs it with autograd
(loaded with trainParam=true) on any device and in float32 or float16:

  attention.pt         forward(q, k, v)             = F.scaled_dot_product_attention(q, k, v)
  attention_masked.pt  forward(q, k, v, mask)       = F.scaled_dot_product_attention(q, k, v, attn_mask=mask)
  group_norm.pt        forward(x, w, b, groups, eps) = F.group_norm(x, groups, w, b, eps)
  group_norm_silu.pt   forward(x, w, b, groups, eps) = F.silu(F.group_norm(x, groups, w, b, eps))
  cast.pt              forward(x, like)             = x.to(like.dtype)  (a cast that keeps the graph: DJL's toType
                                                      cuts it)

groups and eps arrive as one-element tensors (TorchScript forward arguments from DJL are tensors).

Usage: pip install torch; python3 engine/nn/src/main/kernels/make_kernels.py [NAME ...]
(no names: all kernels; names such as `cast` write only those, leaving the others' files as they are)
"""
import os
import sys

import torch
import torch.nn.functional as F

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "dev", "focusnfix", "nn", "kernels")


class Attention(torch.nn.Module):
    def forward(self, q: torch.Tensor, k: torch.Tensor, v: torch.Tensor) -> torch.Tensor:
        return F.scaled_dot_product_attention(q, k, v)


class MaskedAttention(torch.nn.Module):
    def forward(self, q: torch.Tensor, k: torch.Tensor, v: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        return F.scaled_dot_product_attention(q, k, v, attn_mask=mask.to(q.dtype))


class GroupNorm(torch.nn.Module):
    def forward(self, x: torch.Tensor, w: torch.Tensor, b: torch.Tensor, groups: torch.Tensor,
                eps: torch.Tensor) -> torch.Tensor:
        return F.group_norm(x, int(groups.item()), w, b, float(eps.item()))


class GroupNormSilu(torch.nn.Module):
    def forward(self, x: torch.Tensor, w: torch.Tensor, b: torch.Tensor, groups: torch.Tensor,
                eps: torch.Tensor) -> torch.Tensor:
        return F.silu(F.group_norm(x, int(groups.item()), w, b, float(eps.item())))


class Cast(torch.nn.Module):
    def forward(self, x: torch.Tensor, like: torch.Tensor) -> torch.Tensor:
        return x.to(like.dtype)


def main():
    os.makedirs(OUT, exist_ok=True)
    wanted = set(sys.argv[1:])
    for name, module in [("attention", Attention()), ("attention_masked", MaskedAttention()),
                         ("group_norm", GroupNorm()), ("group_norm_silu", GroupNormSilu()), ("cast", Cast())]:
        if wanted and name not in wanted:
            continue
        path = os.path.join(OUT, name + ".pt")
        torch.jit.script(module.eval()).save(path)
        print(path, os.path.getsize(path), "bytes")


if __name__ == "__main__":
    main()
