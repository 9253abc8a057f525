package dev.focusnfix.core.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.focusnfix.api.FineTuner;
import dev.focusnfix.api.ImageBatch;
import dev.focusnfix.api.Mask;
import dev.focusnfix.api.PromptBatch;
import dev.focusnfix.api.RegionMasker;
import dev.focusnfix.api.RegionResult;
import dev.focusnfix.api.Reward;
import dev.focusnfix.api.RewardOutput;
import dev.focusnfix.api.SamplingSettings;
import dev.focusnfix.api.TuningResult;
import dev.focusnfix.api.services.ProgressReporter;
import dev.focusnfix.api.testkit.TestData;
import dev.focusnfix.evaluation.metrics.Psnr;
import dev.focusnfix.nn.pipeline.LatentDiffusionPipeline;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The evaluation stage on the tiny SD fixture, with and without the fixture's LoRA as the "tuned" model. */
class RunEvaluatorTest {

    @TempDir
    Path run;

    /** Mean brightness: a simple reward with known behaviour. */
    private static final Reward BRIGHTNESS = new Reward() {
        @Override
        public boolean isDifferentiable() {
            return true;
        }

        @Override
        public RewardOutput score(ImageBatch images, PromptBatch prompts) {
            NDArray p = images.pixels();
            return RewardOutput.of(p.reshape(p.getShape().get(0), -1).mean(new int[] {1}));
        }
    };

    /** The left half of the image is the "problem region". */
    private static final RegionMasker LEFT_HALF = (images, prompts, reward) -> {
        NDArray pixels = images.pixels();
        Shape s = pixels.getShape();
        NDArray mask = pixels.getManager().zeros(new Shape(s.get(0), 1, s.get(2), s.get(3)));
        mask.set(new ai.djl.ndarray.index.NDIndex(":, :, :, 0:" + s.get(3) / 2), 1f);
        return new RegionResult(new Mask(mask), null);
    };

    private EvaluationSummary evaluate(LatentDiffusionPipeline pipeline, NDManager manager) throws Exception {
        SamplingSettings settings = new SamplingSettings(32, 32, 3, 5f, 0f);
        RunEvaluator.Inputs inputs = new RunEvaluator.Inputs(
                pipeline,
                settings,
                new TuningResult.AdapterWeights(run.resolve("none")),
                BRIGHTNESS,
                LEFT_HALF,
                Map.of("brightness-again", BRIGHTNESS),
                List.of(new RunEvaluator.OpenProbe("bright", List.of("a bright sky"), BRIGHTNESS, 2f)),
                List.of("a stop sign", "a red circle"),
                List.of(1L, 2L),
                0.0,
                null,
                "focus-n-fix",
                Map.of(FineTuner.BETA, 5e-4));
        return new RunEvaluator(ProgressReporter.silent()).evaluate(inputs, run, manager);
    }

    @Test
    void anUnchangedModelScoresIdenticalImages() throws Exception {
        try (NDManager manager = NDManager.newBaseManager();
                LatentDiffusionPipeline pipeline = LatentDiffusionPipeline.load(
                        TestData.path("tiny-sd"), null, null, Device.cpu(), DataType.FLOAT32)) {
            EvaluationSummary s = evaluate(pipeline, manager);
            assertEquals(4, s.images());
            assertEquals(s.rewardBefore(), s.rewardAfter(), 0.0);
            assertEquals(Psnr.CAP_DB, s.psnr(), 0.0, "identical images: PSNR capped at 100 dB in the mean");
            assertEquals(1.0, s.ssim(), 1e-12);
            assertEquals(0.0, s.improveRate(), 0.0);
            assertEquals(0.0, s.degradeRate(), 0.0);
            assertTrue(Double.isInfinite(s.perImage().get(0).psnr()), "per image the exact PSNR is infinite");
            assertEquals(0.5, s.perImage().get(0).maskFraction(), 1e-9);
            assertEquals(0.0, s.otherRewardChange().get("brightness-again"), 0.0);
            assertEquals(1.0, s.probes().get(0).shareBefore(), 0.0, "every brightness is below 2");
            for (String suffix : List.of("base", "tuned", "mask", "diff")) {
                assertTrue(Files.exists(run.resolve("samples/000-seed1-" + suffix + ".png")), suffix);
            }
            EvaluationSummary read = EvaluationFiles.read(run.resolve(EvaluationSummary.FILE));
            assertEquals(s.rewardBefore(), read.rewardBefore(), 0.0);
            // Strict JSON has no infinity: the infinite PSNR (and the unmeasured LPIPS) are written as null and read
            // back as NaN, so jq, browsers and Python's json read the file.
            String json = Files.readString(run.resolve(EvaluationSummary.FILE));
            assertFalse(json.contains("Infinity") || json.contains("NaN"), json);
            assertTrue(json.contains("\"psnr\": null") && json.contains("\"lpips\": null"), json);
            assertTrue(Double.isNaN(read.perImage().get(0).psnr()), "null reads back as NaN");
            Path report = RunReport.write(run);
            String html = Files.readString(report);
            assertTrue(html.contains("samples/000-seed1-base.png") && html.contains("focus-n-fix"), "report");
            assertTrue(Files.exists(run.resolve(RunReport.CONTACT_SHEET)));
        }
    }

    @Test
    void aLoraChangesImagesAndTheMetricsMeasureIt() throws Exception {
        try (NDManager manager = NDManager.newBaseManager();
                LatentDiffusionPipeline pipeline = LatentDiffusionPipeline.load(
                        TestData.path("tiny-sd"), null, null, Device.cpu(), DataType.FLOAT32)) {
            pipeline.adapters().load(TestData.path("tiny-sd/lora/peft_rank4.safetensors"), 1f);
            EvaluationSummary s = evaluate(pipeline, manager);
            assertTrue(s.psnr() < Psnr.CAP_DB && s.psnr() > 0, "finite PSNR, got " + s.psnr());
            assertTrue(s.ssim() < 1.0, "SSIM below 1, got " + s.ssim());
            double meanBefore = s.perImage().stream()
                    .mapToDouble(ImageEvaluation::rewardBefore)
                    .average()
                    .orElseThrow();
            assertEquals(meanBefore, s.rewardBefore(), 1e-12);
            long improved = s.perImage().stream()
                    .filter(i -> i.rewardAfter() - i.rewardBefore() > 0)
                    .count();
            assertEquals((double) improved / s.images(), s.improveRate(), 1e-12);
            for (ImageEvaluation i : s.perImage()) {
                assertTrue(Double.isFinite(i.psnrInside()) && Double.isFinite(i.psnrOutside()), "masked PSNR");
            }
        }
    }
}
