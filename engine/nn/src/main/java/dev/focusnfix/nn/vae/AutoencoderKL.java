package dev.focusnfix.nn.vae;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.focusnfix.api.tensor.Scalars;
import dev.focusnfix.nn.layers.Conv2d;
import dev.focusnfix.nn.module.Module;
import dev.focusnfix.nn.weights.StateDict;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The latent autoencoder of Stable Diffusion (diffusers {@code AutoencoderKL}), built from its {@code config.json}.
 * {@link #encode} maps images in [-1, 1] to a {@link LatentDistribution}; {@link #decode} maps latents back to images
 * (no scaling factor is applied by either: {@link #decodeScaled} does that for pipelines).
 * Forward passes are NDArray operations, differentiable when the caller records gradients; outputs live in the input's
 * manager.
 */
public final class AutoencoderKL extends Module {

    /** Attention parameter names of checkpoints written before diffusers 0.14. */
    private static final Pattern DEPRECATED_ATTENTION =
            Pattern.compile("^(.*\\.mid_block\\.attentions\\.\\d+\\.)(query|key|value|proj_attn)\\.(weight|bias)$");

    private final AutoencoderKLConfig config;
    private final VaeEncoder encoder;
    private final VaeDecoder decoder;
    private final Conv2d quantConv;
    private final Conv2d postQuantConv;

    public AutoencoderKL(AutoencoderKLConfig config) {
        this.config = config;
        this.encoder = register("encoder", new VaeEncoder(config));
        this.decoder = register("decoder", new VaeDecoder(config));
        long moments = 2L * config.latentChannels();
        this.quantConv =
                config.useQuantConv() ? register("quant_conv", new Conv2d(moments, moments, 1, 1, 0, true)) : null;
        this.postQuantConv = config.usePostQuantConv()
                ? register(
                        "post_quant_conv", new Conv2d(config.latentChannels(), config.latentChannels(), 1, 1, 0, true))
                : null;
    }

    /**
     * Builds the autoencoder of a component folder ({@code config.json} + weights) and loads every weight, insisting
     * that every tensor in the checkpoint is used. Weights are converted to {@code dtype} on {@code manager}.
     */
    public static AutoencoderKL load(Path folder, String variantOrNull, NDManager manager, DataType dtype)
            throws IOException {
        AutoencoderKL vae = new AutoencoderKL(AutoencoderKLConfig.read(folder));
        try (StateDict weights = StateDict.readComponent(folder, variantOrNull, manager, dtype)) {
            vae.loadChecked(weights);
        }
        return vae;
    }

    /**
     * Loads from a state dict holding exactly this autoencoder's weights (older attention names
     * {@code query/key/value/proj_attn} are accepted) and fails listing any unused key.
     */
    public void loadChecked(StateDict weights) {
        StateDict current =
                usesDeprecatedAttentionNames(weights) ? weights.renamed(AutoencoderKL::currentName) : weights;
        load(current, "");
        current.requireAllUsed();
    }

    private static boolean usesDeprecatedAttentionNames(StateDict weights) {
        return weights.keys().stream()
                .anyMatch(k -> DEPRECATED_ATTENTION.matcher(k).matches());
    }

    private static String currentName(String key) {
        Matcher m = DEPRECATED_ATTENTION.matcher(key);
        if (!m.matches()) {
            return key;
        }
        String renamed =
                switch (m.group(2)) {
                    case "query" -> "to_q";
                    case "key" -> "to_k";
                    case "value" -> "to_v";
                    default -> "to_out.0";
                };
        return m.group(1) + renamed + "." + m.group(3);
    }

    public AutoencoderKLConfig config() {
        return config;
    }

    /** The latent scaling factor of the config. */
    public double scalingFactor() {
        return config.scalingFactor();
    }

    /** Image [N, C, H, W] in [-1, 1] (H, W multiples of the downsampling factor) to the latent distribution. */
    public LatentDistribution encode(NDArray image) {
        NDArray moments = encoder.forward(image);
        if (quantConv != null) {
            moments = Ops.then(moments, quantConv::forward);
        }
        NDList halves = moments.split(2, 1);
        NDArray mean = halves.get(0);
        NDArray logvar = halves.get(1).clip(-30.0, 20.0);
        halves.get(1).close();
        moments.close();
        NDArray std = Ops.then(Scalars.mul(logvar, 0.5), NDArray::exp);
        return new LatentDistribution(mean, logvar, std);
    }

    /** Latents [N, latent_channels, h, w] (unscaled) to images [N, out_channels, 8h, 8w] in about [-1, 1]. */
    public NDArray decode(NDArray latents) {
        if (postQuantConv == null) {
            return decoder.forward(latents);
        }
        return Ops.then(postQuantConv.forward(latents), decoder::forward);
    }

    /**
     * {@link #decode} as a chain of stages whose composition it is (post_quant_conv joins the first), for a backward
     * pass that recomputes one stage at a time; each stage returns a new array and leaves its input to the caller.
     */
    public List<UnaryOperator<NDArray>> decodeStages() {
        List<UnaryOperator<NDArray>> stages = new ArrayList<>(decoder.stages());
        if (postQuantConv != null) {
            UnaryOperator<NDArray> first = stages.get(0);
            stages.set(0, latents -> Ops.then(postQuantConv.forward(latents), first));
        }
        return List.copyOf(stages);
    }

    /** Decodes latents in the diffusion model's space: {@code decode(z / scaling_factor + shift_factor)}. */
    public NDArray decodeScaled(NDArray scaledLatents) {
        NDArray z = Scalars.div(scaledLatents, config.scalingFactor());
        if (config.shiftFactor() != 0) {
            z = Ops.then(z, a -> a.add(config.shiftFactor()));
        }
        return Ops.then(z, this::decode);
    }
}
