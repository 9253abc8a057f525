"""Makes the tiny PickScore fixture: a Hugging Face CLIPModel folder shaped like yuvalkirstain/PickScore_v1 (ViT-H/14
style: GELU in both towers, a projection, logit_scale) at tiny width, and the reference scores.

Reference: transformers' CLIPModel and CLIPTokenizer; the score as PickScore's authors compute it,
    scores = model.logit_scale.exp() * (normalised text_embeds @ normalised image_embeds.T), diagonal (one prompt per image).
The image preprocessing is the differentiable tensor form of CLIPImageProcessor that the framework uses (torch bicubic
resize of the shorter side without antialiasing, centre crop, CLIP mean/std), as in engine/testdata/tiny-clip.

Run from this folder:  python make_tiny_pickscore.py   (pip install torch transformers safetensors)
The tokenizer files are copies of ../tiny-clip's (a 714-entry CLIP BPE).
"""
import json
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
from safetensors.torch import save_file  # noqa: E402
from transformers import CLIPConfig, CLIPModel, CLIPTokenizer  # noqa: E402

HERE = Path(__file__).resolve().parent
MODEL = HERE / "model"
TINY_CLIP = HERE.parent / "tiny-clip"
MEAN = torch.tensor([0.48145466, 0.4578275, 0.40821073]).view(1, 3, 1, 1)
STD = torch.tensor([0.26862954, 0.26130258, 0.27577711]).view(1, 3, 1, 1)
PROMPTS = ["a stunning photo of the blue deer", "a painting of a robot with a red shirt",
           "three small box under the moon at night"]


def preprocess(images, size):
    n, c, h, w = images.shape
    if w <= h:
        new_h, new_w = int(size * h / w), size
    else:
        new_h, new_w = size, int(size * w / h)
    x = F.interpolate(images, size=(new_h, new_w), mode="bicubic", align_corners=False, antialias=False)
    top, left = (new_h - size) // 2, (new_w - size) // 2
    x = x[:, :, top:top + size, left:left + size]
    return (x - MEAN) / STD


def perturb(model, generator):
    # Random weights, and every parameter (norms and biases too) moved off its init so that each one matters.
    with torch.no_grad():
        for name, p in model.named_parameters():
            if name == "logit_scale":
                p.fill_(2.9)
            else:
                p.add_(0.05 * torch.randn(p.shape, generator=generator))


def main():
    torch.manual_seed(0)
    g = torch.Generator().manual_seed(1234)
    config = CLIPConfig(
        text_config=dict(vocab_size=714, hidden_size=32, intermediate_size=48, num_attention_heads=4,
                         num_hidden_layers=2, max_position_embeddings=77, hidden_act="gelu", bos_token_id=712,
                         eos_token_id=713, pad_token_id=713),
        vision_config=dict(hidden_size=40, intermediate_size=56, num_attention_heads=4, num_hidden_layers=2,
                           image_size=32, patch_size=8, hidden_act="gelu"),
        projection_dim=24)
    model = CLIPModel(config).eval()
    perturb(model, g)
    MODEL.mkdir(exist_ok=True)
    model.save_pretrained(MODEL, safe_serialization=True)
    for name in ["vocab.json", "merges.txt", "tokenizer_config.json", "special_tokens_map.json",
                 "preprocessor_config.json"]:
        shutil.copy(TINY_CLIP / name, MODEL / name)

    tokenizer = CLIPTokenizer(str(MODEL / "vocab.json"), str(MODEL / "merges.txt"))
    input_ids = tokenizer(PROMPTS, padding="max_length", max_length=77, truncation=True,
                          return_tensors="pt").input_ids
    images = torch.rand(len(PROMPTS), 3, 48, 40, generator=g)
    pixel_values = preprocess(images, 32)
    with torch.no_grad():
        image_embeds = model.get_image_features(pixel_values=pixel_values)
        text_embeds = model.get_text_features(input_ids=input_ids)
        if not torch.is_tensor(image_embeds):  # transformers 5 returns an output object
            image_embeds = image_embeds.pooler_output
            text_embeds = text_embeds.pooler_output
        image_unit = image_embeds / image_embeds.norm(dim=-1, keepdim=True)
        text_unit = text_embeds / text_embeds.norm(dim=-1, keepdim=True)
        scores = model.logit_scale.exp() * (text_unit @ image_unit.T)
        pickscore = torch.diagonal(scores).contiguous()
    save_file({"images": images, "pixel_values": pixel_values.contiguous(), "input_ids": input_ids,
               "image_embeds": image_embeds.contiguous(), "text_embeds": text_embeds.contiguous(),
               "pickscore": pickscore},
              str(HERE / "expected.safetensors"), metadata={"prompts": json.dumps(PROMPTS)})
    print("pickscore", pickscore.tolist(), "logit_scale", model.logit_scale.item())


if __name__ == "__main__":
    main()
