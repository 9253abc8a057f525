package dev.focusnfix.nn.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.focusnfix.api.Conditioning;
import dev.focusnfix.api.PromptBatch;
import dev.focusnfix.api.SamplingSettings;
import dev.focusnfix.api.tensor.GaussianNoise;
import dev.focusnfix.api.testkit.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading, latents, the autoencoder round trip and prompt encoding of the fixture pipelines. */
class PipelineBehaviourTest {

    private static LatentDiffusionPipeline sd;

    @BeforeAll
    static void load() throws Exception {
        sd = LatentDiffusionPipeline.load(TestData.path("tiny-sd"), null, null, Device.cpu(), DataType.FLOAT32);
    }

    @AfterAll
    static void close() {
        sd.close();
    }

    @Test
    void familyAndDefaultsComeFromTheFolder() {
        assertEquals(PipelineFamily.STABLE_DIFFUSION, sd.family());
        assertEquals(4, sd.latentChannels());
        assertEquals(8, sd.vaeScaleFactor());
        // UNet sample_size 16 x factor 8, diffusers' 50 steps and SD's guidance 7.5.
        assertEquals(new SamplingSettings(128, 128, 50, 7.5f, 0f), sd.defaults());
        assertEquals(sd.scheduler().alphaBar(999), sd.schedule().alphaBar(999));
        assertArrayEquals(
                new int[] {901, 801, 701, 601, 501, 401, 301, 201, 101, 1},
                sd.schedule().timesteps(10));
    }

    @Test
    void initialLatentsAreSeededAndShaped() {
        SamplingSettings settings = new SamplingSettings(64, 96, 10, 7.5f, 0f);
        try (NDManager a = NDManager.newBaseManager(Device.cpu());
                NDManager b = NDManager.newBaseManager(Device.fromName("cpu"))) {
            NDArray x = sd.initialLatents(2, settings, 1234, a);
            NDArray y = sd.initialLatents(2, settings, 1234, b);
            assertArrayEquals(new long[] {2, 4, 8, 12}, x.getShape().getShape());
            assertEquals(DataType.FLOAT32, x.getDataType());
            assertArrayEquals(x.toFloatArray(), y.toFloatArray(), 0f);
            // Exactly the documented Java generator's values, whatever the device.
            assertArrayEquals(GaussianNoise.standardNormal(1234, 2 * 4 * 8 * 12), x.toFloatArray(), 0f);
            assertFalse(java.util.Arrays.equals(
                    x.toFloatArray(), sd.initialLatents(2, settings, 1235, a).toFloatArray()));
            assertThrows(
                    IllegalArgumentException.class,
                    () -> sd.initialLatents(1, new SamplingSettings(60, 64, 10, 1f, 0f), 1, a));
        }
    }

