package dev.focusnfix.sdk.clip;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import dev.focusnfix.api.Experimental;
import dev.focusnfix.api.image.Interpolation;
import dev.focusnfix.nn.text.ClipTextModel;
import dev.focusnfix.nn.tokenizer.Tokenizer;
import dev.focusnfix.nn.weights.StateDict;
import dev.focusnfix.nn.weights.WeightsException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Loads an open_clip CLIP checkpoint (one {@code .safetensors} file with open_clip's key names: {@code visual.*},
 * {@code transformer.resblocks.*}, {@code token_embedding}, {@code positional_embedding}, {@code ln_final},
 * {@code text_projection}, {@code logit_scale}) into the native {@link ClipModel}: the same modules as the Hugging
 * Face layout, with the fused {@code in_proj_weight} split into q, k, v and the {@code x @ proj} matrices transposed
 * into bias-free linear weights. Preprocessing is open_clip's evaluation transform (bicubic resize of the shorter
 * side, centre crop, OpenAI mean and std), done differentiably.
 *
 * <p>open_clip publishes PyTorch pickles ({@code .pt}/{@code .bin}), which cannot be read without Python; convert them
 * once with {@code engine/testdata/hpsv2/convert_open_clip_checkpoint.py}.
 */
@Experimental
public final class OpenClipCheckpoint {

    private static final Pattern BLOCK = Pattern.compile("(visual\\.)?transformer\\.resblocks\\.(\\d+)\\.(.+)");

    private OpenClipCheckpoint() {}

    /**
     * Loads the checkpoint with its architecture {@code config}; the text is tokenised with the CLIP BPE in
     * {@code tokenizerFolder} ({@code vocab.json} + {@code merges.txt}) to the config's context length. Every
     * tensor of the checkpoint must find its module.
     */
    public static ClipModel load(
            Path checkpoint, OpenClipConfig config, Path tokenizerFolder, NDManager manager, DataType dtype)
            throws IOException {
        String name = checkpoint.getFileName().toString();
        if (!name.endsWith(".safetensors")) {
            throw new IOException(checkpoint + " is not a .safetensors file: convert the open_clip checkpoint once"
                    + " with engine/testdata/hpsv2/convert_open_clip_checkpoint.py (PyTorch pickles cannot be read"
                    + " without Python)");
        }
        if (!Files.isRegularFile(checkpoint)) {
            throw new IOException("open_clip checkpoint not found: " + checkpoint);
        }
        ClipTextModel text = new ClipTextModel(config.text());
        ClipVisionModel vision = new ClipVisionModel(config.vision());
        double logitScale;
        try (StateDict openClip = StateDict.read(checkpoint, manager, dtype)) {
            try (StateDict hf = StateDict.of(toHuggingFaceLayout(openClip, config))) {
                text.loadWeights(hf);
                vision.loadWeights(hf);
                NDArray scale = hf.get(ClipModel.LOGIT_SCALE_KEY);
                try (NDArray asFloat = scale.toType(DataType.FLOAT32, true)) {
                    logitScale = asFloat.toFloatArray()[0];
                }
                scale.close();
                hf.requireAllUsed();
            }
            openClip.requireAllUsed();
        }
        int size = config.vision().imageSize();
        ClipImageProcessor processor = new ClipImageProcessor(
                true,
                size,
                0,
                0,
                Interpolation.BICUBIC,
                true,
                size,
                size,
                true,
                ClipImageProcessor.OPENAI_CLIP_MEAN,
                ClipImageProcessor.OPENAI_CLIP_STD);
        Tokenizer tokenizer = Tokenizer.load(tokenizerFolder, config.contextLength());
        return new ClipModel(text, vision, processor, tokenizer, logitScale);
    }

