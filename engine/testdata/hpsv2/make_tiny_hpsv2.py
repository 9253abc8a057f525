"""Makes the tiny HPSv2 fixture: an open_clip CLIP (a plain ViT + text transformer, GELU, as open_clip's ViT-H-14
that HPSv2 fine-tunes) at tiny width, published as HPSv2 publishes its weights (a PyTorch pickle holding
{'state_dict': ...}) and converted to .safetensors by convert_open_clip_checkpoint.py; plus reference scores.

Reference: open_clip's CLIP.encode_image / encode_text and its SimpleTokenizer (given this fixture's CLIP BPE merges);
HPSv2's score hps_score = diag(normalised image_features @ normalised text_features.T), and the same times
exp(logit_scale). The image preprocessing is the differentiable tensor form of open_clip's evaluation transform
(bicubic resize of the shorter side without antialiasing, centre crop, OpenAI mean/std), as the framework does it.

Run from this folder:  python make_tiny_hpsv2.py   (pip install torch open-clip-torch safetensors)
Files: open_clip_config.json (the architecture, open_clip's model-config format), hpsv2.safetensors, tokenizer/
(copies of ../tiny-clip's 714-entry CLIP BPE), expected.safetensors.
"""
import gzip
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import clip_common  # noqa: E402  (before transformers/open_clip: it makes them importable on a CPU-only torch)
from clip_common import preprocess  # noqa: E402
from safetensors.torch import save_file  # noqa: E402

import open_clip  # noqa: E402
from open_clip.tokenizer import SimpleTokenizer  # noqa: E402

HERE = Path(__file__).resolve().parent
PROMPTS = ["a stunning photo of the blue deer", "a painting of a robot with a red shirt",
           "three small box under the moon at night"]
CONFIG = {
    "embed_dim": 24,
    "vision_cfg": {"image_size": 32, "layers": 2, "width": 40, "head_width": 10, "mlp_ratio": 1.4,
                   "patch_size": 8},
    "text_cfg": {"context_length": 77, "vocab_size": 714, "width": 32, "heads": 4, "layers": 2,
                 "mlp_ratio": 1.5},
}


def main():
    torch.manual_seed(0)
    g = torch.Generator().manual_seed(4321)
    model = open_clip.model.CLIP(**CONFIG).eval()
    clip_common.perturb(model, g, 3.1)
    (HERE / "open_clip_config.json").write_text(json.dumps(CONFIG, indent=2) + "\n")
    tokenizer_dir = HERE / "tokenizer"
    clip_common.copy_tiny_clip_files(tokenizer_dir)

    with tempfile.TemporaryDirectory() as tmp:
        # As HPSv2 publishes it: a pickle with the state dict under 'state_dict'.
        published = Path(tmp) / "HPS_tiny_compressed.pt"
        torch.save({"state_dict": model.state_dict()}, published)
        subprocess.run([sys.executable, str(HERE / "convert_open_clip_checkpoint.py"), str(published),
                        str(HERE / "hpsv2.safetensors")], check=True)
        bpe = Path(tmp) / "bpe.txt.gz"
        with gzip.open(bpe, "wb") as f:
            # Without the final newline: open_clip would read it as one more (empty) merge.
            f.write((tokenizer_dir / "merges.txt").read_bytes().rstrip(b"\n"))
        tokenizer = SimpleTokenizer(bpe_path=str(bpe), context_length=77)
        input_ids = tokenizer(PROMPTS)
        assert len(tokenizer.encoder) == CONFIG["text_cfg"]["vocab_size"], len(tokenizer.encoder)

    images = torch.rand(len(PROMPTS), 3, 48, 40, generator=g)
    pixel_values = preprocess(images, CONFIG["vision_cfg"]["image_size"])
    with torch.no_grad():
        image_features = model.encode_image(pixel_values)
        text_features = model.encode_text(input_ids)
        image_unit = image_features / image_features.norm(dim=-1, keepdim=True)
        text_unit = text_features / text_features.norm(dim=-1, keepdim=True)
        hps_score = torch.diagonal(image_unit @ text_unit.T).contiguous()
        logits = model.logit_scale.exp() * hps_score
    save_file({"images": images, "pixel_values": pixel_values.contiguous(), "input_ids": input_ids.long(),
               "image_features": image_features.contiguous(), "text_features": text_features.contiguous(),
               "hps_score": hps_score, "hps_score_logit_scaled": logits.contiguous()},
              str(HERE / "expected.safetensors"), metadata={"prompts": json.dumps(PROMPTS)})
    print("keys", sorted(model.state_dict().keys())[:8], "...")
    print("hps_score", hps_score.tolist(), "ids", input_ids[0, :12].tolist())


if __name__ == "__main__":
    main()
