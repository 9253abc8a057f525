package dev.focusnfix.nn.unet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.focusnfix.api.tensor.Scalars;
import dev.focusnfix.nn.layers.Activations;
import dev.focusnfix.nn.layers.Conv2d;
import dev.focusnfix.nn.layers.GroupNorm;
import dev.focusnfix.nn.module.Module;
import dev.focusnfix.nn.module.ModuleList;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The conditional denoising UNet of Stable Diffusion, SDXL and LDM (diffusers {@code UNet2DConditionModel}, 0.25
 * semantics), built from its {@link UNetConfig}. Parameter names equal the diffusers state-dict keys.
 *
 * <p>Memory: every intermediate is computed in the manager of {@code sample} and freed as soon as it is no longer
 * needed, so a caller that creates its inputs in a sub-manager and closes it afterwards leaves nothing behind.
 * Gradients flow through all operations (nothing is detached), to the inputs and to any parameter that requires
 * them.
 */
public final class UNet2DConditionModel extends Module {

    private final UNetConfig config;
    private final TimestepProjection timeProj;
    private final Conv2d convIn;
    private final TimestepEmbedding timeEmbedding;
    private final TimestepProjection addTimeProj;
    private final TimestepEmbedding addEmbedding;
    private final ModuleList<DownBlock> downBlocks;
    private final MidBlockCrossAttn midBlock;
    private final ModuleList<UpBlock> upBlocks;
    private final GroupNorm convNormOut;
    private final Conv2d convOut;

    public UNet2DConditionModel(UNetConfig config) {
        this.config = config;
        List<Integer> channels = config.blockOutChannels();
        int blocks = config.blockCount();
        int c0 = channels.get(0);
        int tembDim = config.timeEmbedDim();

        convIn = register(
                "conv_in",
                new Conv2d(config.inChannels(), c0, config.convInKernel(), 1, (config.convInKernel() - 1) / 2, true));
        timeProj = new TimestepProjection(c0, config.flipSinToCos(), config.freqShift());
        timeEmbedding = register("time_embedding", new TimestepEmbedding(c0, tembDim));
        if (config.textTimeAddition()) {
            addTimeProj =
                    new TimestepProjection(config.additionTimeEmbedDim(), config.flipSinToCos(), config.freqShift());
            addEmbedding = register(
                    "add_embedding", new TimestepEmbedding(config.projectionClassEmbeddingsInputDim(), tembDim));
        } else {
            addTimeProj = null;
            addEmbedding = null;
        }

        downBlocks = register("down_blocks", new ModuleList<>());
        int outChannels = c0;
        for (int i = 0; i < blocks; i++) {
            int inChannels = outChannels;
            outChannels = channels.get(i);
            boolean crossAttn = config.downBlockTypes().get(i).equals(UNetConfig.CROSS_ATTN_DOWN);
            downBlocks.add(new DownBlock(
                    inChannels,
                    outChannels,
                    tembDim,
                    config.layersPerBlock().get(i),
                    config,
                    crossAttn ? config.downTransformerDepths(i) : null,
                    config.attentionHeads().get(i),
                    config.crossAttentionDim().get(i),
                    i < blocks - 1));
        }

        if (config.midBlockType() != null) {
            midBlock = register(
                    "mid_block",
                    new MidBlockCrossAttn(
                            channels.get(blocks - 1),
                            tembDim,
                            config,
                            config.midTransformerDepth(),
                            config.attentionHeads().get(blocks - 1),
                            config.crossAttentionDim().get(blocks - 1)));
        } else {
            midBlock = null;
        }

        upBlocks = register("up_blocks", new ModuleList<>());
        outChannels = channels.get(blocks - 1);
        for (int i = 0; i < blocks; i++) {
            int reversed = blocks - 1 - i;
            int prevOutput = outChannels;
            outChannels = channels.get(reversed);
            int inChannels = channels.get(Math.max(reversed - 1, 0));
            boolean crossAttn = config.upBlockTypes().get(i).equals(UNetConfig.CROSS_ATTN_UP);
            upBlocks.add(new UpBlock(
                    inChannels,
                    outChannels,
                    prevOutput,
                    tembDim,
                    config.layersPerBlock().get(reversed) + 1,
                    config,
                    crossAttn ? config.upTransformerDepths(i) : null,
                    config.attentionHeads().get(reversed),
                    config.crossAttentionDim().get(reversed),
                    i < blocks - 1));
        }

        convNormOut = register("conv_norm_out", new GroupNorm(config.normNumGroups(), c0, config.normEps()));
        convOut = register(
                "conv_out",
                new Conv2d(
                        c0, config.outChannels(), config.convOutKernel(), 1, (config.convOutKernel() - 1) / 2, true));
    }

