package dev.focusnfix.nn.text;

import dev.focusnfix.nn.config.ConfigJson;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The configuration of a CLIP text tower ({@code CLIPTextModel}, {@code CLIPTextModelWithProjection}, or the
 * {@code text_config} of a {@code CLIPModel}).
 *
 * @param projectionDim output width of {@code text_projection}; only used when {@code withProjection}
 * @param withProjection whether the checkpoint has {@code text_projection.weight} (CLIPTextModelWithProjection and
 *     CLIPModel)
 * @param eosTokenId where the pooled output is taken: 2 selects the legacy rule (position of the largest id)
 */
public record ClipTextConfig(
        ClipEncoderConfig encoder,
        int vocabSize,
        int maxPositionEmbeddings,
        int eosTokenId,
        int projectionDim,
        boolean withProjection) {

    /** The eos_token_id that old CLIP configs carry; with it, pooling uses argmax(input_ids) as transformers does. */
    public static final int LEGACY_EOS_TOKEN_ID = 2;

    /** transformers' CLIPTextConfig default. */
    public static final int DEFAULT_EOS_TOKEN_ID = 49407;

    /** Reads {@code config.json} of a text encoder folder (or a CLIPModel folder's text tower). */
    public static ClipTextConfig read(Path configFile) throws IOException {
        return from(ConfigJson.read(configFile));
    }

    /** Interprets a text-model config, or a CLIPModel config (its {@code text_config} plus the shared projection). */
    public static ClipTextConfig from(ConfigJson config) {
        ClipTower tower = ClipTower.select(config, ClipTower.Kind.TEXT);
        ConfigJson text = tower.config();
        // Defaults are those of transformers' CLIPTextConfig.
        ClipEncoderConfig encoder = ClipEncoderConfig.from(text, 512, 2048, 8, 12);
        return new ClipTextConfig(
                encoder,
                text.positive("vocab_size", 49408),
                text.positive("max_position_embeddings", 77),
                text.integer("eos_token_id", DEFAULT_EOS_TOKEN_ID),
                tower.projectionDim(),
                tower.withProjection());
    }
}
