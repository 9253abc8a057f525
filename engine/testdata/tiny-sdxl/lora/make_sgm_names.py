"""Writes kohya_sgm_rank4_alpha2.safetensors: kohya_rank4_alpha2.safetensors (diffusers block names) with its keys
renamed to the original SDXL (sgm) block names kohya-ss trains with (input_blocks / middle_block / output_blocks),
and sgm_names_expected.json: every sgm key -> the diffusers-named kohya key, computed by diffusers' own converter.

Usage: python3 make_sgm_names.py DIFFUSERS_SRC/diffusers/loaders/lora_conversion_utils.py
The two diffusers functions (_maybe_map_sgm_blocks_to_diffusers, _convert_unet_lora_key) are taken from that file by
name and run alone: they only rename dictionary keys. No torch or safetensors package is needed.
"""
import ast
import json
import re
import struct
import sys
from types import SimpleNamespace

HERE = __file__.rsplit("/", 1)[0]
SOURCE = sys.argv[1]
LAYERS_PER_BLOCK = json.load(open(HERE + "/../unet/config.json"))["layers_per_block"]

tree = ast.parse(open(SOURCE).read())
namespace = {"re": re}
for node in tree.body:
    if isinstance(node, ast.FunctionDef) and node.name in ("_maybe_map_sgm_blocks_to_diffusers",
                                                           "_convert_unet_lora_key"):
        exec(compile(ast.Module(body=[node], type_ignores=[]), SOURCE, "exec"), namespace)
maybe_map = namespace["_maybe_map_sgm_blocks_to_diffusers"]
convert_key = namespace["_convert_unet_lora_key"]


def read(path):
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(n))
        data = f.read()
    return header, data


def to_sgm(key):
    """The inverse of diffusers' mapping for this UNet's attention blocks (the only LoRA targets in the file)."""
    m = re.match(r"lora_unet_down_blocks_(\d+)_attentions_(\d+)_(.*)", key)
    if m:
        return "lora_unet_input_blocks_%d_1_%s" % (int(m[1]) * (LAYERS_PER_BLOCK + 1) + int(m[2]) + 1, m[3])
    m = re.match(r"lora_unet_mid_block_attentions_0_(.*)", key)
    if m:
        return "lora_unet_middle_block_1_" + m[1]
    m = re.match(r"lora_unet_up_blocks_(\d+)_attentions_(\d+)_(.*)", key)
    if m:
        return "lora_unet_output_blocks_%d_1_%s" % (int(m[1]) * (LAYERS_PER_BLOCK + 1) + int(m[2]), m[3])
    raise ValueError(key)


header, data = read(HERE + "/kohya_rank4_alpha2.safetensors")
metadata = header.pop("__metadata__", None)
renamed = {to_sgm(k): v for k, v in header.items()}

# diffusers' converter, exactly as load_lora_weights runs it for an SDXL UNet.
mapped = maybe_map({k: k for k in renamed}, SimpleNamespace(layers_per_block=LAYERS_PER_BLOCK))
expected = {}
for new_key, sgm_key in mapped.items():
    kohya_key = (new_key.replace("input_blocks", "down_blocks").replace("middle_block", "mid_block")
                 .replace("output_blocks", "up_blocks"))
    original = [k for k in header if to_sgm(k) == sgm_key][0]
    # The round trip holds under diffusers' own key conversion, so the expected names are diffusers', not ours.
    assert convert_key(new_key) == convert_key(original) == convert_key(kohya_key), (sgm_key, new_key, original)
    assert kohya_key == original, (kohya_key, original)
    expected[sgm_key] = kohya_key

out_header = dict(renamed)
if metadata is not None:
    out_header["__metadata__"] = metadata
blob = json.dumps(out_header, separators=(",", ":")).encode()
blob += b" " * (-len(blob) % 8)
with open(HERE + "/kohya_sgm_rank4_alpha2.safetensors", "wb") as f:
    f.write(struct.pack("<Q", len(blob)) + blob + data)
with open(HERE + "/sgm_names_expected.json", "w") as f:
    json.dump({"diffusers_commit": sys.argv[2] if len(sys.argv) > 2 else None, "layers_per_block": LAYERS_PER_BLOCK,
               "names": dict(sorted(expected.items()))}, f, indent=1)
    f.write("\n")
print(len(expected), "keys")
