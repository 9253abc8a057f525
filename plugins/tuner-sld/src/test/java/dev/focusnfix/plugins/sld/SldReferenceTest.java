package dev.focusnfix.plugins.sld;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.focusnfix.api.Conditioning;
import dev.focusnfix.api.PromptBatch;
import dev.focusnfix.api.SamplingSettings;
import dev.focusnfix.api.testkit.TensorAssert;
import dev.focusnfix.api.testkit.TestData;
import dev.focusnfix.nn.pipeline.LatentDiffusionPipeline;
import dev.focusnfix.nn.weights.StateDict;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Parity with diffusers' {@code StableDiffusionPipelineSafe} on the tiny-sd fixture: both configurations of
 * {@code sld_ddim10_cfg7.5.safetensors} (made by diffusers v0.25; prompt, concept and parameters in its metadata)
 * from its {@code init_latents} to its final latents, to 1e-4 relative L2.
 */
class SldReferenceTest {

    static final Path REFERENCE = TestData.path("tiny-sd/expected/sld_ddim10_cfg7.5.safetensors");

    @ParameterizedTest
    @ValueSource(strings = {"medium", "strong"})
    void reproducesTheReferenceConfiguration(String name) throws Exception {
        try (NDManager manager = NDManager.newBaseManager();
                StateDict reference = StateDict.read(REFERENCE, manager, DataType.FLOAT32);
                LatentDiffusionPipeline pipeline = LatentDiffusionPipeline.load(
                        TestData.path("tiny-sd"), null, null, Device.cpu(), DataType.FLOAT32);
                StateDict plain = StateDict.read(
                        TestData.path("tiny-sd/expected/pipeline_ddim10_cfg7.5.safetensors"),
                        manager,
                        DataType.FLOAT32)) {
            Map<String, String> meta = reference.metadata();
            SldParameters parameters = parse(meta.get("sld_" + name));
            NDArray xT = reference.get("init_latents");
            int f = pipeline.vaeScaleFactor();
            SamplingSettings settings = new SamplingSettings(
                    (int) xT.getShape().get(2) * f,
                    (int) xT.getShape().get(3) * f,
                    Integer.parseInt(meta.get("steps")),
                    Float.parseFloat(meta.get("guidance_scale")),
                    Float.parseFloat(meta.get("eta")));
            PromptBatch prompts = PromptBatch.of(List.of(meta.get("prompt")));
            NDArray latents;
            try (Conditioning conditioning = pipeline.encodePrompts(prompts, manager)) {
                latents = new SafeLatentDiffusionSampler(parameters, meta.get("safety_concept"))
                        .sample(pipeline, conditioning, prompts, xT, settings);
            }
            NDArray expected = reference.get("final_latents_" + name);
            System.out.println(
                    "sld " + name + ": relative L2 to diffusers " + TensorAssert.relativeL2(expected, latents));
            TensorAssert.assertMatchesReference("final_latents_" + name, expected, latents);
            // The reference is not plain sampling: SLD moved the latents far beyond the tolerance.
            double fromPlain = TensorAssert.relativeL2(plain.get("final_latents"), expected);
            assertTrue(fromPlain > 1e-2, "SLD reference differs from plain CFG by only " + fromPlain);
        }
    }

    /** {@code sld_guidance_scale=1000.0,sld_warmup_steps=2,...} as the fixture's metadata spells it. */
    static SldParameters parse(String text) {
        Map<String, String> values = new HashMap<>();
        for (String pair : text.split(",")) {
            String[] kv = pair.split("=", 2);
            values.put(kv[0].trim(), kv[1].trim());
        }
        assertEquals(5, values.size(), text);
        return new SldParameters(
                Float.parseFloat(values.get("sld_guidance_scale")),
                Integer.parseInt(values.get("sld_warmup_steps")),
                Float.parseFloat(values.get("sld_threshold")),
                Float.parseFloat(values.get("sld_momentum_scale")),
                Float.parseFloat(values.get("sld_mom_beta")));
    }
}
