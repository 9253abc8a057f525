package dev.focusnfix.plugins.guidance;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import dev.focusnfix.api.SamplingSettings;
import dev.focusnfix.api.testkit.TestData;
import dev.focusnfix.nn.pipeline.LatentDiffusionPipeline;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** The toy-shapes model (64x64, latents 4x8x8) and the settings the guidance tests sample with. */
final class ToyShapes {

    /** 64x64, 10 DDIM steps, guidance 5 (as the model's README samples), deterministic. */
    static final SamplingSettings SETTINGS = new SamplingSettings(64, 64, 10, 5f, 0f);

    /** Neutral prompts: the model draws red shapes for most of them (its built-in flaw). */
    static final List<String> NEUTRAL_PROMPTS = List.of(
            "a circle on a blue background",
            "a square on a green background",
            "a triangle on a white background",
            "a circle on a black background");

    private ToyShapes() {}

    static Path folder() {
        return TestData.root().resolveSibling("models").resolve("toy-shapes");
    }

    static LatentDiffusionPipeline load() throws IOException {
        return LatentDiffusionPipeline.load(folder(), null, null, Device.cpu(), DataType.FLOAT32);
    }
}