    @Test
    void encodeDecodeRoundTripShapes() {
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            NDArray images = GaussianNoise.standardNormal(3, new Shape(2, 3, 64, 48), manager, DataType.FLOAT32)
                    .mul(0.2)
                    .add(0.5)
                    .clip(0, 1);
            NDArray latents = sd.encode(images);
            assertArrayEquals(new long[] {2, 4, 8, 6}, latents.getShape().getShape());
            assertEquals(manager, latents.getManager());
            NDArray decoded = sd.decode(latents);
            assertArrayEquals(new long[] {2, 3, 64, 48}, decoded.getShape().getShape());
            assertEquals(manager, decoded.getManager());
            assertTrue(decoded.min().getFloat() >= 0f && decoded.max().getFloat() <= 1f, "decoded images in [0,1]");
        }
    }

    /**
     * What Safe Latent Diffusion needs: the outputs for [uncond, cond, concept] in one batched UNet call, each equal
     * to its branch computed alone (SDXL too: pooled embeddings and time ids follow the rows).
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"tiny-sd", "tiny-sdxl"})
    void threeBranchesInOneCallEqualEachBranchAlone(String fixture) throws Exception {
        try (LatentDiffusionPipeline p = LatentDiffusionPipeline.load(
                        TestData.path(fixture), null, null, Device.cpu(), DataType.FLOAT32);
                NDManager manager = NDManager.newBaseManager(Device.cpu());
                Conditioning c = p.encodePrompts(new PromptBatch(List.of("a red cube"), List.of("blurry")), manager);
                Conditioning concept = p.encodePrompts(PromptBatch.of(List.of("nudity, violence")), manager)) {
            NDArray x = p.initialLatents(1, p.defaults(), 7, manager);
            List<dev.focusnfix.api.sampling.ConditioningBranch> branches = List.of(
                    dev.focusnfix.api.sampling.ConditioningBranch.unconditional(c),
                    dev.focusnfix.api.sampling.ConditioningBranch.conditional(c),
                    dev.focusnfix.api.sampling.ConditioningBranch.conditional(concept));
            List<dev.focusnfix.api.sampling.ModelOutput> together = p.predictBranches(x, 400, branches);
            assertEquals(3, together.size());
            for (int b = 0; b < 3; b++) {
                assertEquals(
                        dev.focusnfix.api.sampling.PredictionType.EPSILON,
                        together.get(b).type());
                float[] alone = p.predictBranches(x, 400, List.of(branches.get(b)))
                        .get(0)
                        .value()
                        .toFloatArray();
                assertArrayEquals(alone, together.get(b).value().toFloatArray(), 1e-5f, fixture + " branch " + b);
            }
            assertNotEquals(
                    0f,
                    together.get(2)
                            .value()
                            .sub(together.get(1).value())
                            .abs()
                            .max()
                            .getFloat(),
                    "the concept branch differs from the prompt's");
        }
    }

    @Test
    void guidanceOneSkipsTheUnconditionalBranch() {
        try (NDManager manager = NDManager.newBaseManager(Device.cpu());
                TextConditioning c = (TextConditioning)
                        sd.encodePrompts(new PromptBatch(List.of("a red cube"), List.of("blurry")), manager)) {
            NDArray x = sd.initialLatents(1, sd.defaults(), 5, manager);
            NDArray guided = sd.predict(x, 500, c, 3f).value();
            NDArray conditional = sd.predict(x, 500, c, 1f).value();
            NDArray unconditional = sd.predict(x, 500, c, 0f).value();
            // eps = uncond + g (cond - uncond), checked from the g = 1 and g = 0 predictions.
            NDArray combined = unconditional.add(conditional.sub(unconditional).mul(3f));
            assertTrue(combined.sub(guided).abs().max().getFloat() < 1e-4f);
            assertNotEquals(0f, conditional.sub(unconditional).abs().max().getFloat());
            assertEquals(2, c.guidedContext().getShape().get(0));
        }
    }

    @Test
    void sdxlEmptyNegativePromptGivesZeroEmbeddings() throws Exception {
        try (LatentDiffusionPipeline xl = LatentDiffusionPipeline.load(
                        TestData.path("tiny-sdxl"), null, null, Device.cpu(), DataType.FLOAT32);
                NDManager manager = NDManager.newBaseManager(Device.cpu());
                TextConditioning c = (TextConditioning) xl.encodePrompts(
                        new PromptBatch(List.of("a stop sign", "a cat"), List.of("", "blurry")), manager)) {
            assertEquals(PipelineFamily.STABLE_DIFFUSION_XL, xl.family());
            NDArray context = c.guidedContext();
            NDArray pooled = c.guidedPooled();
            // Two encoders' penultimate states side by side; rows: [uncond "", uncond "blurry", cond, cond].
            assertEquals(4, context.getShape().get(0));
            assertEquals(0f, context.get(0).abs().max().getFloat());
            assertEquals(0f, pooled.get(0).abs().max().getFloat());
            assertTrue(context.get(1).abs().max().getFloat() > 0);
            assertTrue(pooled.get(1).abs().max().getFloat() > 0);
            assertTrue(c.conditionalPooled().abs().min().getFloat() >= 0);
            assertEquals(2, c.conditionalContext().getShape().get(0));
        }
    }

    @Test
    void weightVariantsLoadTheVariantFiles(@TempDir Path dir) throws Exception {
        // A copy of tiny-sd whose weights exist only as the "fp16" variant (diffusers' naming).
        Path source = TestData.path("tiny-sd");
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Path relative = source.relativize(file);
                if (relative.startsWith("expected") || relative.startsWith("lora")) {
                    continue;
                }
                String name = file.getFileName().toString().replace(".safetensors", ".fp16.safetensors");
                Path target = dir.resolve(relative).resolveSibling(name);
                Files.createDirectories(target.getParent());
                Files.copy(file, target);
            }
        }
        assertThrows(
                Exception.class, () -> LatentDiffusionPipeline.load(dir, null, null, Device.cpu(), DataType.FLOAT32));
        try (LatentDiffusionPipeline variant =
                        LatentDiffusionPipeline.load(dir, null, null, Device.cpu(), DataType.FLOAT32, "fp16");
                NDManager manager = NDManager.newBaseManager(Device.cpu());
                Conditioning a = sd.encodePrompts(PromptBatch.of(List.of("a cube")), manager);
                Conditioning b = variant.encodePrompts(PromptBatch.of(List.of("a cube")), manager)) {
            NDArray x = sd.initialLatents(1, sd.defaults(), 2, manager);
            assertArrayEquals(
                    sd.predict(x, 300, a, 7.5f).value().toFloatArray(),
                    variant.predict(x, 300, b, 7.5f).value().toFloatArray(),
                    0f);
        }
    }

    @Test
    void conditioningFromAnotherPipelineOrBatchIsRejected() {
        try (NDManager manager = NDManager.newBaseManager(Device.cpu());
                TextConditioning c = (TextConditioning) sd.encodePrompts(PromptBatch.of(List.of("x")), manager)) {
            NDArray twoLatents = sd.initialLatents(2, sd.defaults(), 1, manager);
            assertThrows(IllegalArgumentException.class, () -> sd.predict(twoLatents, 10, c, 2f)
                    .value());
            Conditioning foreign = new Conditioning() {
                @Override
                public int batchSize() {
                    return 2;
                }

                @Override
                public void close() {}
            };
            assertThrows(IllegalArgumentException.class, () -> sd.predict(twoLatents, 10, foreign, 2f)
                    .value());
        }
    }
}