    /** {@link #load(Path, String, NDManager, DataType)} without a variant. */
    public static UNet2DConditionModel load(Path folder, NDManager manager, DataType dtype) throws IOException {
        return load(folder, null, manager, dtype);
    }

    /**
     * Reads {@code config.json} and the weights of a diffusers {@code unet} folder (optionally a variant such as
     * "fp16"), converted to {@code dtype} in {@code manager}; every checkpoint tensor must be used.
     */
    public static UNet2DConditionModel load(Path folder, String variantOrNull, NDManager manager, DataType dtype)
            throws IOException {
        UNet2DConditionModel unet = new UNet2DConditionModel(UNetConfig.read(folder.resolve("config.json")));
        unet.loadComponent(folder, variantOrNull, manager, dtype);
        return unet;
    }

    public UNetConfig config() {
        return config;
    }

    public ModuleList<DownBlock> downBlocks() {
        return downBlocks;
    }

    /** The mid block, or null when the config has none. */
    public MidBlockCrossAttn midBlock() {
        return midBlock;
    }

    public ModuleList<UpBlock> upBlocks() {
        return upBlocks;
    }

    /** All attention modules (self and cross), keyed by their dotted module names. */
    public Map<String, Attention> attentionModules() {
        Map<String, Attention> result = new LinkedHashMap<>();
        modules().forEach((name, module) -> {
            if (module instanceof Attention) {
                result.put(name, (Attention) module);
            }
        });
        return result;
    }

    /** Predicts the noise for SD v1.x / LDM UNets (no added conditions). */
    public NDArray forward(NDArray sample, NDArray timesteps, NDArray encoderHiddenStates) {
        return forward(sample, timesteps, encoderHiddenStates, null);
    }

    /**
     * @param sample latents [N, in, H, W]; its dtype is the compute dtype and its manager holds all intermediates
     * @param timesteps [N] (one per batch row; a single value is broadcast), any numeric type
     * @param encoderHiddenStates text embeddings [N, L, crossAttentionDim]
     * @param added SDXL's {@code text_embeds} and {@code time_ids}; required exactly when the config has
     *     {@code addition_embed_type: text_time}
     * @return the prediction [N, out, H, W], in sample's manager
     */
    public NDArray forward(NDArray sample, NDArray timesteps, NDArray encoderHiddenStates, AddedConditions added) {
        Shape shape = sample.getShape();
        if (shape.dimension() != 4 || shape.get(1) != config.inChannels()) {
            throw new IllegalArgumentException("sample must be [N, " + config.inChannels() + ", H, W], got " + shape);
        }
        long batch = shape.get(0);
        if (config.textTimeAddition() && added == null) {
            throw new IllegalArgumentException(config.source()
                    + ": this UNet has addition_embed_type text_time and needs text_embeds and time_ids");
        }
        if (!config.textTimeAddition() && added != null) {
            throw new IllegalArgumentException(
                    config.source() + ": this UNet has no addition embedding; text_embeds/time_ids cannot be used");
        }
        DataType dtype = sample.getDataType();

        NDArray emb = timeEmbedding(sample, timesteps, batch, dtype, added);

        // Nearest 2x upsampling only restores sizes divisible by 2^upsamplers; otherwise match the skips' sizes.
        int upsamplers = config.blockCount() - 1;
        boolean forwardUpsampleSize = shape.get(2) % (1L << upsamplers) != 0 || shape.get(3) % (1L << upsamplers) != 0;

        NDArray h = config.centerInputSample() ? Scalars.mul(sample, 2).sub(1) : sample;
        NDArray x = convIn.forward(h);
        if (h != sample) {
            h.close();
        }
        List<NDArray> skips = new ArrayList<>();
        skips.add(x);
        h = x;
        for (DownBlock block : downBlocks) {
            h = block.forward(h, emb, encoderHiddenStates, skips);
        }
        if (midBlock != null) {
            h = midBlock.forward(h, emb, encoderHiddenStates);
        }
        for (int i = 0; i < upBlocks.size(); i++) {
            UpBlock block = upBlocks.get(i);
            List<NDArray> consumed = new ArrayList<>(skips.subList(skips.size() - block.skipCount(), skips.size()));
            long[] upsampleSize = null;
            if (forwardUpsampleSize && i < upBlocks.size() - 1) {
                Shape next = skips.get(skips.size() - block.skipCount() - 1).getShape();
                upsampleSize = new long[] {next.get(2), next.get(3)};
            }
            NDArray out = block.forward(h, emb, encoderHiddenStates, skips, upsampleSize);
            NDArray input = h;
            if (consumed.stream().noneMatch(skip -> skip == input)) {
                h.close();
            }
            consumed.forEach(NDArray::close);
            h = out;
        }
        emb.close();

        NDArray act = convNormOut.forwardSilu(h);
        h.close();
        return Scratch.swap(act, convOut.forward(act));
    }

