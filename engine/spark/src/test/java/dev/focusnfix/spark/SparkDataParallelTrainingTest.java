package dev.focusnfix.spark;

import static dev.focusnfix.core.testing.TestPluginBuilder.plugin;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.focusnfix.api.testkit.TestData;
import dev.focusnfix.cli.Main;
import dev.focusnfix.nn.weights.SafetensorsReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Data-parallel training ({@code training: {engine: spark, workers: 2}}) in {@code local[2]}: whole
 * {@code framework run}s of the {@code draft} tuner on the tiny SD fixture (32x32, 3 sampling steps, DRaFT-1, 4
 * training steps of a global batch of 2). Two workers with one sample each give, bit for bit, the adapter of one
 * process that accumulates the gradients of the two samples, and to float32 round-off the gradient and first update
 * of one process with both samples in one batch; a worker lost after the step-2 checkpoint fails the barrier stage,
 * which restarts, resumes from that checkpoint and ends with the uninterrupted two-worker adapter, bit for bit.
 */
class SparkDataParallelTrainingTest {

    /** The same master as the item engine's tests (one process uses one master). */
    private static final String MASTER = "local[2,3]";

    private static final int STEPS = 4;

    /**
     * The bound on the relative difference of step 1's reward and gradient norm, two workers x batch 1 against one
     * process x batch 2: batched and one-sample convolutions and matrix products sum in other orders, so the
     * gradients differ in the last float32 bits (measured: reward 3e-8, gradient norm 3e-6).
     */
    static final double METRIC_TOLERANCE = 1e-5;

    /**
     * The bound on {@code ||A2 - A1|| / ||A1||} over the adapter after step 1, the same pair (measured: 1e-5). Only
     * after one step: AdamW divides each gradient element by its own magnitude, so elements whose gradient is near
     * zero turn round-off into differences of the size of a whole update, and later steps compound them (after four
     * steps the two adapters differ by 1% to 15% per tensor). Hence the bit-for-bit check against gradient
     * accumulation in one process, which sums the same per-sample gradients.
     */
    static final double ADAPTER_TOLERANCE = 1e-4;

    private static final String PARTS =
            """
            package test.dp;

            import dev.focusnfix.api.*;
            import dev.focusnfix.api.options.*;
            import org.pf4j.Extension;

            public class Parts {
                @Extension
                public static class Sd14 extends dev.focusnfix.sdk.backbone.DiffusersBackbone {
                    public Sd14() { super("sd14", dev.focusnfix.sdk.backbone.DiffusersFamily.STABLE_DIFFUSION); }
                }

                /** Mean brightness per image: differentiable, no Java-number arithmetic on the autograd path. */
                @Extension
                public static class Brightness implements RewardModel<NoOptions> {
                    public String id() { return "brightness"; }
                    public Class<NoOptions> optionsType() { return NoOptions.class; }
                    public boolean isDifferentiable(NoOptions o) { return true; }
                    public Reward open(NoOptions o, ExtensionContext c) {
                        return new Reward() {
                            public boolean isDifferentiable() { return true; }
                            public RewardOutput score(ImageBatch images, PromptBatch prompts) {
                                ai.djl.ndarray.NDArray p = images.pixels();
                                return RewardOutput.of(p.reshape(p.getShape().get(0), -1).mean(new int[] {1}));
                            }
                        };
                    }
                }

                /** A tuner that trains in one process only (it keeps the default refusal of data parallelism). */
                @Extension
                public static class Solo implements FineTuner<NoOptions> {
                    public String id() { return "solo"; }
                    public Class<NoOptions> optionsType() { return NoOptions.class; }
                    public TuningResult tune(NoOptions o, TuningContext c) {
                        throw new UnsupportedOperationException();
                    }
                }
            }
            """;

    @TempDir
    static Path shared;

    private static Path plugins;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeAll
    static void buildPlugins() throws Exception {
        plugins = Files.createDirectories(shared.resolve("plugins"));
        plugin("dp-parts").source("test.dp.Parts", PARTS).buildInto(plugins);
    }

    @AfterEach
    void clearInjection() {
        System.clearProperty(SparkDataParallelTraining.FAIL_WORKER);
    }

    @AfterAll
    static void stopSpark() {
        SparkContexts.stop();
    }

