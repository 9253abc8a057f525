package dev.focusnfix.sdk.training;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import dev.focusnfix.api.Conditioning;
import dev.focusnfix.api.LoraSpec;
import dev.focusnfix.api.PromptBatch;
import dev.focusnfix.api.SamplingSettings;
import dev.focusnfix.api.services.ProgressReporter;
import dev.focusnfix.api.testkit.TestData;
import dev.focusnfix.api.testkit.TestExtensionContext;
import dev.focusnfix.api.testkit.TestTuningContext;
import dev.focusnfix.nn.pipeline.LatentDiffusionPipeline;
import dev.focusnfix.nn.pipeline.Sampler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Seconds per DRaFT-2 training step on toy-shapes at 64x64 with 20 sampling steps (not a test: run with
 * {@code -Dbenchmark=true}); also times the parts of a step.
 */
@EnabledIfSystemProperty(named = "benchmark", matches = "true")
class ToyShapesBenchmark {

    private static final SamplingSettings SAMPLING = new SamplingSettings(64, 64, 20, 5f, 0f);

    @Test
    void secondsPerTrainingStep() throws Exception {
        Path modelDir = TestData.root().getParent().resolve("models/toy-shapes");
        Path out = Files.createTempDirectory("bench");
        int batch = Integer.getInteger("benchmark.batch", 1);
        if (Boolean.parseBoolean(System.getProperty("benchmark.parts", "true"))) {
            timeParts(modelDir);
        }
        int k = Integer.getInteger("benchmark.k", 2);
        try (TestExtensionContext services = new TestExtensionContext(TestData.root(), out, 1L);
                LatentDiffusionPipeline pipeline =
                        LatentDiffusionPipeline.load(modelDir, null, SAMPLING, Device.cpu(), DataType.FLOAT32)) {
            TestTuningContext context = new TestTuningContext(
                    services,
                    ProgressReporter.silent(),
                    pipeline,
                    new TinyModels.WeightedPixelReward(1),
                    null,
                    List.of("a circle on a blue background", "a square on a green background"),
                    SAMPLING,
                    out.resolve("run"),
                    false,
                    "bench");
            int steps = Integer.getInteger("benchmark.steps", 6);
            TrainingSettings settings = new TrainingSettings(
                    new LoraSpec(4, 4f, LoraSpec.DEFAULT_TARGETS),
                    steps,
                    batch,
                    1,
                    1e-3,
                    LearningRateSchedule.CONSTANT,
                    AdamSettings.withWeightDecay(0),
                    1.0,
                    0,
                    1,
                    3,
                    false);
            new TrainingLoop("bench", settings, context).run(new DraftKStep(context, k));
            System.out.println("K=" + k + ", batch " + batch);
            for (String line : Files.readAllLines(out.resolve("run/metrics.jsonl"))) {
                System.out.println(line);
            }
        }
    }

    private static void timeParts(Path modelDir) throws Exception {
        try (LatentDiffusionPipeline pipeline =
                LatentDiffusionPipeline.load(modelDir, null, SAMPLING, Device.cpu(), DataType.FLOAT32)) {
            pipeline.adapters().attach(new LoraSpec(4, 4f, LoraSpec.DEFAULT_TARGETS), 1);
            try (NDManager m = NDManager.newBaseManager(Device.cpu());
                    Conditioning c =
                            pipeline.encodePrompts(PromptBatch.of(List.of("a circle on a blue background")), m)) {
                NDArray xT = pipeline.initialLatents(1, SAMPLING, 3, m);
                int t = pipeline.schedule().timesteps(20)[0];
                for (int r = 0; r < 3; r++) {
                    long t0 = System.nanoTime();
                    for (int i = 0; i < 10; i++) {
                        pipeline.predict(xT, t, c, 5f).value().close();
                    }
                    long t1 = System.nanoTime();
                    for (int i = 0; i < 3; i++) {
                        pipeline.decode(xT).close();
                    }
                    long t2 = System.nanoTime();
                    NDArray x = xT.duplicate();
                    x.setRequiresGradient(true);
                    try (GradientCollector gc = m.getEngine().newGradientCollector()) {
                        NDArray img = pipeline.decode(x);
                        gc.backward(img.mean());
                    }
                    long t3 = System.nanoTime();
                    try (GradientCollector gc = m.getEngine().newGradientCollector()) {
                        NDArray eps = pipeline.predict(x, t, c, 5f).value();
                        gc.backward(eps.mean());
                    }
                    long t4 = System.nanoTime();
                    Sampler.of(pipeline).sample(c, xT, SAMPLING).close();
                    long t5 = System.nanoTime();
                    System.out.printf(
                            "unet %.1f ms, decode %.1f ms, decode fwd+bwd %.1f ms, unet fwd+bwd %.1f ms,"
                                    + " 20-step sample %.1f ms%n",
                            (t1 - t0) / 1e7, (t2 - t1) / 3e6, (t3 - t2) / 1e6, (t4 - t3) / 1e6, (t5 - t4) / 1e6);
                }
            }
        }
    }
}
