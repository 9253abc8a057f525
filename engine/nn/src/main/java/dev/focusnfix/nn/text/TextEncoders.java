package dev.focusnfix.nn.text;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.focusnfix.nn.config.ConfigJson;
import java.io.IOException;
import java.nio.file.Path;

/** Loads the text encoder stored in a component folder, choosing the architecture from its {@code config.json}. */
public final class TextEncoders {

    private TextEncoders() {}

    /**
     * CLIP text models ({@code model_type} clip_text_model, or a CLIPModel's text tower) and LDMBert
     * ({@code model_type} ldmbert); anything else is an error naming {@code model_type}.
     */
    public static TextEncoder load(Path folder, String variant, NDManager manager, DataType dtype) throws IOException {
        ConfigJson config = ConfigJson.read(folder.resolve("config.json"));
        String modelType = config.string("model_type", null);
        String architecture = config.architecture();
        if ("ldmbert".equals(modelType) || "LDMBertModel".equals(architecture)) {
            return LdmBertModel.load(folder, variant, manager, dtype);
        }
        if (modelType == null || modelType.equals("clip_text_model")) {
            return ClipTextModel.load(folder, variant, manager, dtype);
        }
        throw config.error(
                "model_type",
                "\"" + modelType + "\" is not a supported text encoder (supported: clip_text_model, ldmbert)");
    }

    public static TextEncoder load(Path folder, NDManager manager, DataType dtype) throws IOException {
        return load(folder, null, manager, dtype);
    }
}