    /** An experiment of the draft tuner with a global batch of {@code batch} and the given {@code training:}. */
    private static Path experiment(Path dir, String name, int batch, String training, String tunerExtra, float eta)
            throws Exception {
        String yaml =
                """
                name: %s
                seed: 11
                device: cpu
                backbone:
                  plugin: sd14
                  model: %s
                  resolution: 32
                  steps: 3
                  guidance: 2.0
                  eta: %s
                reward:
                  plugin: brightness
                tuner:
                  plugin: draft
                  steps: %d
                  batchSize: %d
                  truncation: 1
                  checkpointEvery: 1
                  keepCheckpoints: 0
                  learningRate: 1.0e-2
                  schedule: constant
                  lora: {rank: 2, alpha: 2}
                  %s
                prompts:
                  train: [a red circle, a blue square, a green triangle]
                  eval: [a white circle]
                evaluation:
                  enabled: false
                execution: {master: '%s'}
                training: %s
                output: %s
                """
                        .formatted(
                                name,
                                TestData.path("tiny-sd").toAbsolutePath(),
                                eta,
                                STEPS,
                                batch,
                                tunerExtra,
                                MASTER,
                                training,
                                dir.resolve("runs").toAbsolutePath());
        return Files.writeString(dir.resolve(name + ".yaml"), yaml);
    }

