package dev.focusnfix.nn.pipeline;

import static dev.focusnfix.api.testkit.TensorAssert.assertMatchesReference;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.focusnfix.api.Conditioning;
import dev.focusnfix.api.PromptBatch;
import dev.focusnfix.api.SamplingSettings;
import dev.focusnfix.api.testkit.TensorAssert;
import dev.focusnfix.api.testkit.TestData;
import dev.focusnfix.nn.tokenizer.Tokenizer;
import dev.focusnfix.nn.weights.StateDict;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Whole text-to-image runs against diffusers 0.25 (DDIM, eta 0, classifier-free guidance from the stored initial
 * latents): the timesteps, the final latents and the decoded image of every fixture pipeline.
 */
class PipelineReferenceTest {

    @Test
    void tinySdMatchesDiffusers() throws Exception {
        assertRun(TestData.path("tiny-sd"), "pipeline_ddim10_cfg7.5.safetensors", PipelineFamily.STABLE_DIFFUSION);
    }

    @Test
    void tinySdxlMatchesDiffusers() throws Exception {
        assertRun(TestData.path("tiny-sdxl"), "pipeline_ddim10_cfg5.safetensors", PipelineFamily.STABLE_DIFFUSION_XL);
    }

    @Test
    void tinyLdmMatchesDiffusers() throws Exception {
        assertRun(TestData.path("tiny-ldm"), "pipeline_ddim10_cfg6.safetensors", PipelineFamily.LDM);
    }

    @Test
    void toyShapesTwoPromptsMatchDiffusers() throws Exception {
        assertRun(
                TestData.root().getParent().resolve("models/toy-shapes"),
                "pipeline_ddim20_cfg5.safetensors",
                PipelineFamily.STABLE_DIFFUSION);
    }

    private static void assertRun(Path folder, String expectedFile, PipelineFamily expectedFamily) throws Exception {
        String name = folder.getFileName().toString();
        try (LatentDiffusionPipeline pipeline =
                        LatentDiffusionPipeline.load(folder, null, null, Device.cpu(), DataType.FLOAT32);
                NDManager manager = NDManager.newBaseManager(Device.cpu());
                StateDict expected =
                        StateDict.read(folder.resolve("expected/" + expectedFile), manager, DataType.FLOAT32)) {
            assertEquals(expectedFamily, pipeline.family(), "family from model_index.json");
            Map<String, String> meta = expected.metadata();
            List<String> prompts = meta.containsKey("prompts")
                    ? Arrays.asList(meta.get("prompts").split(" \\| "))
                    : List.of(meta.get("prompt"));
            int steps = Integer.parseInt(meta.get("steps"));
            float guidance = Float.parseFloat(meta.get("guidance_scale"));
            assertEquals(0f, Float.parseFloat(meta.get("eta")));

            assertTokenization(folder, pipeline.family(), prompts, expected);

            NDArray xT = expected.get("init_latents");
            int f = pipeline.vaeScaleFactor();
            SamplingSettings settings = new SamplingSettings(
                    (int) xT.getShape().get(2) * f, (int) xT.getShape().get(3) * f, steps, guidance, 0f);
            int[] expectedTimesteps = roundedInts(expected.get("timesteps"));
            assertArrayEquals(expectedTimesteps, pipeline.schedule().timesteps(steps), name + " timesteps");
            if (expected.contains("time_ids")) {
                assertArrayEquals(
                        expected.get("time_ids").toFloatArray(),
                        SizeConditioning.DEFAULT.timeIds(settings.height(), settings.width()),
                        name + " time_ids");
            }

            try (Conditioning conditioning = pipeline.encodePrompts(PromptBatch.of(prompts), manager)) {
                NDArray finalLatents = Sampler.of(pipeline).sample(conditioning, xT, settings);
                NDArray image = pipeline.decode(finalLatents);
                System.out.printf(
                        "%s pipeline: final_latents relative L2 %.2e, image %.2e%n",
                        name,
                        TensorAssert.relativeL2(expected.get("final_latents"), finalLatents),
                        TensorAssert.relativeL2(expected.get("image"), image));
                assertMatchesReference(name + " final_latents", expected.get("final_latents"), finalLatents);
                assertMatchesReference(name + " image", expected.get("image"), image);
            }
        }
    }

    /** The stored ids confirm that the prompts read from the metadata are the ones the reference encoded. */
    private static void assertTokenization(Path folder, PipelineFamily family, List<String> prompts, StateDict expected)
            throws Exception {
        Tokenizer tokenizer = family == PipelineFamily.LDM
                ? Tokenizer.load(folder.resolve("tokenizer"), 77)
                : Tokenizer.load(folder.resolve("tokenizer"));
        assertIds(expected.get("prompt_ids"), tokenizer.encode(prompts));
        if (expected.contains("uncond_ids")) {
            assertIds(expected.get("uncond_ids"), tokenizer.encode(List.of("")));
        }
        if (expected.contains("prompt_ids_2")) {
            assertIds(
                    expected.get("prompt_ids_2"),
                    Tokenizer.load(folder.resolve("tokenizer_2")).encode(prompts));
        }
    }

    private static void assertIds(NDArray expected, int[][] actual) {
        int[] flat = Arrays.stream(actual).flatMapToInt(Arrays::stream).toArray();
        int[] stored = roundedInts(expected);
        assertArrayEquals(stored, flat, "token ids");
    }

    private static int[] roundedInts(NDArray values) {
        return Arrays.stream(values.toType(DataType.FLOAT64, false).toDoubleArray())
                .mapToInt(v -> (int) Math.round(v))
                .toArray();
    }
}
