package dev.focusnfix.plugins.safety;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.focusnfix.api.ImageBatch;
import dev.focusnfix.api.PromptBatch;
import dev.focusnfix.api.Reward;
import dev.focusnfix.api.RewardOutput;
import dev.focusnfix.api.testkit.TestData;
import dev.focusnfix.api.testkit.TestExtensionContext;
import dev.focusnfix.plugins.safety.nsfwjs.NsfwjsFixtures;
import dev.focusnfix.sdk.reward.ClassObjective;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The nsfwjs option of the safety reward: its three objectives computed from nsfwjs's own probabilities
 * ({@code expected.json} of the Node.js reference, independent of this code) on reference images, and the option
 * checks.
 */
class NsfwjsRewardTest {

    private static final Path REFERENCE = Path.of("src/test/nsfwjs-reference");
    /** 224x224 images, so a batch needs no resize and mixes classes: neutral photo, drawing-like gradient, ... */
    private static final List<String> IMAGES =
            List.of("deb-astronaut.png", "gen-gradient.png", "gen-grey.png", "deb-brick.png");
    /** The reward is a sum of 3 probabilities, each within the parity tolerance. */
    private static final double TOLERANCE = 3e-3;

    private static final double LOG_TOLERANCE = 1e-2;

    @TempDir
    Path outputDir;

    TestExtensionContext context;

    @BeforeEach
    void open() {
        context = new TestExtensionContext(TestData.root().resolveSibling("models"), outputDir, 1L);
    }

    @AfterEach
    void close() {
        context.close();
    }

    @Test
    void theThreeObjectivesFollowNsfwjsProbabilities() throws Exception {
        double[][] p = expectedProbabilities();
        try (NDManager step = context.manager().newSubManager()) {
            NDArray batch = batch(step);
            float[] probability = score(batch, ClassObjective.PROBABILITY);
            float[] logProbability = score(batch, ClassObjective.LOG_PROBABILITY);
            float[] margin = score(batch, ClassObjective.LOGIT_MARGIN);
            for (int i = 0; i < IMAGES.size(); i++) {
                double unsafe = p[i][1] + p[i][3] + p[i][4]; // Hentai, Porn, Sexy
                double safe = p[i][0] + p[i][2];
                assertEquals(-unsafe, probability[i], TOLERANCE, IMAGES.get(i) + " probability");
                // In log space: 1e-2 is 1% of the group's probability (the parity test bounds each to 1e-3).
                assertEquals(-Math.log(unsafe), logProbability[i], LOG_TOLERANCE, IMAGES.get(i) + " log p");
                assertEquals(-Math.log(unsafe / safe), margin[i], LOG_TOLERANCE, IMAGES.get(i) + " margin");
            }
        }
    }

    @Test
    void otherUnsafeClassesAndScale() throws Exception {
        double[][] p = expectedProbabilities();
        SafetyRewardOptions options = new SafetyRewardOptions(
                "nsfwjs/mobilenet_v2",
                1,
                ClassObjective.PROBABILITY,
                null,
                2f,
                "0",
                List.of(),
                null,
                List.of(),
                List.of(),
                List.of("Drawing", "4"));
        try (NDManager step = context.manager().newSubManager();
                Reward reward = new SafetyReward().open(options, context)) {
            float[] r = reward.score(new ImageBatch(batch(step)), prompts())
                    .reward()
                    .toFloatArray();
            for (int i = 0; i < IMAGES.size(); i++) {
                assertEquals(2 * (p[i][0] + p[i][4]), r[i], 2 * TOLERANCE, IMAGES.get(i));
            }
        }
    }

    @Test
    void probabilityObjectiveReturnsTheMarginAsSaliencyScore() throws Exception {
        try (NDManager step = context.manager().newSubManager();
                Reward probability = new SafetyReward().open(SafetyRewardOptions.of("nsfwjs/mobilenet_v2"), context);
                Reward margin = new SafetyReward()
                        .open(
                                SafetyRewardOptions.of("nsfwjs/mobilenet_v2")
                                        .withObjective(ClassObjective.LOGIT_MARGIN),
                                context)) {
            NDArray batch = batch(step);
            RewardOutput p = probability.score(new ImageBatch(batch), prompts());
            RewardOutput m = margin.score(new ImageBatch(batch), prompts());
            assertNotNull(p.saliencyScore());
            assertNull(m.saliencyScore(), "the margin is its own saliency score");
            assertArrayEquals(m.reward().toFloatArray(), p.saliencyScore().toFloatArray(), 1e-5f);
            assertNull(p.heatmap());
        }
    }

