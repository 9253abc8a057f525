package dev.focusnfix.nn.lora;

import dev.focusnfix.nn.weights.WeightsException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Maps kohya LoRA keys written with the original SDXL (sgm) block names ({@code lora_unet_input_blocks_4_1_...},
 * {@code middle_block_1}, {@code output_blocks_2_1}), the form kohya-ss trains SDXL with, to the diffusers block names
 * ({@code lora_unet_down_blocks_1_attentions_0_...}) this loader matches against the model. A port of diffusers'
 * {@code _maybe_map_sgm_blocks_to_diffusers} (delimiter {@code _}, block position 5) followed by the block renames
 * of its {@code _convert_unet_lora_key}; {@code engine/testdata/tiny-sdxl/lora/make_sgm_names.py} records diffusers'
 * own mapping for the test.
 */
final class SgmBlockNames {

    private static final String DELIMITER = "_";
    private static final int BLOCK_SLICE_POS = 5;
    private static final List<String> SGM = List.of("input_blocks", "middle_block", "output_blocks");
    private static final List<String> DIFFUSERS = List.of("down_blocks", "mid_block", "up_blocks");
    private static final List<String> INNER_BLOCKS = List.of("resnets", "attentions", "upsamplers");

    private SgmBlockNames() {}

    /** Whether any key uses sgm block names. */
    static boolean uses(Collection<String> keys) {
        return keys.stream().anyMatch(k -> !k.contains("text") && SGM.stream().anyMatch(k::contains));
    }

    /**
     * Each key's diffusers-named form (keys without sgm names map to themselves).
     *
     * @param layersPerBlock the UNet's {@code layers_per_block}, one per down block
     * @throws WeightsException naming the key diffusers' converter would refuse too
     */
    static Map<String, String> toDiffusers(Collection<String> keys, List<Integer> layersPerBlock, String source) {
        Map<String, String> names = new LinkedHashMap<>();
        keys.forEach(k -> names.put(k, k));
        if (!uses(keys)) {
            return names;
        }
        if (keys.stream()
                .anyMatch(k -> !k.contains("text") && DIFFUSERS.stream().anyMatch(k::contains))) {
            // diffusers drops the sgm-named keys of a file that mixes both naming schemes; refuse instead of guessing.
            throw new WeightsException(source + ": mixes SDXL (input_blocks/middle_block/output_blocks) and diffusers"
                    + " (down_blocks/mid_block/up_blocks) block names; keep one of them");
        }
        if (layersPerBlock.stream().distinct().count() != 1) {
            throw new WeightsException(source + ": SDXL block names need one layers_per_block for every block, this"
                    + " UNet has " + layersPerBlock);
        }
        int perBlock = layersPerBlock.get(0) + 1;
        for (String key : keys) {
            if (key.contains("text")
                    || SGM.stream().noneMatch(key::contains)
                    || key.contains("input_blocks" + DELIMITER + "0" + DELIMITER + "0")) {
                continue; // outside the block structure (conv_in, time_embed, label_emb, out): named directly
            }
            String[] parts = key.split(DELIMITER, -1);
            if (parts.length <= BLOCK_SLICE_POS + 1) {
                throw new WeightsException(source + ": key " + key + " is too short for an SDXL block name");
            }
            int layerId = number(parts[BLOCK_SLICE_POS - 1], key, source);
            List<String> middle;
            int rest;
            if (key.contains(SGM.get(0))) {
                int blockId = (layerId - 1) / perBlock;
                int layerInBlock = (layerId - 1) % perBlock;
                int inner = number(parts[BLOCK_SLICE_POS], key, source);
                boolean op = key.contains("op");
                middle = List.of(
                        Integer.toString(blockId),
                        op ? "downsamplers" : inner(inner, key, source),
                        op ? "0" : Integer.toString(layerInBlock));
                rest = BLOCK_SLICE_POS + 1;
            } else if (key.contains(SGM.get(1))) {
                middle = switch (layerId) {
                    case 0 -> List.of(INNER_BLOCKS.get(0), "0");
                    case 1 -> List.of(INNER_BLOCKS.get(1), "0");
                    case 2 -> List.of(INNER_BLOCKS.get(0), "1");
                    default ->
                        throw new WeightsException(source + ": key " + key + " names middle block " + layerId
                                + "; SDXL has middle blocks 0 to 2");
                };
                rest = BLOCK_SLICE_POS;
            } else {
                int blockId = layerId / perBlock;
                int layerInBlock = layerId % perBlock;
                int inner = number(parts[BLOCK_SLICE_POS], key, source);
                middle = List.of(
                        Integer.toString(blockId),
                        inner(inner, key, source),
                        inner < 2 ? Integer.toString(layerInBlock) : "0");
                rest = BLOCK_SLICE_POS + 1;
            }
            StringBuilder renamed = new StringBuilder();
            for (int i = 0; i < BLOCK_SLICE_POS - 1; i++) {
                renamed.append(parts[i]).append(DELIMITER);
            }
            renamed.append(String.join(DELIMITER, middle));
            for (int i = rest; i < parts.length; i++) {
                renamed.append(DELIMITER).append(parts[i]);
            }
            String name = renamed.toString();
            for (int i = 0; i < SGM.size(); i++) {
                name = name.replace(SGM.get(i), DIFFUSERS.get(i));
            }
            names.put(key, name);
        }
        return names;
    }

    private static int number(String part, String key, String source) {
        try {
            return Integer.parseInt(part);
        } catch (NumberFormatException e) {
            throw new WeightsException(
                    source + ": key " + key + " has '" + part + "' where an SDXL block name has a" + " block number");
        }
    }

    private static String inner(int index, String key, String source) {
        if (index < 0 || index >= INNER_BLOCKS.size()) {
            throw new WeightsException(source + ": key " + key + " names inner block " + index + "; SDXL blocks have"
                    + " 0 (resnets), 1 (attentions), 2 (upsamplers)");
        }
        return INNER_BLOCKS.get(index);
    }
}
