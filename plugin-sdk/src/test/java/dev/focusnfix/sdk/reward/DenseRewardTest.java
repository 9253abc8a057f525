package dev.focusnfix.sdk.reward;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.focusnfix.api.ImageBatch;
import dev.focusnfix.api.PromptBatch;
import dev.focusnfix.api.Reward;
import dev.focusnfix.api.RewardOutput;
import dev.focusnfix.api.image.Interpolation;
import dev.focusnfix.api.testkit.TensorAssert;
import dev.focusnfix.api.testkit.TestData;
import dev.focusnfix.nn.weights.StateDict;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The shared dense-model reward on the toy noise-artifact model against {@code classifiers/expected.safetensors}. */
class DenseRewardTest {

    private static final PromptBatch PROMPTS = PromptBatch.of(List.of("a", "b"));

    /** The smallest options record a plugin could declare. */
    private record Options(String model, String scoreOutput, String heatmapOutput, float scale, List<Integer> inputSize)
            implements DenseRewardOptions {

        @Override
        public List<String> outputNames() {
            return List.of("plausibility", "heatmap");
        }

        @Override
        public ScoreActivation scoreActivation() {
            return ScoreActivation.RAW;
        }

        @Override
        public ScoreActivation heatmapActivation() {
            return ScoreActivation.RAW;
        }

        @Override
        public Interpolation resize() {
            return Interpolation.BILINEAR;
        }

        @Override
        public List<Float> mean() {
            return List.of();
        }

        @Override
        public List<Float> std() {
            return List.of();
        }
    }

    private static NDManager manager;
    private static StateDict expected;

    @BeforeAll
    static void readReference() throws IOException {
        manager = NDManager.newBaseManager(Device.cpu());
        expected = StateDict.read(TestData.path("classifiers/expected.safetensors"), manager, DataType.FLOAT32);
    }

    @AfterAll
    static void release() {
        expected.close();
        manager.close();
    }

    private static RewardOutput score(Options options, NDManager step) throws IOException {
        ImageClassifier model = ImageClassifier.load(
                TestData.path(options.model()), options.imageInput(), options.outputNames(), Device.cpu());
        try (Reward reward = new DenseReward(model, options)) {
            NDArray images = expected.get("images").duplicate();
            images.attach(step);
            return reward.score(new ImageBatch(images), PROMPTS);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"classifiers/noise-artifact.pt", "classifiers/noise-artifact.onnx"})
    void rewardIsTheScaledScoreAndTheHeatmapTheModels(String file) throws IOException {
        try (NDManager step = manager.newSubManager()) {
            RewardOutput out = score(new Options(file, "plausibility", "heatmap", -2f, List.of()), step);
            TensorAssert.assertMatchesReference(
                    file + " reward", expected.get("noise_plausibility").mul(-2f), out.reward());
            TensorAssert.assertMatchesReference(file + " heatmap", expected.get("noise_heatmap"), out.heatmap());
            assertNull(out.saliencyScore());
            assertFalse(out.heatmap().hasGradient(), "the heatmap carries no graph");
            assertTrue(out.reward().getManager() == step, "results live in the images' manager");
        }
    }

    @Test
    void heatmapOfAFixedInputSizeComesBackAtTheImageSize() throws IOException {
        try (NDManager step = manager.newSubManager()) {
            RewardOutput out = score(new Options("classifiers/noise-artifact.pt", "0", "1", 1f, List.of(64, 64)), step);
            assertArrayEquals(
                    new long[] {2, 1, 128, 128}, out.heatmap().getShape().getShape());
            assertTrue(
                    out.heatmap().min().getFloat() >= 0f && out.heatmap().max().getFloat() <= 1f);
        }
    }

    @Test
    void aHeatmapOutputOfTheWrongShapeIsNamed() {
        try (NDManager step = manager.newSubManager()) {
            IllegalArgumentException e = assertThrows(
                    IllegalArgumentException.class,
                    () -> score(
                            new Options("classifiers/noise-artifact.pt", "plausibility", "plausibility", 1f, List.of()),
                            step));
            assertTrue(e.getMessage().contains("heatmap output 'plausibility'"), e.getMessage());
        }
    }

    @Test
    void validateNamesTheBadOption() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> DenseRewardOptions.validate(
                        "m.pt",
                        "0",
                        "1",
                        Float.POSITIVE_INFINITY,
                        List.of(),
                        Interpolation.BILINEAR,
                        List.of(),
                        List.of()));
        assertTrue(e.getMessage().contains("scale"), e.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> DenseRewardOptions.validate(
                        "m.bin", "0", "1", 1f, List.of(), Interpolation.BILINEAR, List.of(), List.of()));
        assertThrows(
                IllegalArgumentException.class,
                () -> DenseRewardOptions.validate(
                        "m.pt", " ", "1", 1f, List.of(), Interpolation.BILINEAR, List.of(), List.of()));
    }
}
