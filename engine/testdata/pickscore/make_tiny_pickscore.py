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
import sys
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import clip_common  # noqa: E402  (before transformers/open_clip: it makes them importable on a CPU-only torch)
from clip_common import preprocess  # noqa: E402
from safetensors.torch import save_file  # noqa: E402
from transformers import CLIPConfig, CLIPModel, CLIPTokenizer  # noqa: E402

HERE = Path(__file__).resolve().parent
MODEL = HERE / "model"
PROMPTS = ["a stunning photo of the blue deer", "a painting of a robot with a red shirt",
           "three small box under the moon at night"]


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
    clip_common.perturb(model, g, 2.9)
    MODEL.mkdir(exist_ok=True)
    model.save_pretrained(MODEL, safe_serialization=True)
    clip_common.copy_tiny_clip_files(MODEL, clip_common.TOKENIZER_FILES + ["preprocessor_config.json"])

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
