package dev.focusnfix.api.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.focusnfix.api.ImageBatch;
import dev.focusnfix.api.PromptBatch;
import dev.focusnfix.api.Reward;
import dev.focusnfix.api.RewardModel;
import dev.focusnfix.api.RewardOutput;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link RewardModel} must pass. Subclass it in the plugin's tests, give the extension and its
 * options, and optionally the images to score; JUnit runs every invariant against the implementation.
 *
 * @param <O> the reward's options type
 */
public abstract class RewardModelContract<O> extends ExtensionContract<RewardModel<O>> {

    /** The options to open the reward with. */
    protected abstract O options();

    /** Test images {@code [N,3,H,W]} in [0,1], N >= 2; smooth random images by default. */
    protected NDArray images(NDManager manager) {
        manager.getEngine().setRandomSeed(7);
        NDArray coarse = manager.randomUniform(0f, 1f, new Shape(2, 3, 8, 8));
        return coarse.repeat(2, 8).repeat(3, 8);
    }

    /** Prompts for the test images, one per image. */
    protected List<String> prompts(int n) {
        return java.util.Collections.nCopies(n, "a circle on a blue background");
    }

    private RewardOutput score(Reward reward, NDArray pixels) {
        return reward.score(new ImageBatch(pixels), PromptBatch.of(prompts((int)
                pixels.getShape().get(0))));
    }

    @Test
    void scoresOneFiniteValuePerImage() throws Exception {
        RewardModel<O> model = createExtension();
        try (Reward reward = model.open(options(), context);
                NDManager step = context.manager().newSubManager()) {
            NDArray pixels = images(step);
            RewardOutput out = score(reward, pixels);
            assertNotNull(out.reward(), "reward");
            assertArrayEquals(
                    new long[] {pixels.getShape().get(0)},
                    out.reward().getShape().getShape(),
                    "one reward per image");
            for (float v : out.reward().toFloatArray()) {
                assertTrue(Float.isFinite(v), "reward must be finite, got " + v);
            }
        }
    }

    @Test
    void scoresEachImageIndependentlyOfItsBatch() throws Exception {
        try (Reward reward = createExtension().open(options(), context);
                NDManager step = context.manager().newSubManager()) {
            NDArray pixels = images(step);
            float[] batch = score(reward, pixels).reward().toFloatArray();
            for (int i = 0; i < batch.length; i++) {
                float single =
                        score(reward, pixels.get(i + ":" + (i + 1))).reward().getFloat(0);
                assertEquals(batch[i], single, 1e-4f * Math.max(1f, Math.abs(single)), "image " + i);
            }
        }
    }

    @Test
    void isDeterministic() throws Exception {
        try (Reward reward = createExtension().open(options(), context);
                NDManager step = context.manager().newSubManager()) {
            NDArray pixels = images(step);
            assertArrayEquals(
                    score(reward, pixels).reward().toFloatArray(),
                    score(reward, pixels).reward().toFloatArray(),
                    0f);
        }
    }

    @Test
    void declaredDifferentiabilityMatchesTheOpenedReward() throws Exception {
        RewardModel<O> model = createExtension();
        try (Reward reward = model.open(options(), context)) {
            assertEquals(model.isDifferentiable(options()), reward.isDifferentiable());
        }
    }

    @Test
    void heatmapHasTheMaskShapeWhenProvided() throws Exception {
        RewardModel<O> model = createExtension();
        assumeTrue(model.providesHeatmap(options()), "this reward provides no heatmap");
        try (Reward reward = model.open(options(), context);
                NDManager step = context.manager().newSubManager()) {
            NDArray pixels = images(step);
            NDArray heatmap = score(reward, pixels).heatmap();
            assertNotNull(heatmap, "providesHeatmap() is true but score() returned no heatmap");
            Shape s = pixels.getShape();
            assertArrayEquals(
                    new long[] {s.get(0), 1, s.get(2), s.get(3)},
                    heatmap.getShape().getShape());
            assertTrue(heatmap.min().getFloat() >= 0f && heatmap.max().getFloat() <= 1f, "heatmap in [0,1]");
        }
    }

    /**
     * For a differentiable reward, the input gradient must be finite and agree with a central finite difference
     * along a random direction: the autograd graph must really connect the pixels to the reward.
     */
    @Test
    void gradientAgreesWithFiniteDifferences() throws Exception {
        RewardModel<O> model = createExtension();
        assumeTrue(model.isDifferentiable(options()), "this reward is not differentiable");
        try (Reward reward = model.open(options(), context);
                NDManager step = context.manager().newSubManager()) {
            NDArray pixels = images(step).clip(0.05f, 0.95f);
            pixels.setRequiresGradient(true);
            NDArray gradient;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray total = score(reward, pixels).reward().sum();
                collector.backward(total);
            }
            gradient = pixels.getGradient().duplicate();
            for (float g : gradient.toFloatArray()) {
                assertTrue(Float.isFinite(g), "gradient must be finite");
            }
            step.getEngine().setRandomSeed(11);
            NDArray direction = step.randomUniform(-1f, 1f, pixels.getShape());
            float h = 1e-2f;
            NDArray base = pixels.stopGradient();
            double plus =
                    score(reward, base.add(direction.mul(h))).reward().sum().getFloat();
            double minus =
                    score(reward, base.sub(direction.mul(h))).reward().sum().getFloat();
            double numeric = (plus - minus) / (2 * h);
            double analytic = gradient.mul(direction).sum().getFloat();
            double scale = Math.max(1e-3, Math.max(Math.abs(numeric), Math.abs(analytic)));
            assertTrue(
                    Math.abs(numeric - analytic) / scale < 0.05,
                    "directional derivative: autograd " + analytic + " vs finite difference " + numeric);
        }
    }
}
