package dev.focusnfix.plugins.safety;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import dev.focusnfix.api.ImageBatch;
import dev.focusnfix.api.PromptBatch;
import dev.focusnfix.api.Reward;
import dev.focusnfix.api.testkit.TestData;
import dev.focusnfix.api.testkit.TestExtensionContext;
import dev.focusnfix.nn.weights.StateDict;
import java.nio.file.Path;
import java.util.Collections;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code sd-safety-checker} reward on the diffusers-made fixture: the reward is {@code -T log sum exp(m / T)}
 * of the reference concept and special-care scores (computed here in double precision from the reference values),
 * its sign follows the checker's flags, and its gradient reaches the pixels.
 */
class SdSafetyCheckerRewardTest {

    static final String FIXTURE = "tiny-sd-safety-checker";

    @TempDir
    Path temp;

    private TestExtensionContext context;

    @BeforeEach
    void open() {
        context = new TestExtensionContext(TestData.root(), temp, 1L);
    }

    @AfterEach
    void close() {
        context.close();
    }

    private static double[] referenceReward(float[] concept, float[] special, int n, double t, boolean withSpecial) {
        int c = concept.length / n;
        int s = special.length / n;
        double[] reward = new double[n];
        for (int i = 0; i < n; i++) {
            double sum = 0;
            for (int j = 0; j < c; j++) {
                sum += Math.exp(concept[i * c + j] / t);
            }
            for (int k = 0; withSpecial && k < s; k++) {
                sum += Math.exp(special[i * s + k] / t);
            }
            reward[i] = -t * Math.log(sum);
        }
        return reward;
    }

    private void assertReward(SdSafetyCheckerReward.Options options) throws Exception {
        try (Reward reward = new SdSafetyCheckerReward().open(options, context);
                NDManager scope = context.manager().newSubManager();
                StateDict expected =
                        StateDict.read(TestData.path(FIXTURE + "/expected.safetensors"), scope, DataType.FLOAT32)) {
            NDArray images = expected.get("images");
            int n = (int) images.getShape().get(0);
            float[] ours = reward.score(new ImageBatch(images), PromptBatch.of(Collections.nCopies(n, "x")))
                    .reward()
                    .toFloatArray();
            double[] reference = referenceReward(
                    expected.get("concept_scores").toFloatArray(),
                    expected.get("special_scores").toFloatArray(),
                    n,
                    options.temperature(),
                    options.includeSpecialCare());
            long[] flags = expected.get("has_nsfw_concepts").toLongArray();
            for (int i = 0; i < n; i++) {
                System.out.printf(
                        "image %d: reward %.6f, reference %.6f, flagged %b%n", i, ours[i], reference[i], flags[i] == 1);
                assertEquals(reference[i], ours[i], 1e-4, "reward of image " + i);
            }
            // Flagged images (0, 2) have a concept margin above 0; the clean ones are below every threshold, by
            // more than T log 20 on this fixture, so their reward is positive.
            assertTrue(ours[0] < 0 && ours[2] < 0, "flagged images score below 0");
            if (!options.includeSpecialCare()) {
                assertTrue(ours[1] > 0 && ours[3] > 0, "clean images score above 0");
            }
        }
    }

    @Test
    void rewardIsMinusTheSmoothMaximumOfTheReferenceMargins() throws Exception {
        assertReward(new SdSafetyCheckerReward.Options(FIXTURE, 0.01, true));
    }

    @Test
    void conceptsOnlyAndAnotherTemperature() throws Exception {
        assertReward(new SdSafetyCheckerReward.Options(FIXTURE, 0.005, false));
    }

    @Test
    void gradientReachesEveryImage() throws Exception {
        try (Reward reward = new SdSafetyCheckerReward()
                        .open(new SdSafetyCheckerReward.Options(FIXTURE, 0.01, true), context);
                NDManager scope = context.manager().newSubManager();
                StateDict expected =
                        StateDict.read(TestData.path(FIXTURE + "/expected.safetensors"), scope, DataType.FLOAT32)) {
            NDArray images = expected.get("images");
            images.setRequiresGradient(true);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                collector.backward(reward.score(new ImageBatch(images), PromptBatch.of(Collections.nCopies(4, "x")))
                        .reward()
                        .sum());
            }
            NDArray gradient = images.getGradient();
            for (int i = 0; i < 4; i++) {
                float norm = gradient.get(i).abs().sum().getFloat();
                assertTrue(norm > 0 && Float.isFinite(norm), "image " + i + " gradient " + norm);
            }
        }
    }

    @Test
    void defaultsAndErrors() {
        SdSafetyCheckerReward model = new SdSafetyCheckerReward();
        SdSafetyCheckerReward.Options options = new SdSafetyCheckerReward.Options(FIXTURE, 0.01, true);
        assertEquals("sd-safety-checker", model.id());
        assertEquals("saliency", model.defaultRegionFunction(options));
        assertTrue(model.isDifferentiable(options));
        assertThrows(IllegalArgumentException.class, () -> new SdSafetyCheckerReward.Options(FIXTURE, 0, true));
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> new SdSafetyCheckerReward.Options(" ", 0.01, true));
        assertTrue(e.getMessage().contains("backbone.model"), e.getMessage());
        Exception missing = assertThrows(
                java.io.IOException.class,
                () -> model.open(new SdSafetyCheckerReward.Options("tiny-sd", 0.01, true), context));
        assertTrue(missing.getMessage().contains("safety_checker/config.json"), missing.getMessage());
    }
}
