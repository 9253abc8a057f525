"""What the CLIP fixture generators share (hpsv2/, pickscore/, tiny-sd-safety-checker/): the torchvision workaround
that lets transformers and open_clip import on a CPU-only torch, CLIP's normalisation, the differentiable tensor form
of CLIP's image preprocessing that the framework computes, and the copy of ../tiny-clip's tokenizer files.

Importing this module applies the workaround, so a generator imports it before transformers, open_clip or diffusers:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    import clip_common  # noqa: E402
"""
import shutil
from pathlib import Path

import torch
import torch.library


def _tolerate_cuda_only_torchvision():
    """torchvision wheels built for CUDA cannot register their ops on a CPU-only torch, which breaks importing
    transformers and open_clip; no torchvision op is used here, so registration failures are ignored."""
    original = torch.library.register_fake

    def register_fake(op, func=None, /, **kwargs):
        if func is not None:
            try:
                return original(op, func, **kwargs)
            except RuntimeError:
                return func
        decorator = original(op, **kwargs)

        def wrap(f):
            try:
                return decorator(f)
            except RuntimeError:
                return f
        return wrap
    torch.library.register_fake = register_fake


_tolerate_cuda_only_torchvision()
import torch.nn.functional as F  # noqa: E402

TINY_CLIP = Path(__file__).resolve().parent / "tiny-clip"
# CLIP's (OpenAI's) per-channel mean and standard deviation of [0, 1] pixels, as the preprocessor configs list them.
MEAN_VALUES = [0.48145466, 0.4578275, 0.40821073]
STD_VALUES = [0.26862954, 0.26130258, 0.27577711]
MEAN = torch.tensor(MEAN_VALUES).view(1, 3, 1, 1)
STD = torch.tensor(STD_VALUES).view(1, 3, 1, 1)
# The tokenizer files of ../tiny-clip (a 714-entry CLIP BPE).
TOKENIZER_FILES = ["vocab.json", "merges.txt", "tokenizer_config.json", "special_tokens_map.json"]


def preprocess(images, size):
    """CLIP's evaluation transform on [0, 1] images (n, 3, h, w): torch bicubic resize of the shorter side to size
    without antialiasing, centre crop to size x size, CLIP mean/std."""
    n, c, h, w = images.shape
    if w <= h:
        new_h, new_w = int(size * h / w), size
    else:
        new_h, new_w = size, int(size * w / h)
    x = F.interpolate(images, size=(new_h, new_w), mode="bicubic", align_corners=False, antialias=False)
    top, left = (new_h - size) // 2, (new_w - size) // 2
    x = x[:, :, top:top + size, left:left + size]
    return (x - MEAN) / STD


def copy_tiny_clip_files(folder, names=TOKENIZER_FILES):
    """Copies ../tiny-clip's files of those names (by default its tokenizer) into folder, made if missing."""
    folder.mkdir(exist_ok=True)
    for name in names:
        shutil.copy(TINY_CLIP / name, folder / name)


def perturb(model, generator, logit_scale):
    """Random weights, every parameter (norms and biases too) moved off its init so that each one matters; the
    logit scale set to logit_scale."""
    with torch.no_grad():
        for name, p in model.named_parameters():
            if name == "logit_scale":
                p.fill_(logit_scale)
            else:
                p.add_(0.05 * torch.randn(p.shape, generator=generator))
