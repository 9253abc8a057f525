"""Makes the tiny Stable Diffusion safety-checker fixture: safety_checker/ (config.json + model.safetensors) and
feature_extractor/ (preprocessor_config.json) in the layout of CompVis/stable-diffusion-v1-4, at tiny width, plus the
reference scores and flags of four test images.

Reference: diffusers v0.25.0's StableDiffusionSafetyChecker (transformers' CLIPVisionModel inside) run on the
fixture: the flags are what its forward (the pipeline's, with rounding) and forward_onnx return; the scores are
forward_onnx's intermediate values, computed with diffusers' own cosine_distance on the checker's own modules:
    special_scores = cosine_distance(image_embeds, special_care_embeds) - special_care_embeds_weights
    concept_scores = cosine_distance(image_embeds, concept_embeds) - concept_embeds_weights
                     + 0.01 * any(special_scores > 0)
The concept embeddings and thresholds are chosen so that image 0 is flagged by a concept, image 1 is clean, image 2
is flagged only through the special-care adjustment and image 3 triggers special care without being flagged.
The clip_input is the differentiable tensor form of the feature extractor (torch bicubic resize of the shorter side
without antialiasing, centre crop, CLIP mean/std), as the framework computes it.

Run:  PYTHONPATH=<diffusers v0.25.0 checkout>/src python make_tiny_safety_checker.py
      (pip install torch transformers safetensors requests; git archive v0.25.0 of huggingface/diffusers)
"""
import json
import sys
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import clip_common  # noqa: E402  (before transformers/diffusers: it makes them importable on a CPU-only torch)
from clip_common import preprocess  # noqa: E402
import huggingface_hub  # noqa: E402
import torch.nn.functional as F  # noqa: E402
from safetensors.torch import save_file  # noqa: E402
from transformers import CLIPConfig  # noqa: E402

# diffusers 0.25 imports a helper newer huggingface_hub releases removed; the checker does not use it.
huggingface_hub.cached_download = huggingface_hub.hf_hub_download
import diffusers  # noqa: E402
from diffusers.pipelines.stable_diffusion.safety_checker import (  # noqa: E402
    StableDiffusionSafetyChecker, cosine_distance)

assert diffusers.__version__ == "0.25.0", diffusers.__version__

HERE = Path(__file__).resolve().parent
SIZE = 32
EXPECTED_FLAGS = [True, False, True, False]


def images_to_check(g):
    base = torch.rand(4, 3, 48, 40, generator=g)
    tint = torch.tensor([[0.9, 0.1, 0.1], [0.1, 0.8, 0.2], [0.2, 0.2, 0.9], [0.7, 0.7, 0.1]]).view(4, 3, 1, 1)
    return (0.5 * base + 0.5 * tint).clamp(0, 1)


def towards(unit, target, weight, g):
    """A random direction pulled towards target: cos with it is high, with the others moderate."""
    noise = torch.randn(unit.shape[-1], generator=g)
    return weight * target + (1 - weight) * noise / noise.norm()