    @Test
    void declaresGradientsAndSaliencyBeforeLoading() {
        SafetyReward model = new SafetyReward();
        SafetyRewardOptions options = SafetyRewardOptions.of("builtin:nsfwjs/mobilenet_v2");
        assertTrue(options.nsfwjs());
        assertTrue(model.isDifferentiable(options));
        assertEquals("saliency", model.defaultRegionFunction(options));
        assertEquals(List.of("builtin:nsfwjs/mobilenet_v2"), model.modelReferences(options));
        assertArrayEquals(new int[] {1, 3, 4}, options.unsafeClassIndices());
        assertTrue(SafetyRewardOptions.isNsfwjs("models/nsfwjs/model.json"));
        assertTrue(SafetyRewardOptions.isNsfwjs("my-models/inception_v3/"));
        assertTrue(!SafetyRewardOptions.isNsfwjs("builtin:classifiers/red-detector.pt"));
    }

    @Test
    void optionsThatDoNotApplyAreRefusedWithTheReason() {
        IllegalArgumentException targetClass = assertThrows(
                IllegalArgumentException.class,
                () -> new SafetyRewardOptions(
                        "builtin:nsfwjs/mobilenet_v2",
                        3,
                        null,
                        null,
                        -1f,
                        "0",
                        List.of(),
                        null,
                        List.of(),
                        List.of(),
                        List.of()));
        assertTrue(targetClass.getMessage().contains("unsafeClasses"), targetClass.getMessage());
        IllegalArgumentException size =
                assertThrows(IllegalArgumentException.class, () -> SafetyRewardOptions.of("builtin:nsfwjs/mobilenet_v2")
                        .withInputSize(299, 299, null));
        assertTrue(size.getMessage().contains("own preprocessing"), size.getMessage());
        IllegalArgumentException unknown =
                assertThrows(IllegalArgumentException.class, () -> SafetyRewardOptions.of("builtin:nsfwjs/mobilenet_v2")
                        .withUnsafeClasses(List.of("Nude")));
        assertTrue(unknown.getMessage().contains("Drawing, Hentai, Neutral, Porn, Sexy"), unknown.getMessage());
        IllegalArgumentException all =
                assertThrows(IllegalArgumentException.class, () -> SafetyRewardOptions.of("builtin:nsfwjs/mobilenet_v2")
                        .withUnsafeClasses(List.of("0", "1", "2", "3", "4")));
        assertTrue(all.getMessage().contains("safe"), all.getMessage());
        IllegalArgumentException torch =
                assertThrows(IllegalArgumentException.class, () -> SafetyRewardOptions.of("classifiers/red-detector.pt")
                        .withUnsafeClasses(List.of("Porn")));
        assertTrue(torch.getMessage().contains("targetClass"), torch.getMessage());
    }

    @Test
    void aMissingModelFolderIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new SafetyReward()
                .open(SafetyRewardOptions.of("nsfwjs/no-such-model"), context));
        assertTrue(e.getMessage().contains("nsfwjs/no-such-model"), e.getMessage());
    }

    private float[] score(NDArray batch, ClassObjective objective) throws Exception {
        try (Reward reward = new SafetyReward()
                .open(SafetyRewardOptions.of("nsfwjs/mobilenet_v2").withObjective(objective), context)) {
            return reward.score(new ImageBatch(batch), prompts()).reward().toFloatArray();
        }
    }

    private static PromptBatch prompts() {
        return PromptBatch.of(java.util.Collections.nCopies(IMAGES.size(), "a scene"));
    }

    private static NDArray batch(NDManager manager) throws Exception {
        List<NDArray> images = new ArrayList<>();
        for (String name : IMAGES) {
            assertEquals(
                    224,
                    ImageIO.read(REFERENCE.resolve("images").resolve(name).toFile())
                            .getWidth(),
                    name);
            images.add(NsfwjsFixtures.image(manager, name));
        }
        return NDArrays.concat(new NDList(images));
    }

    private static double[][] expectedProbabilities() throws Exception {
        JsonObject json = JsonParser.parseString(Files.readString(REFERENCE.resolve("expected.json")))
                .getAsJsonObject();
        double[][] out = new double[IMAGES.size()][];
        for (var e : json.getAsJsonArray("results")) {
            JsonObject r = e.getAsJsonObject();
            int i = IMAGES.indexOf(r.get("image").getAsString());
            if (i >= 0) {
                var p = r.getAsJsonArray("probabilities");
                out[i] = new double[] {
                    p.get(0).getAsDouble(),
                    p.get(1).getAsDouble(),
                    p.get(2).getAsDouble(),
                    p.get(3).getAsDouble(),
                    p.get(4).getAsDouble()
                };
            }
        }
        for (int i = 0; i < out.length; i++) {
            assertNotNull(out[i], "no reference for " + IMAGES.get(i));
        }
        return out;
    }
}
