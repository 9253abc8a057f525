package dev.focusnfix.sdk.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.focusnfix.api.ImageBatch;
import dev.focusnfix.api.LoraSpec;
import dev.focusnfix.api.PromptBatch;
import dev.focusnfix.api.Reward;
import dev.focusnfix.api.RewardOutput;
import dev.focusnfix.api.SamplingSettings;
import dev.focusnfix.api.services.ProgressReporter;
import dev.focusnfix.api.services.ProgressTask;
import dev.focusnfix.api.testkit.TestData;
import dev.focusnfix.api.testkit.TestExtensionContext;
import dev.focusnfix.api.testkit.TestTuningContext;
import dev.focusnfix.nn.pipeline.LatentDiffusionPipeline;
import dev.focusnfix.nn.weights.StateDict;
import dev.focusnfix.training.checkpoint.Checkpoint;
import dev.focusnfix.training.checkpoint.CheckpointMismatchException;
import dev.focusnfix.training.checkpoint.CheckpointStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The training loop on tiny-sd (32x32, 3 sampling steps, DRaFT-2): determinism, resuming bit for bit (3 steps,
 * stop, resume to 6), checkpoint
 * validation, the experiment-hash guard, non-finite steps and the metrics file.
 */
class TrainingLoopTest {

    private static final SamplingSettings SAMPLING = new SamplingSettings(32, 32, 3, 2f, 0f);
    private static final List<String> PROMPTS = List.of("a red circle", "a blue square", "a green triangle");

    @TempDir
    Path temp;

    private TestExtensionContext services;

    @BeforeEach
    void open() {
        services = new TestExtensionContext(TestData.root(), temp, 77L);
    }

    @AfterEach
    void close() {
        services.close();
    }

    private static TrainingSettings settings(int steps, int checkpointEvery, int batch, int accumulation) {
        return new TrainingSettings(
                new LoraSpec(2, 2f, LoraSpec.DEFAULT_TARGETS),
                steps,
                batch,
                accumulation,
                5e-3,
                LearningRateSchedule.COSINE,
                AdamSettings.withWeightDecay(0.01),
                1.0,
                checkpointEvery,
                0,
                2,
                false);
    }

    private TestTuningContext context(String run, Reward reward) {
        return new TestTuningContext(
                services,
                ProgressReporter.silent(),
                null,
                reward,
                null,
                PROMPTS,
                SAMPLING,
                temp.resolve(run),
                false,
                "experiment-1");
    }

    /** Trains on a freshly opened tiny-sd and returns the final adapter file. */
    private Path train(TestTuningContext context, TrainingSettings settings) throws Exception {
        try (LatentDiffusionPipeline pipeline = TinyModels.tinySd(SAMPLING)) {
            TestTuningContext withBackbone = context.withBackbone(pipeline);
            return new TrainingLoop("test", settings, withBackbone)
                    .run(new DraftKStep(withBackbone, 2))
                    .file();
        }
    }

    private static Reward reward() {
        return new TinyModels.WeightedPixelReward(3);
    }

    @Test
    void theSameExperimentGivesTheSameAdapterBitForBit() throws Exception {
        TrainingSettings settings = settings(3, 0, 1, 2);
        Path first = train(context("first", reward()), settings);
        Path second = train(context("second", reward()), settings);
        assertEquals(temp.resolve("first").resolve(TrainingLoop.FINAL_ADAPTER), first);
        assertArrayEquals(Files.readAllBytes(first), Files.readAllBytes(second));

        List<String> lines = Files.readAllLines(temp.resolve("first/metrics.jsonl"), StandardCharsets.UTF_8);
        assertEquals(3, lines.size());
        for (int i = 0; i < 3; i++) {
            JsonObject line = JsonParser.parseString(lines.get(i)).getAsJsonObject();
            assertEquals(i + 1, line.get("step").getAsInt());
            for (String key : List.of(
                    "reward",
                    "constraint",
                    "objective",
                    "gradNorm",
                    "learningRate",
                    "seconds",
                    "heapBytes",
                    "rssBytes")) {
                assertTrue(line.has(key) && !line.get(key).isJsonNull(), "metrics line lacks " + key);
            }
            assertTrue(line.get("gradNorm").getAsDouble() > 0);
            assertEquals(
                    LearningRateSchedule.COSINE.rate(5e-3, i + 1, 3),
                    line.get("learningRate").getAsDouble(),
                    1e-15);
            assertFalse(line.has("skipped"));
        }
        assertEquals(
                List.of(temp.resolve("first/checkpoints/step-00000003.safetensors")),
                new CheckpointStore(temp.resolve("first/checkpoints")).list(),
                "only the final checkpoint");
    }

