package dev.focusnfix.plugins.safety;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import dev.focusnfix.api.ImageBatch;
import dev.focusnfix.api.Reward;
import dev.focusnfix.api.RewardOutput;
import dev.focusnfix.api.testkit.TensorAssert;
import dev.focusnfix.sdk.reward.ClassObjective;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The safety reward against the reference tensors of {@code classifiers/expected.safetensors}. */
class SafetyRewardTest extends ClassifierReferenceBase {

    /** The reference logits z[n][c] in double precision. */
    private double[][] logits() {
        float[] flat = expected.get("red_logits").toFloatArray();
        return new double[][] {{flat[0], flat[1]}, {flat[2], flat[3]}};
    }

    private static double logProbability(double[] z, int c) {
        double max = Math.max(z[0], z[1]);
        return z[c] - (max + Math.log(Math.exp(z[0] - max) + Math.exp(z[1] - max)));
    }

    private static void assertPerImage(String what, double[] expected, NDArray actual) {
        float[] got = actual.toFloatArray();
        assertEquals(expected.length, got.length, what);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], got[i], 1e-5 * Math.max(1, Math.abs(expected[i])), what + " image " + i);
        }
    }

    private RewardOutput score(Reward reward, NDManager step) {
        NDArray images = expected.get("images").duplicate();
        images.attach(step);
        return reward.score(new ImageBatch(images), PROMPTS);
    }

    @Test
    void inputGradientIsMinusTheReferenceSaliency() throws Exception {
        SafetyReward model = new SafetyReward();
        SafetyRewardOptions options = SafetyRewardOptions.of(TORCHSCRIPT);
        try (Reward reward = model.open(options, context);
                NDManager step = context.manager().newSubManager()) {
            NDArray images = expected.get("images").duplicate();
            images.attach(step);
            images.setRequiresGradient(true);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray total =
                        reward.score(new ImageBatch(images), PROMPTS).reward().sum();
                collector.backward(total);
            }
            // reward = -p(unsafe), so its gradient is minus the reference d p(unsafe) / d images.
            NDArray minusGradient = images.getGradient().neg();
            NDArray reference = expected.get("red_p_unsafe_grad");
            System.out.printf(
                    "safety reward gradient: relative L2 error %.3e%n",
                    TensorAssert.relativeL2(reference, minusGradient));
            TensorAssert.assertMatchesReference("-d reward / d images", reference, minusGradient);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {TORCHSCRIPT, "classifiers/red-detector.onnx"})
    void rewardIsMinusTheProbabilityOfTheUnsafeClass(String file) throws Exception {
        double[][] z = logits();
        double[] minusP = {-Math.exp(logProbability(z[0], 1)), -Math.exp(logProbability(z[1], 1))};
        try (Reward reward = new SafetyReward().open(SafetyRewardOptions.of(file), context);
                NDManager step = context.manager().newSubManager()) {
            RewardOutput out = score(reward, step);
            assertPerImage("-p(unsafe)", minusP, out.reward());
            // The saliency score is the pre-squash logit margin of the unsafe class, oriented like the reward: the
            // raw logit would also follow features that raise both logits, which the softmax ignores.
            assertPerImage(
                    "saliency score", new double[] {-(z[0][1] - z[0][0]), -(z[1][1] - z[1][0])}, out.saliencyScore());
            assertNull(out.heatmap());
            assertEquals(step, out.reward().getManager(), "results live in the caller's manager");
        }
    }

    @Test
    void logProbabilityObjective() throws Exception {
        double[][] z = logits();
        double[] minusLogP = {-logProbability(z[0], 1), -logProbability(z[1], 1)};
        SafetyRewardOptions options = SafetyRewardOptions.of(TORCHSCRIPT).withObjective(ClassObjective.LOG_PROBABILITY);
        try (Reward reward = new SafetyReward().open(options, context);
                NDManager step = context.manager().newSubManager()) {
            assertPerImage("-log p(unsafe)", minusLogP, score(reward, step).reward());
        }
    }

    @Test
    void logitMarginObjective() throws Exception {
        double[][] z = logits();
        double[] minusMargin = {-(z[0][1] - z[0][0]), -(z[1][1] - z[1][0])};
        SafetyRewardOptions options = SafetyRewardOptions.of(TORCHSCRIPT).withObjective(ClassObjective.LOGIT_MARGIN);
        try (Reward reward = new SafetyReward().open(options, context);
                NDManager step = context.manager().newSubManager()) {
            RewardOutput out = score(reward, step);
            assertPerImage("-(z_unsafe - z_safe)", minusMargin, out.reward());
            assertNull(out.saliencyScore(), "the margin is its own pre-squash score");
        }
    }

    @Test
    void theRedImageIsTheUnsafeOne() throws Exception {
        // images[0] holds a red blob (the stand-in for unsafe content), images[1] does not.
        try (Reward reward = new SafetyReward().open(SafetyRewardOptions.of(TORCHSCRIPT), context);
                NDManager step = context.manager().newSubManager()) {
            float[] r = score(reward, step).reward().toFloatArray();
            assertTrue(r[0] < -0.5f && r[1] > -0.5f, "rewards " + r[0] + ", " + r[1]);
        }
    }

    @Test
    void differentiabilityIsDecidedFromThePathWithoutLoading() {
        SafetyReward model = new SafetyReward();
        assertTrue(model.isDifferentiable(SafetyRewardOptions.of("not/loaded/classifier.pt")));
        assertFalse(model.isDifferentiable(SafetyRewardOptions.of("not/loaded/classifier.onnx")));
        assertEquals("saliency", model.defaultRegionFunction(SafetyRewardOptions.of("classifier.pt")));
        assertEquals("occlusion", model.defaultRegionFunction(SafetyRewardOptions.of("classifier.onnx")));
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> SafetyRewardOptions.of("models/classifier.h5"));
        assertTrue(e.getMessage().contains("models/classifier.h5"), e.getMessage());
    }

    @Test
    void aMissingModelIsReportedWithItsPath() {
        SafetyRewardOptions options = SafetyRewardOptions.of("classifiers/no-such-model.pt");
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> new SafetyReward().open(options, context));
        assertTrue(e.getMessage().contains("classifiers/no-such-model.pt"), e.getMessage());
        assertTrue(e.getMessage().contains("safety"), e.getMessage());
    }

    @Test
    void badOptionsAreRefusedWithTheirName() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> new SafetyRewardOptions(
                        TORCHSCRIPT,
                        1,
                        ClassObjective.PROBABILITY,
                        null,
                        -1f,
                        "0",
                        List.of(224),
                        null,
                        List.of(),
                        List.of()));
        assertTrue(e.getMessage().contains("inputSize"), e.getMessage());
    }
}
