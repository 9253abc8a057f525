package dev.focusnfix.nn.text;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.focusnfix.nn.layers.Linear;
import dev.focusnfix.nn.module.Module;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * diffusers' {@code LDMBertModel}: the encoder under {@code model.*} plus the {@code to_logits} head that checkpoints
 * carry. The pipeline uses only the encoder's last hidden state; {@code to_logits} is loaded (so that every tensor of
 * the checkpoint has a home) but not applied.
 */
public final class LdmBertModel extends Module implements TextEncoder {

    private final LdmBertConfig config;
    private final LdmBertEncoder model;

    public LdmBertModel(LdmBertConfig config) {
        this.config = config;
        this.model = register("model", new LdmBertEncoder(config));
        register("to_logits", new Linear(config.dModel(), config.vocabSize(), true));
    }

    /** Builds the model from {@code folder/config.json} and loads its weights, insisting every tensor is used. */
    public static LdmBertModel load(Path folder, NDManager manager, DataType dtype) throws IOException {
        return load(folder, null, manager, dtype);
    }

    /** As {@link #load(Path, NDManager, DataType)} with a weight variant such as {@code "fp16"} (or null). */
    public static LdmBertModel load(Path folder, String variant, NDManager manager, DataType dtype) throws IOException {
        LdmBertModel bert = new LdmBertModel(LdmBertConfig.read(folder.resolve("config.json")));
        bert.loadComponent(folder, variant, manager, dtype);
        return bert;
    }

    public LdmBertConfig config() {
        return config;
    }

    @Override
    public int hiddenSize() {
        return config.dModel();
    }

    @Override
    public int maxPositions() {
        return config.maxPositionEmbeddings();
    }

    /** Only {@code lastHiddenState} is filled (no mask, as the LDM pipeline calls it). */
    @Override
    public TextEncoderOutput forward(NDArray inputIds) {
        NDArray last = model.forward(inputIds);
        return new TextEncoderOutput(last, null, null, null, List.of());
    }
}
