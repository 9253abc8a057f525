package dev.focusnfix.nn.pipeline;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.focusnfix.api.PromptBatch;
import dev.focusnfix.api.tensor.Scalars;
import dev.focusnfix.nn.text.TextEncoder;
import dev.focusnfix.nn.text.TextEncoderOutput;
import dev.focusnfix.nn.tokenizer.Tokenizer;
import java.util.List;

/**
 * SDXL prompt encoding (diffusers {@code StableDiffusionXLPipeline.encode_prompt}): each text encoder's penultimate
 * hidden state, concatenated along the feature axis; the pooled embedding is the last encoder's projected
 * {@code text_embeds}. With {@code force_zeros_for_empty_prompt}, an empty negative prompt gives all-zero
 * unconditional embeddings and pooled embeddings instead of the encoded empty string.
 */
final class SdxlPrompts implements PromptEncoder {

    private final List<Tokenizer> tokenizers;
    private final List<TextEncoder> encoders;
    private final boolean forceZerosForEmptyPrompt;
    private final Device device;

    SdxlPrompts(
            List<Tokenizer> tokenizers, List<TextEncoder> encoders, boolean forceZerosForEmptyPrompt, Device device) {
        if (tokenizers.size() != encoders.size() || encoders.isEmpty()) {
            throw new IllegalArgumentException("SDXL needs one tokenizer per text encoder");
        }
        this.tokenizers = List.copyOf(tokenizers);
        this.encoders = List.copyOf(encoders);
        this.forceZerosForEmptyPrompt = forceZerosForEmptyPrompt;
        this.device = device;
    }

    @Override
    public TextConditioning encode(PromptBatch prompts, NDManager manager) {
        List<String> texts = PromptEncoder.unconditionalThenConditional(prompts);
        int n = prompts.size();
        float[] keepRow = new float[2 * n];
        boolean anyZeroed = false;
        for (int i = 0; i < 2 * n; i++) {
            boolean zeroed = i < n
                    && forceZerosForEmptyPrompt
                    && prompts.negativePrompts().get(i).isEmpty();
            keepRow[i] = zeroed ? 0f : 1f;
            anyZeroed |= zeroed;
        }
        NDManager owner = manager.newSubManager();
        try {
            NDArray context;
            NDArray pooled;
            try (NDManager work = owner.newSubManager()) {
                NDList states = new NDList();
                NDArray textEmbeds = null;
                for (int e = 0; e < encoders.size(); e++) {
                    int[][] ids = tokenizers.get(e).encode(texts);
                    TextEncoderOutput out = encoders.get(e).forward(PromptEncoder.idsTensor(ids, work, device));
                    if (out.penultimateHiddenState() == null) {
                        throw new IllegalStateException("SDXL text encoder " + (e + 1)
                                + " has no penultimate hidden state (it needs at least two layers)");
                    }
                    states.add(out.penultimateHiddenState());
                    textEmbeds = out.textEmbeds();
                }
                if (textEmbeds == null) {
                    throw new IllegalStateException("SDXL's last text encoder must have a text_projection"
                            + " (CLIPTextModelWithProjection) to give the pooled embedding");
                }
                context = NDArrays.concat(states, 2);
                pooled = textEmbeds;
                if (anyZeroed) {
                    // Multiplying by an exact 0/1 row mask zeroes the forced rows and leaves the others untouched.
                    NDArray mask = Scalars.constant(work, keepRow, new Shape(2L * n, 1), context.getDataType())
                            .toDevice(context.getDevice(), false);
                    NDArray mask3 = mask.reshape(2L * n, 1, 1);
                    context = context.mul(mask3);
                    pooled = pooled.mul(mask);
                }
                context.attach(owner);
                pooled.attach(owner);
            }
            return TextConditioning.of(owner, context, pooled, SizeConditioning.DEFAULT);
        } catch (RuntimeException e) {
            owner.close();
            throw e;
        }
    }
}