    private NDArray timeEmbedding(
            NDArray sample, NDArray timesteps, long batch, DataType dtype, AddedConditions added) {
        NDArray t = timesteps;
        if (t.getShape().size() == 1 && batch != 1) {
            t = t.reshape(1).repeat(0, batch);
        } else if (t.getShape().dimension() != 1 || t.getShape().get(0) != batch) {
            throw new IllegalArgumentException(
                    "timesteps must be [" + batch + "] (one per batch row), got " + t.getShape());
        }
        NDArray tFeatures = timeProj.forward(t);
        if (t != timesteps) {
            t.close();
        }
        tFeatures = Scratch.swap(tFeatures, tFeatures.toType(dtype, false));
        tFeatures = attachTo(tFeatures, sample);
        NDArray emb = Scratch.swap(tFeatures, timeEmbedding.forward(tFeatures));

        if (addEmbedding != null) {
            NDArray textEmbeds = added.textEmbeds();
            NDArray timeIds = added.timeIds();
            if (textEmbeds.getShape().dimension() != 2 || textEmbeds.getShape().get(0) != batch) {
                throw new IllegalArgumentException(
                        "text_embeds must be [" + batch + ", D], got " + textEmbeds.getShape());
            }
            if (timeIds.getShape().dimension() != 2 || timeIds.getShape().get(0) != batch) {
                throw new IllegalArgumentException("time_ids must be [" + batch + ", K], got " + timeIds.getShape());
            }
            NDArray flat = timeIds.reshape(-1);
            NDArray idFeatures = Scratch.swap(flat, addTimeProj.forward(flat));
            idFeatures = Scratch.swap(idFeatures, idFeatures.reshape(batch, -1));
            idFeatures = attachTo(idFeatures, sample);
            idFeatures = Scratch.swap(idFeatures, idFeatures.toType(dtype, false));
            NDArray text = textEmbeds.toType(dtype, false);
            NDArray addEmbeds = text.concat(idFeatures, 1);
            if (text != textEmbeds) {
                text.close();
            }
            idFeatures.close();
            addEmbeds = attachTo(addEmbeds, sample);
            long expected = config.projectionClassEmbeddingsInputDim();
            if (addEmbeds.getShape().get(1) != expected) {
                throw new IllegalArgumentException(
                        "text_embeds and time_ids give " + addEmbeds.getShape().get(1)
                                + " features but projection_class_embeddings_input_dim is " + expected);
            }
            NDArray aug = Scratch.swap(addEmbeds, addEmbedding.forward(addEmbeds));
            emb = Scratch.swap(emb, emb.add(aug));
            aug.close();
        }
        if (config.timeEmbeddingActFn() != null) {
            emb = Scratch.swap(
                    emb, Activations.byName(config.timeEmbeddingActFn()).apply(emb));
        }
        return emb;
    }

    /** Moves a fresh intermediate into the sample's manager (it may have been computed from another input). */
    private static NDArray attachTo(NDArray fresh, NDArray sample) {
        if (fresh.getManager() != sample.getManager()) {
            fresh.attach(sample.getManager());
        }
        return fresh;
    }

    /** SDXL's added conditions: pooled text embeddings [N, D] and the six size/crop ids per row [N, 6]. */
    public record AddedConditions(NDArray textEmbeds, NDArray timeIds) {}
}