    /**
     * The tensors under the transformers names. Keys this layout does not know stay unused in {@code openClip},
     * so that {@link StateDict#requireAllUsed()} names them.
     */
    static Map<String, NDArray> toHuggingFaceLayout(StateDict openClip, OpenClipConfig config) {
        Map<String, NDArray> out = new LinkedHashMap<>();
        try {
            for (String key : openClip.keys()) {
                Matcher block = BLOCK.matcher(key);
                if (block.matches()) {
                    String tower = block.group(1) != null ? "vision_model" : "text_model";
                    int width = block.group(1) != null
                            ? config.vision().encoder().hiddenSize()
                            : config.text().encoder().hiddenSize();
                    String prefix = tower + ".encoder.layers." + block.group(2) + ".";
                    mapBlock(openClip, key, block.group(3), prefix, width, out);
                    continue;
                }
                String target =
                        switch (key) {
                            case "logit_scale" -> ClipModel.LOGIT_SCALE_KEY;
                            case "token_embedding.weight" -> "text_model.embeddings.token_embedding.weight";
                            case "positional_embedding" -> "text_model.embeddings.position_embedding.weight";
                            case "ln_final.weight" -> "text_model.final_layer_norm.weight";
                            case "ln_final.bias" -> "text_model.final_layer_norm.bias";
                            case "visual.class_embedding" -> "vision_model.embeddings.class_embedding";
                            case "visual.positional_embedding" -> "vision_model.embeddings.position_embedding.weight";
                            case "visual.conv1.weight" -> "vision_model.embeddings.patch_embedding.weight";
                            case "visual.ln_pre.weight" -> "vision_model.pre_layrnorm.weight";
                            case "visual.ln_pre.bias" -> "vision_model.pre_layrnorm.bias";
                            case "visual.ln_post.weight" -> "vision_model.post_layernorm.weight";
                            case "visual.ln_post.bias" -> "vision_model.post_layernorm.bias";
                            default -> null;
                        };
                if (target != null) {
                    out.put(target, openClip.get(key));
                } else if (key.equals("text_projection") || key.equals("visual.proj")) {
                    // open_clip multiplies x @ proj ([width, embed]); a linear layer stores [embed, width].
                    NDArray proj = openClip.get(key);
                    out.put(
                            key.equals("text_projection") ? "text_projection.weight" : "visual_projection.weight",
                            ownedCopy(proj.transpose()));
                    proj.close();
                } else if (key.equals("attn_mask")) {
                    // The causal mask buffer some exports keep: the text tower builds its own.
                    openClip.markUsed(key);
                }
            }
        } catch (RuntimeException e) {
            out.values().forEach(NDArray::close);
            throw e;
        }
        return out;
    }

    /**
     * A copy of a view in memory of its own, closing the view: the checkpoint's tensors may live in buffers that are
     * released with the original array, which a view would go on reading.
     */
    private static NDArray ownedCopy(NDArray view) {
        NDArray copy = view.duplicate();
        view.close();
        return copy;
    }

    /** One residual block: {@code ln_1, attn.in_proj_*, attn.out_proj, ln_2, mlp.c_fc, mlp.c_proj}. */
    private static void mapBlock(
            StateDict openClip, String key, String rest, String prefix, int width, Map<String, NDArray> out) {
        switch (rest) {
            case "attn.in_proj_weight", "attn.in_proj_bias" -> {
                NDArray fused = openClip.get(key);
                if (fused.getShape().get(0) != 3L * width) {
                    String shape = fused.getShape().toString();
                    fused.close();
                    throw new WeightsException(openClip.source() + ": '" + key + "' has shape " + shape
                            + " but the config's width " + width + " needs " + 3 * width + " rows (q, k, v): the"
                            + " checkpoint is of another architecture (give its open_clip model config)");
                }
                String suffix = rest.endsWith("weight") ? "weight" : "bias";
                String[] parts = {"q_proj", "k_proj", "v_proj"};
                for (int i = 0; i < 3; i++) {
                    out.put(
                            prefix + "self_attn." + parts[i] + "." + suffix,
                            ownedCopy(fused.get(new NDIndex("{}:{}", (long) i * width, (long) (i + 1) * width))));
                }
                fused.close();
            }
            default -> {
                String target = rest.replaceFirst("^ln_1\\.", "layer_norm1.")
                        .replaceFirst("^ln_2\\.", "layer_norm2.")
                        .replaceFirst("^attn\\.out_proj\\.", "self_attn.out_proj.")
                        .replaceFirst("^mlp\\.c_fc\\.", "mlp.fc1.")
                        .replaceFirst("^mlp\\.c_proj\\.", "mlp.fc2.");
                if (!target.equals(rest)) {
                    out.put(prefix + target, openClip.get(key));
                }
            }
        }
    }
}
