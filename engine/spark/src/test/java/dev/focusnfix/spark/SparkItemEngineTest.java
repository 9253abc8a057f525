package dev.focusnfix.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
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
import dev.focusnfix.core.evaluation.EvaluationSummary;
import dev.focusnfix.core.evaluation.RunEvaluator;
import dev.focusnfix.core.execution.EvaluationSource;
import dev.focusnfix.core.execution.ItemEngine;
import dev.focusnfix.core.execution.ItemFailedException;
import dev.focusnfix.core.execution.LocalItemEngine;
import dev.focusnfix.core.execution.OpenEvaluation;
import dev.focusnfix.core.execution.WorkItem;
import dev.focusnfix.nn.pipeline.LatentDiffusionPipeline;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Spark engine against the local one on the tiny SD fixture with its rank-4 LoRA as the tuned model (32x32, 3
 * steps; 2 prompts x 2 seeds and a 1-prompt probe: 6 items): the same bytes in {@code evaluation.json} and every
 * sample PNG, also with a task that fails once and is retried, and with an evaluation interrupted and resumed.
 */
class SparkItemEngineTest {

    /** Two task slots; a task may fail three times (one process uses one master: every test uses it). */
    private static final String MASTER = "local[2,3]";

    @TempDir
    Path dir;

    /** Mean brightness of the image. */
    static final class Brightness implements Reward {
        @Override
        public boolean isDifferentiable() {
            return true;
        }

        @Override
        public RewardOutput score(ImageBatch images, PromptBatch prompts) {
            NDArray p = images.pixels();
            return RewardOutput.of(p.reshape(p.getShape().get(0), -1).mean(new int[] {1}));
        }
    }

    /** The left half of the image is the region. */
    static final RegionMasker LEFT_HALF = (images, prompts, reward) -> {
        Shape s = images.pixels().getShape();
        NDArray mask = images.pixels().getManager().zeros(new Shape(s.get(0), 1, s.get(2), s.get(3)));
        mask.set(new NDIndex(":, :, :, 0:" + s.get(3) / 2), 1f);
        return new RegionResult(new Mask(mask), null);
    };

    /** Opens the fixture with its LoRA wherever it runs (the driver, or a Spark executor). */
    record TinySd(String name) implements EvaluationSource {
        @Override
        public String key() {
            return "tiny-sd+peft_rank4|" + name;
        }

        @Override
        public OpenEvaluation open() throws Exception {
            NDManager manager = NDManager.newBaseManager(Device.cpu());
            LatentDiffusionPipeline pipeline =
                    LatentDiffusionPipeline.load(TestData.path("tiny-sd"), null, null, Device.cpu(), DataType.FLOAT32);
            Path lora = TestData.path("tiny-sd/lora/peft_rank4.safetensors");
            pipeline.adapters().load(lora, 1f);
            Reward brightness = new Brightness();
            RunEvaluator.Inputs inputs = new RunEvaluator.Inputs(
                    pipeline,
                    new SamplingSettings(32, 32, 3, 5f, 0f),
                    new TuningResult.AdapterWeights(lora),
                    brightness,
                    LEFT_HALF,
                    Map.of("brightness-again", brightness),
                    List.of(new RunEvaluator.OpenProbe("bright", List.of("a bright sky"), brightness, 0.5)),
                    List.of("a stop sign", "a red circle"),
                    List.of(1L, 2L),
                    0.0,
                    null,
                    "focus-n-fix",
                    Map.of(FineTuner.BETA, 5e-4));
            return new OpenEvaluation(inputs, manager, () -> {
                pipeline.close();
                manager.close();
            });
        }
    }

    @AfterEach
    void clearInjection() {
        System.clearProperty(SparkItemEngine.FAIL_FIRST_ATTEMPT);
    }

    @AfterAll
    static void stopSpark() {
        SparkContexts.stop();
    }

    private EvaluationSummary evaluate(Path runDir, ItemEngine engine, RunEvaluator evaluator) throws Exception {
        try (OpenEvaluation open = new TinySd("run").open()) {
            return evaluator.evaluate(open.inputs(), runDir, open.manager(), engine, "fingerprint");
        }
    }