    private int framework(String... args) {
        return Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    private Path run(Path experiment) {
        int code = framework("run", experiment.toString(), "--plugins-dir", plugins.toString());
        assertEquals(0, code, () -> "framework run " + experiment + ":\n" + out + err);
        String name = experiment.getFileName().toString().replace(".yaml", "");
        return experiment.resolveSibling("runs").resolve(name);
    }

    @Test
    void twoWorkersGiveTheOneProcessAdapterAndALostWorkerResumesFromTheLastCheckpoint(@TempDir Path dir)
            throws Exception {
        Path batched = run(experiment(dir, "batched", 2, "{engine: local}", "", 0f));
        Path accumulated = run(experiment(dir, "accumulated", 1, "{engine: local}", "gradientAccumulation: 2", 0f));
        Path spark = run(experiment(dir, "spark", 2, "{engine: spark, workers: 2}", "", 0f));
        assertEquals(
                List.of(0, 0),
                SparkDataParallelTraining.lastOutcomes.stream()
                        .map(SparkDataParallelTraining.Outcome::stageAttempt)
                        .toList());

        // The exchange is the mean of the workers' gradients: the same bits as one process accumulating them.
        assertArrayEquals(
                Files.readAllBytes(adapter(accumulated)),
                Files.readAllBytes(adapter(spark)),
                "two workers x batch 1 = one process x batch 1 x gradientAccumulation 2, bit for bit");

        // Against one batched pass: the same gradient to float32 round-off.
        double[] one = metrics(batched, 1);
        double[] two = metrics(spark, 1);
        for (int i = 0; i < 2; i++) {
            double relative = Math.abs(one[i] - two[i]) / Math.abs(one[i]);
            System.out.printf(
                    "data-parallel vs one batched process, step 1 %s: relative difference %.3g%n",
                    i == 0 ? "reward" : "gradNorm", relative);
            assertTrue(relative <= METRIC_TOLERANCE, (i == 0 ? "reward " : "gradNorm ") + one[i] + " vs " + two[i]);
        }
        double adapterDifference = relativeDifference(checkpoint(batched, 1), checkpoint(spark, 1));
        System.out.printf(
                "data-parallel vs one batched process, adapter after step 1: relative difference %.3g%n",
                adapterDifference);
        assertTrue(adapterDifference <= ADAPTER_TOLERANCE, "adapter after step 1: " + adapterDifference);

        System.setProperty(SparkDataParallelTraining.FAIL_WORKER, "1:3");
        int injected = SparkDataParallelTraining.INJECTED.get();
        Path restarted = run(experiment(dir, "restarted", 2, "{engine: spark, workers: 2}", "", 0f));
        assertEquals(injected + 1, SparkDataParallelTraining.INJECTED.get(), "worker 1 was lost once, at step 3");
        List<SparkDataParallelTraining.Outcome> outcomes = SparkDataParallelTraining.lastOutcomes;
        assertEquals(2, outcomes.size());
        for (SparkDataParallelTraining.Outcome o : outcomes) {
            assertEquals(1, o.stageAttempt(), "the stage's second attempt finished: " + o);
            assertEquals(STEPS - 2, o.exchanges(), "it resumed after the step-2 checkpoint: " + o);
        }
        assertEquals(
                List.of(1, 2, 3, 4),
                Files.readAllLines(restarted.resolve("metrics.jsonl")).stream()
                        .map(line -> JsonParser.parseString(line)
                                .getAsJsonObject()
                                .get("step")
                                .getAsInt())
                        .toList(),
                "worker 0 wrote each step's metrics once");
        assertArrayEquals(
                Files.readAllBytes(adapter(spark)),
                Files.readAllBytes(adapter(restarted)),
                "the restarted run's adapter is the uninterrupted two-worker run's, bit for bit");
    }

    private static Path adapter(Path runDir) {
        return runDir.resolve("adapter/final.safetensors");
    }

    private static Path checkpoint(Path runDir, int step) {
        return runDir.resolve(String.format("checkpoints/step-%08d.safetensors", step));
    }

    /** Step {@code step}'s reward and gradient norm from a run's {@code metrics.jsonl}. */
    private static double[] metrics(Path runDir, int step) throws Exception {
        String line = Files.readAllLines(runDir.resolve("metrics.jsonl")).get(step - 1);
        JsonObject record = JsonParser.parseString(line).getAsJsonObject();
        assertEquals(step, record.get("step").getAsInt());
        return new double[] {
            record.get("reward").getAsDouble(), record.get("gradNorm").getAsDouble()
        };
    }

    /**
     * {@code ||a - b|| / ||a||} over every adapter value of two safetensors files (a checkpoint's {@code adapter/}
     * tensors), in double precision; asserts that {@code a}'s adapters moved from their initialisation.
     */
    private static double relativeDifference(Path a, Path b) throws Exception {
        double difference = 0;
        double norm = 0;
        double lastUpNorm = 0;
        try (NDManager manager = NDManager.newBaseManager(Device.cpu());
                SafetensorsReader ra = SafetensorsReader.open(a);
                SafetensorsReader rb = SafetensorsReader.open(b)) {
            assertEquals(ra.names(), rb.names());
            for (String name : ra.names()) {
                if (!name.startsWith("adapter/")) {
                    continue;
                }
                float[] x = ra.read(name, manager, DataType.FLOAT32).toFloatArray();
                float[] y = rb.read(name, manager, DataType.FLOAT32).toFloatArray();
                for (int i = 0; i < x.length; i++) {
                    difference += ((double) x[i] - y[i]) * ((double) x[i] - y[i]);
                    norm += (double) x[i] * x[i];
                    if (name.contains("lora_B")) {
                        lastUpNorm += (double) x[i] * x[i];
                    }
                }
            }
        }
        // LoRA's B matrices start at zero: non-zero ones show that the step trained
        assertTrue(lastUpNorm > 0, "the adapters moved from their initialisation");
        return Math.sqrt(difference / norm);
    }

    @Test
    void dataParallelSettingsThatCannotWorkAreBadInput(@TempDir Path dir) throws Exception {
        assertBadInput(
                experiment(dir, "uneven", 3, "{engine: spark, workers: 2}", "", 0f),
                "tuner 'draft' cannot train data-parallel on 2 workers",
                "make tuner.batchSize a multiple of training.workers");
        assertBadInput(
                experiment(dir, "none", 2, "{engine: spark, workers: 0}", "", 0f),
                "training.workers must be at least 1");
        assertBadInput(
                experiment(dir, "local-two", 2, "{engine: local, workers: 2}", "", 0f), "needs training.engine: spark");
        assertBadInput(
                experiment(dir, "eta", 2, "{engine: spark, workers: 2}", "", 0.5f),
                "training.engine: spark needs deterministic sampling");
        Path solo = experiment(dir, "solo", 2, "{engine: spark, workers: 2}", "", 0f);
        Files.writeString(
                solo,
                Files.readString(solo)
                        .replace("plugin: draft", "plugin: solo")
                        .replaceAll(
                                "(?m)^  (steps|batchSize|truncation|checkpointEvery|keepCheckpoints"
                                        + "|learningRate|schedule|lora): .*\\n",
                                ""));
        assertBadInput(solo, "tuner 'solo' cannot train data-parallel", "does not support data-parallel training");
    }

    private void assertBadInput(Path experiment, String... expected) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        int code = framework("validate", experiment.toString(), "--plugins-dir", plugins.toString());
        assertEquals(Main.BAD_INPUT, code, () -> experiment + ":\n" + out + err);
        for (String text : expected) {
            assertTrue(err.toString().contains(text), () -> "'" + text + "' in:\n" + err);
        }
    }
}