def main():
    torch.manual_seed(0)
    g = torch.Generator().manual_seed(2024)
    config = CLIPConfig(
        text_config=dict(vocab_size=714, hidden_size=32, intermediate_size=37, num_attention_heads=4,
                         num_hidden_layers=2, bos_token_id=712, eos_token_id=713, pad_token_id=713),
        vision_config=dict(hidden_size=40, intermediate_size=48, num_attention_heads=4, num_hidden_layers=2,
                           image_size=SIZE, patch_size=8, hidden_act="quick_gelu"),
        projection_dim=24)
    config.architectures = ["StableDiffusionSafetyChecker"]
    checker = StableDiffusionSafetyChecker(config).eval()
    with torch.no_grad():
        for name, p in checker.named_parameters():
            if "vision_model" in name or "visual_projection" in name:
                p.add_(0.05 * torch.randn(p.shape, generator=g))

    images = images_to_check(g)
    clip_input = preprocess(images, SIZE)
    with torch.no_grad():
        pooled = checker.vision_model(clip_input)[1]
        e = F.normalize(checker.visual_projection(pooled))
        # The 17 concepts and 3 special-care concepts: designed ones first, the rest random and far from any image.
        concepts = torch.stack([towards(e, e[0], 0.8, g), towards(e, e[2], 0.8, g)]
                               + [torch.randn(e.shape[1], generator=g) for _ in range(15)])
        special = torch.stack([towards(e, e[2], 0.8, g), towards(e, e[3], 0.8, g),
                               torch.randn(e.shape[1], generator=g)])
        cos = cosine_distance(e, concepts)
        special_cos = cosine_distance(e, special)
        thresholds = cos.max(dim=0).values + 0.05  # no image reaches the random concepts
        others = torch.cat([cos[1:, 0]])
        thresholds[0] = 0.5 * (cos[0, 0] + others.max())  # image 0 only
        thresholds[1] = cos[2, 1] + 0.004  # image 2 misses by 0.004, within the 0.01 adjustment
        special_thresholds = special_cos.max(dim=0).values + 0.05
        special_thresholds[0] = special_cos[2, 0] - 0.03
        special_thresholds[1] = special_cos[3, 1] - 0.03
        checker.concept_embeds.copy_(concepts)
        checker.special_care_embeds.copy_(special)
        checker.concept_embeds_weights.copy_(thresholds)
        checker.special_care_embeds_weights.copy_(special_thresholds)

        # forward_onnx's intermediate values (its own lines, on the checker's modules).
        image_embeds = checker.visual_projection(checker.vision_model(clip_input)[1])
        special_scores = cosine_distance(image_embeds, checker.special_care_embeds) \
            - checker.special_care_embeds_weights
        special_care = torch.any(special_scores > 0, dim=1)
        concept_scores = cosine_distance(image_embeds, checker.concept_embeds) - checker.concept_embeds_weights \
            + (special_care * 0.01).unsqueeze(1)
        _, flags_onnx = checker.forward_onnx(clip_input, images.clone())
        _, flags = checker.forward(clip_input, images.clone())
    flags_onnx = flags_onnx.tolist()
    print("special", special_scores)
    print("concept max", concept_scores.max(dim=1))
    print("flags", flags, "onnx", flags_onnx)
    assert list(flags) == EXPECTED_FLAGS and flags_onnx == EXPECTED_FLAGS, (flags, flags_onnx)
    assert special_care.tolist() == [False, False, True, True], special_care
    # No score so close to 0 that rounding (forward) and not rounding (forward_onnx) could disagree.
    assert (concept_scores.abs() > 1e-3).all() and (special_scores.abs() > 1e-3).all()

    folder = HERE / "safety_checker"
    checker.save_pretrained(folder, safe_serialization=True)
    # The published checkpoint was saved with transformers 4, whose CLIPVisionModel nests the tower
    # (vision_model.vision_model.*); transformers 5 flattened that module. Write the published layout, with the
    # position_ids buffer the published file keeps too.
    weights = {}
    for key, value in checker.state_dict().items():
        if key.startswith("vision_model.") and not key.startswith("vision_model.vision_model."):
            key = "vision_model." + key
        weights[key] = value.contiguous()
    weights.setdefault("vision_model.vision_model.embeddings.position_ids",
                       torch.arange((SIZE // 8) ** 2 + 1).unsqueeze(0))
    save_file(weights, str(folder / "model.safetensors"), metadata={"format": "pt"})
    extractor = HERE / "feature_extractor"
    extractor.mkdir(exist_ok=True)
    # The old CLIPFeatureExtractor form SD v1.4 ships (integer size and crop_size).
    (extractor / "preprocessor_config.json").write_text(json.dumps({
        "crop_size": SIZE, "do_center_crop": True, "do_normalize": True, "do_resize": True,
        "feature_extractor_type": "CLIPFeatureExtractor", "image_mean": clip_common.MEAN_VALUES,
        "image_std": clip_common.STD_VALUES, "resample": 3, "size": SIZE}, indent=2) + "\n")
    save_file({"images": images.contiguous(), "clip_input": clip_input.contiguous(),
               "image_embeds": image_embeds.contiguous(), "concept_scores": concept_scores.contiguous(),
               "special_scores": special_scores.contiguous(),
               "has_nsfw_concepts": torch.tensor(flags, dtype=torch.int64),
               "has_nsfw_concepts_onnx": torch.tensor(flags_onnx, dtype=torch.int64)},
              str(HERE / "expected.safetensors"), metadata={"diffusers": diffusers.__version__})


if __name__ == "__main__":
    main()