    private static Map<String, byte[]> files(Path runDir) throws Exception {
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(runDir)) {
            for (Path f : walk.filter(Files::isRegularFile).toList()) {
                String name = runDir.relativize(f).toString();
                if (!name.startsWith("evaluation-items")) {
                    files.put(name, Files.readAllBytes(f));
                }
            }
        }
        return files;
    }

    private static void assertSameBytes(Map<String, byte[]> expected, Map<String, byte[]> actual) {
        assertEquals(expected.keySet(), actual.keySet());
        expected.forEach((name, bytes) -> assertArrayEquals(bytes, actual.get(name), name));
    }

    @Test
    void sparkGivesTheLocalEnginesBitsAlsoWhenATaskFailsAndIsRetried() throws Exception {
        Path local = dir.resolve("local");
        EvaluationSummary expected =
                evaluate(local, new LocalItemEngine(), new RunEvaluator(ProgressReporter.silent()));
        assertEquals(4, expected.images());
        assertTrue(expected.psnr() < 100 && expected.psnr() > 0, "the LoRA changes the images: " + expected.psnr());

        System.setProperty(SparkItemEngine.FAIL_FIRST_ATTEMPT, "image-001-seed2");
        int injected = SparkItemEngine.INJECTED.get();
        int opened = ExecutorEvaluations.OPENED.get();
        Path spark = dir.resolve("spark");
        evaluate(spark, new SparkItemEngine(MASTER, new TinySd("run"), 0), new RunEvaluator(ProgressReporter.silent()));
        assertEquals(injected + 1, SparkItemEngine.INJECTED.get(), "one task attempt failed on purpose");
        int opens = ExecutorEvaluations.OPENED.get() - opened;
        assertEquals(1, opens, "opened once per executor JVM, not per task (6 tasks, 7 attempts)");
        Map<String, byte[]> want = files(local);
        assertTrue(
                want.containsKey("evaluation.json") && want.containsKey("samples/001-seed2-tuned.png"),
                want.keySet().toString());
        assertSameBytes(want, files(spark));
    }

    @Test
    void aFailedItemIsNamedWithItsPromptSeedAndReason() throws Exception {
        System.setProperty(SparkItemEngine.FAIL_FIRST_ATTEMPT, "image-001-seed2*");
        ItemFailedException e = assertThrows(
                ItemFailedException.class,
                () -> evaluate(
                        dir.resolve("fails"),
                        new SparkItemEngine(MASTER, new TinySd("run"), 0),
                        new RunEvaluator(ProgressReporter.silent())));
        assertTrue(
                e.getMessage().contains("prompt 1 'a red circle', seed 2")
                        && e.getMessage().contains("failure injected on purpose"),
                e.getMessage());
    }

    @Test
    void anInterruptedEvaluationResumesOnSparkAndSkipsTheFinishedItems() throws Exception {
        Path whole = dir.resolve("whole");
        evaluate(whole, new LocalItemEngine(), new RunEvaluator(ProgressReporter.silent()));

        Path resumed = dir.resolve("resumed");
        ItemEngine stopsAfterTwo = new ItemEngine() {
            @Override
            public void run(List<WorkItem> items, ItemFunction here, ResultSink sink) throws Exception {
                for (int i = 0; i < 2; i++) {
                    sink.accept(here.evaluate(items.get(i)));
                }
                throw new IllegalStateException("interrupted");
            }

            @Override
            public String describe() {
                return "interrupted after two items";
            }
        };
        assertThrows(
                IllegalStateException.class,
                () -> evaluate(resumed, stopsAfterTwo, new RunEvaluator(ProgressReporter.silent())));
        assertTrue(Files.notExists(resumed.resolve(EvaluationSummary.FILE)), "no summary of a partial evaluation");
        RunEvaluator again = new RunEvaluator(ProgressReporter.silent());
        List<WorkItem> seen = new java.util.ArrayList<>();
        ItemEngine counting = new ItemEngine() {
            private final SparkItemEngine spark = new SparkItemEngine(MASTER, new TinySd("run"), 0);

            @Override
            public void run(List<WorkItem> items, ItemFunction here, ResultSink sink) throws Exception {
                seen.addAll(items);
                spark.run(items, here, sink);
            }

            @Override
            public String describe() {
                return spark.describe();
            }
        };
        evaluate(resumed, counting, again);
        assertEquals(2, again.skippedItems());
        assertEquals(4, seen.size(), "only the four unfinished items ran again");
        assertSameBytes(files(whole), files(resumed));
    }

    @Test
    void aResultRecordOfOtherInputsIsNotReused() throws Exception {
        Path run = dir.resolve("run");
        evaluate(run, new LocalItemEngine(), new RunEvaluator(ProgressReporter.silent()));
        RunEvaluator other = new RunEvaluator(ProgressReporter.silent());
        try (OpenEvaluation open = new TinySd("run").open()) {
            other.evaluate(open.inputs(), run, open.manager(), new LocalItemEngine(), "another adapter");
        }
        assertEquals(0, other.skippedItems());
    }
}
