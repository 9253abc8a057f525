package dev.focusnfix.nn.pipeline;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.focusnfix.api.PromptBatch;
import dev.focusnfix.nn.text.TextEncoder;
import dev.focusnfix.nn.tokenizer.Tokenizer;

/**
 * Stable Diffusion v1.x and LDM prompt encoding: one tokenizer and text encoder, the encoder's last hidden state for
 * the prompts (conditional branch) and for the negative prompts (unconditional branch, the empty prompt by default).
 * Both branches are encoded in one batched call.
 */
final class SingleEncoderPrompts implements PromptEncoder {

    private final Tokenizer tokenizer;
    private final TextEncoder encoder;
    private final Device device;

    SingleEncoderPrompts(Tokenizer tokenizer, TextEncoder encoder, Device device) {
        this.tokenizer = tokenizer;
        this.encoder = encoder;
        this.device = device;
    }

    @Override
    public TextConditioning encode(PromptBatch prompts, NDManager manager) {
        int[][] ids = tokenizer.encode(PromptEncoder.unconditionalThenConditional(prompts));
        NDManager owner = manager.newSubManager();
        try {
            NDArray context;
            try (NDManager work = owner.newSubManager()) {
                context = encoder.forward(PromptEncoder.idsTensor(ids, work, device))
                        .lastHiddenState();
                context.attach(owner);
            }
            return TextConditioning.of(owner, context, null, SizeConditioning.DEFAULT);
        } catch (RuntimeException e) {
            owner.close();
            throw e;
        }
    }
}
