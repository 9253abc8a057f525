package dev.focusnfix.nn.vae;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.focusnfix.nn.config.ConfigJson;
import dev.focusnfix.nn.layers.Activations;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;

/**
 * A diffusers {@code AutoencoderKL} {@code config.json} with the diffusers 0.25 defaults for absent keys (and the
 * later {@code use_quant_conv}, {@code use_post_quant_conv}, {@code mid_block_add_attention}, default true). A value
 * this implementation cannot build, or an unknown key, is a {@link VaeConfigException} naming it.
 *
 * @param source               where the config came from, for messages
 * @param inChannels           image channels in
 * @param outChannels          image channels out
 * @param blockOutChannels     channels of each resolution level, finest first
 * @param layersPerBlock       resnets per encoder level (the decoder uses one more)
 * @param actFn                activation name
 * @param latentChannels       latent channels
 * @param normNumGroups        group-norm groups
 * @param scalingFactor        latent scaling factor (latents fed to a UNet are {@code (z - shift) * scaling})
 * @param shiftFactor          latent shift (0 when absent)
 * @param useQuantConv         whether the 1x1 {@code quant_conv} follows the encoder
 * @param usePostQuantConv     whether the 1x1 {@code post_quant_conv} precedes the decoder
 * @param midBlockAddAttention whether the mid blocks have their attention layer
 */
public record AutoencoderKLConfig(
        String source,
        int inChannels,
        int outChannels,
        List<Integer> blockOutChannels,
        int layersPerBlock,
        String actFn,
        int latentChannels,
        int normNumGroups,
        double scalingFactor,
        double shiftFactor,
        boolean useQuantConv,
        boolean usePostQuantConv,
        boolean midBlockAddAttention) {

    public static final String DOWN_BLOCK = "DownEncoderBlock2D";
    public static final String UP_BLOCK = "UpDecoderBlock2D";

    /** Keys that do not change the network (or are checked above), besides the "_"-prefixed bookkeeping keys. */
    private static final Set<String> KNOWN_KEYS = Set.of(
            "in_channels",
            "out_channels",
            "down_block_types",
            "up_block_types",
            "block_out_channels",
            "layers_per_block",
            "act_fn",
            "latent_channels",
            "norm_num_groups",
            "sample_size",
            "scaling_factor",
            "shift_factor",
            "latents_mean",
            "latents_std",
            "force_upcast",
            "use_quant_conv",
            "use_post_quant_conv",
            "mid_block_add_attention");

    public AutoencoderKLConfig {
        blockOutChannels = Collections.unmodifiableList(new ArrayList<>(blockOutChannels));
        if (blockOutChannels.isEmpty()) {
            throw error(source, "block_out_channels", "[]", "at least one level");
        }
        for (int channels : blockOutChannels) {
            if (channels <= 0 || channels % normNumGroups != 0) {
                throw error(
                        source,
                        "norm_num_groups",
                        normNumGroups,
                        "a divisor of every block_out_channels entry " + blockOutChannels);
            }
        }
        if (layersPerBlock < 1) {
            throw error(source, "layers_per_block", layersPerBlock, "an integer >= 1");
        }
        if (inChannels < 1 || outChannels < 1 || latentChannels < 1) {
            throw error(
                    source,
                    "in_channels/out_channels/latent_channels",
                    inChannels + "/" + outChannels + "/" + latentChannels,
                    "positive integers");
        }
        if (scalingFactor == 0 || Double.isNaN(scalingFactor)) {
            throw error(source, "scaling_factor", scalingFactor, "a non-zero number");
        }
        try {
            Activations.byName(actFn);
        } catch (IllegalArgumentException e) {
            throw error(source, "act_fn", "\"" + actFn + "\"", "silu, swish, gelu, gelu_tanh, quick_gelu");
        }
    }

    /** Reads {@code config.json} (given the file or the component folder). */
    public static AutoencoderKLConfig read(Path fileOrFolder) throws IOException {
        Path file = Files.isDirectory(fileOrFolder) ? fileOrFolder.resolve("config.json") : fileOrFolder;
        return from(ConfigJson.parse(ConfigJson.readText(file), file.toString(), VaeConfigException::new));
    }

    /** Parses a config object; {@code source} names it in messages. */
    public static AutoencoderKLConfig fromJson(JsonObject json, String source) {
        return from(new ConfigJson(json, source, VaeConfigException::new));
    }

    private static AutoencoderKLConfig from(ConfigJson config) {
        JsonObject json = config.json();
        String source = config.source();
        for (String key : json.keySet()) {
            if (!key.startsWith("_") && !KNOWN_KEYS.contains(key)) {
                throw new VaeConfigException(source + ": unknown key \"" + key + "\" for AutoencoderKL; known keys: "
                        + String.join(", ", new java.util.TreeSet<>(KNOWN_KEYS)));
            }
        }
        JsonElement className = json.get("_class_name");
        if (className != null
                && className.isJsonPrimitive()
                && !className.getAsString().equals("AutoencoderKL")) {
            throw error(source, "_class_name", "\"" + className.getAsString() + "\"", "AutoencoderKL");
        }
        List<Integer> blocks = config.integers("block_out_channels", List.of(64));
        checkBlockTypes(json, "down_block_types", DOWN_BLOCK, blocks.size(), source);
        checkBlockTypes(json, "up_block_types", UP_BLOCK, blocks.size(), source);
        return new AutoencoderKLConfig(
                source,
                config.integer("in_channels", 3),
                config.integer("out_channels", 3),
                blocks,
                config.integer("layers_per_block", 1),
                config.string("act_fn", "silu"),
                config.integer("latent_channels", 4),
                config.integer("norm_num_groups", 32),
                config.number("scaling_factor", 0.18215),
                config.number("shift_factor", 0.0),
                config.bool("use_quant_conv", true),
                config.bool("use_post_quant_conv", true),
                config.bool("mid_block_add_attention", true));
    }

    /** Number of resolution levels; the latent is {@code 2^(levels - 1)} times smaller than the image. */
    public int levels() {
        return blockOutChannels.size();
    }

    /** Image-to-latent downsampling factor. */
    public int downsamplingFactor() {
        return 1 << (levels() - 1);
    }

    private static void checkBlockTypes(JsonObject json, String key, String accepted, int levels, String source) {
        JsonElement e = json.get(key);
        List<String> types = new ArrayList<>();
        if (e == null || e.isJsonNull()) {
            types.add(accepted); // the diffusers default: a single block
        } else if (!e.isJsonArray()) {
            throw error(source, key, e, "a list of \"" + accepted + "\"");
        } else {
            for (JsonElement t : e.getAsJsonArray()) {
                if (!t.isJsonPrimitive() || !t.getAsJsonPrimitive().isString()) {
                    throw error(source, key, t, "\"" + accepted + "\"");
                }
                types.add(t.getAsString());
            }
        }
        for (String type : types) {
            if (!type.equals(accepted)) {
                throw error(source, key, "\"" + type + "\"", "\"" + accepted + "\"");
            }
        }
        if (types.size() != levels) {
            throw new VaeConfigException(
                    source + ": " + key + " has " + types.size() + " entries but block_out_channels has " + levels);
        }
    }

    private static VaeConfigException error(String source, String key, Object value, String accepted) {
        return new VaeConfigException(source + ": unsupported " + key + " = " + value + "; accepted: " + accepted);
    }
}