    @Test
    void aRunStoppedAfterThreeStepsAndResumedToSixMatchesTheUninterruptedSixStepRun() throws Exception {
        TrainingSettings settings = settings(6, 3, 2, 1);
        Path uninterrupted = train(context("whole", reward()), settings);

        ProgressReporter crashAfterThree = (name, total) -> new ProgressTask() {
            @Override
            public void step(long done, String message) {
                if (done == 3) {
                    throw new IllegalStateException("simulated crash after step 3");
                }
            }

            @Override
            public void close() {}
        };
        TestTuningContext interrupted = context("interrupted", reward()).withProgress(crashAfterThree);
        IllegalStateException crash = assertThrows(IllegalStateException.class, () -> train(interrupted, settings));
        assertEquals("simulated crash after step 3", crash.getMessage());
        assertFalse(Files.exists(temp.resolve("interrupted").resolve(TrainingLoop.FINAL_ADAPTER)));
        assertEquals(
                List.of(temp.resolve("interrupted/checkpoints/step-00000003.safetensors")),
                new CheckpointStore(temp.resolve("interrupted/checkpoints")).list());

        Path resumed = train(context("interrupted", reward()).withResume(true), settings);
        double difference = maxAbsDifference(uninterrupted, resumed);
        System.out.printf("3 steps + resume + 3 steps vs 6 steps: max |adapter difference| %.3g%n", difference);
        assertTrue(difference <= 1e-6, "resumed adapter differs by " + difference + " > 1e-6");
        assertArrayEquals(
                Files.readAllBytes(uninterrupted),
                Files.readAllBytes(resumed),
                "3 steps + resume + 3 steps must equal 6 steps bit for bit");
        List<String> lines = Files.readAllLines(temp.resolve("interrupted/metrics.jsonl"));
        assertEquals(6, lines.size());
        assertEquals(
                Files.readAllLines(temp.resolve("whole/metrics.jsonl")).stream()
                        .map(TrainingLoopTest::reward)
                        .toList(),
                lines.stream().map(TrainingLoopTest::reward).toList());
    }

    /** The largest absolute difference between the tensors of two adapter files with the same keys. */
    private static double maxAbsDifference(Path a, Path b) throws IOException {
        double max = 0;
        try (NDManager m = NDManager.newBaseManager(Device.cpu());
                StateDict x = StateDict.read(a, m, DataType.FLOAT32);
                StateDict y = StateDict.read(b, m, DataType.FLOAT32)) {
            assertEquals(x.keys(), y.keys());
            for (String key : x.keys()) {
                float[] u = x.get(key).toFloatArray();
                float[] v = y.get(key).toFloatArray();
                for (int i = 0; i < u.length; i++) {
                    max = Math.max(max, Math.abs(u[i] - v[i]));
                }
            }
        }
        return max;
    }

    private static double reward(String metricsLine) {
        return JsonParser.parseString(metricsLine)
                .getAsJsonObject()
                .get("reward")
                .getAsDouble();
    }

    @Test
    void resumeSkipsACorruptNewestCheckpointAndRefusesAnotherExperiment() throws Exception {
        TrainingSettings settings = settings(3, 1, 1, 1);
        Path finalFile = train(context("run", reward()), settings);
        byte[] expected = Files.readAllBytes(finalFile);
        CheckpointStore store = new CheckpointStore(temp.resolve("run/checkpoints"));
        assertEquals(3, store.list().size());

        // Damage the newest checkpoint: one flipped byte near the end (in the tensor data).
        Path newest = store.fileFor(3);
        byte[] bytes = Files.readAllBytes(newest);
        bytes[bytes.length - 5] ^= 0x5a;
        Files.write(newest, bytes);
        // And leave a truncated file of a later step, as a crash mid-write without atomic rename would.
        byte[] second = Files.readAllBytes(store.fileFor(2));
        Files.write(store.fileFor(4), java.util.Arrays.copyOf(second, second.length / 2));
        try (NDManager scratch = services.manager().newSubManager()) {
            Checkpoint valid = store.loadLatestValid(scratch).orElseThrow();
            assertEquals(2, valid.state().step());
            valid.close();
        }

        Files.delete(finalFile);
        Path resumed = train(context("run", reward()).withResume(true), settings);
        assertArrayEquals(expected, Files.readAllBytes(resumed), "resuming from step 2 must redo step 3 exactly");
        assertEquals(
                List.of(store.fileFor(1), store.fileFor(2), store.fileFor(3)),
                store.list(),
                "the unusable step-4 file is removed, step 3 written again");
        try (NDManager scratch = services.manager().newSubManager();
                Checkpoint rewritten = store.load(store.fileFor(3), scratch)) {
            assertEquals(3, rewritten.state().step());
        }

        CheckpointMismatchException refused = assertThrows(
                CheckpointMismatchException.class,
                () -> train(context("run", reward()).withResume(true).withExperimentHash("experiment-2"), settings));
        assertTrue(refused.getMessage().contains("different experiment"), refused.getMessage());
        assertTrue(refused.getMessage().contains("forceResume"), refused.getMessage());

        TrainingSettings forced = new TrainingSettings(
                settings.lora(),
                settings.steps(),
                settings.batchSize(),
                settings.gradientAccumulation(),
                settings.learningRate(),
                settings.schedule(),
                settings.adam(),
                settings.gradClip(),
                settings.checkpointEvery(),
                settings.keepCheckpoints(),
                settings.maxNonFiniteInARow(),
                true);
        assertNotNull(train(context("run", reward()).withResume(true).withExperimentHash("experiment-2"), forced));
    }

    /** The weighted-pixel reward, NaN from its {@code firstBadCall}-th call on. */
    private static Reward nanFrom(int firstBadCall) {
        Reward good = reward();
        AtomicInteger calls = new AtomicInteger();
        return new Reward() {
            @Override
            public boolean isDifferentiable() {
                return true;
            }

            @Override
            public RewardOutput score(ImageBatch images, PromptBatch prompts) {
                NDArray r = good.score(images, prompts).reward();
                return RewardOutput.of(calls.incrementAndGet() >= firstBadCall ? r.add(Float.NaN) : r);
            }
        };
    }

    @Test
    void nonFiniteRewardsSkipTheUpdateAndStopAfterTooManyInARow() throws Exception {
        TrainingSettings settings = settings(6, 1, 1, 1);
        TestTuningContext context = context("nan", nanFrom(3));
        TrainingStoppedException stopped;
        java.util.Map<String, float[]> weightsAtStop;
        try (LatentDiffusionPipeline pipeline = TinyModels.tinySd(SAMPLING)) {
            TestTuningContext withBackbone = context.withBackbone(pipeline);
            TrainingLoop loop = new TrainingLoop("test", settings, withBackbone);
            stopped = assertThrows(TrainingStoppedException.class, () -> loop.run(new DraftKStep(withBackbone, 2)));
            weightsAtStop = TinyModels.values(pipeline.adapters().trainable());
        }
        assertEquals(4, stopped.step(), "steps 3 and 4 are non-finite; the limit is 2 in a row");
        assertTrue(stopped.getMessage().contains("step 4"), stopped.getMessage());
        assertTrue(stopped.getMessage().contains("non-finite reward NaN"), stopped.getMessage());
        assertTrue(stopped.getMessage().contains("step-00000002.safetensors"), stopped.getMessage());

        CheckpointStore store = new CheckpointStore(temp.resolve("nan/checkpoints"));
        assertEquals(List.of(store.fileFor(1), store.fileFor(2)), store.list(), "no checkpoint after a bad step");
        try (NDManager scratch = services.manager().newSubManager();
                Checkpoint last = store.load(store.fileFor(2), scratch)) {
            assertEquals(2, last.state().optimizerUpdates());
            // The skipped steps changed nothing: the adapter is still the one of step 2's checkpoint.
            assertEquals(weightsAtStop.keySet(), last.adapter().keySet());
            for (String key : weightsAtStop.keySet()) {
                assertArrayEquals(last.adapter().get(key).toFloatArray(), weightsAtStop.get(key), 0f, key);
            }
        }
        List<String> lines = Files.readAllLines(temp.resolve("nan/metrics.jsonl"));
        assertEquals(4, lines.size());
        JsonObject third = JsonParser.parseString(lines.get(2)).getAsJsonObject();
        assertTrue(third.get("reward").isJsonNull());
        assertTrue(third.get("skipped").getAsString().contains("reward"));
        assertFalse(Files.exists(temp.resolve("nan").resolve(TrainingLoop.FINAL_ADAPTER)));
    }
}
