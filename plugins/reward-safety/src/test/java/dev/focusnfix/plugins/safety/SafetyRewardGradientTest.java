package dev.focusnfix.plugins.safety;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.focusnfix.api.ImageBatch;
import dev.focusnfix.api.Reward;
import dev.focusnfix.api.image.Interpolation;
import dev.focusnfix.api.testkit.TensorAssert;
import dev.focusnfix.sdk.reward.ClassActivation;
import dev.focusnfix.sdk.reward.ClassObjective;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The safety reward's input gradient is exact when the scoring ran in a scope that is closed and the garbage collector
 * ran before the backward pass (on DJL's CPU engine, arrays over freed Java buffers would give garbage), and it is the
 * same bit for bit when computed again. Covers the scale, the objective and the differentiable resize and
 * normalisation in front of the model.
 */
class SafetyRewardGradientTest extends ClassifierReferenceBase {

    private static final int SIZE = 128;
    private static final int INPUT = 64;
    private static final float[] MEAN = {0.4f, 0.5f, 0.6f};
    private static final float[] STD = {0.2f, 0.25f, 0.3f};

    @Test
    void gradientIsMinusTheReferenceSaliencyAfterGarbageCollection() throws Exception {
        try (Reward reward = new SafetyReward().open(SafetyRewardOptions.of(TORCHSCRIPT), context)) {
            NDArray images = expected.get("images");
            float[] first = gradient(reward, images);
            float[] second = gradient(reward, images);
            NDArray reference = expected.get("red_p_unsafe_grad");
            // reward = -p(unsafe), so its gradient is minus the reference d p(unsafe) / d images.
            try (NDArray minusGradient =
                    context.manager().create(first, reference.getShape()).neg()) {
                TensorAssert.assertMatchesReference("-d reward / d images", reference, minusGradient);
            }
            assertArrayEquals(first, second, 0f, "the gradient differs between runs");
        }
    }

    /**
     * With a resize to 64x64, a per-channel normalisation and a scale of 2.5 in front of a log-probability, the
     * gradient equals the chain rule computed here independently: the gradient of the plain reward at the
     * preprocessed pixels, taken back through the (linear) preprocessing in double precision.
     */
    @Test
    void gradientThroughResizeAndNormalisationFollowsTheChainRule() throws Exception {
        SafetyRewardOptions preprocessed = new SafetyRewardOptions(
                TORCHSCRIPT,
                1,
                ClassObjective.LOG_PROBABILITY,
                ClassActivation.SOFTMAX,
                2.5f,
                "0",
                List.of(INPUT, INPUT),
                Interpolation.BILINEAR,
                List.of(MEAN[0], MEAN[1], MEAN[2]),
                List.of(STD[0], STD[1], STD[2]));
        SafetyRewardOptions plain = new SafetyRewardOptions(
                TORCHSCRIPT,
                1,
                ClassObjective.LOG_PROBABILITY,
                ClassActivation.SOFTMAX,
                2.5f,
                "0",
                List.of(),
                Interpolation.BILINEAR,
                List.of(),
                List.of());
        NDArray images = expected.get("images");
        double[] a = Interpolation.BILINEAR.matrix(SIZE, INPUT);
        int n = (int) images.getShape().get(0);
        float[] x = images.toFloatArray();

        float[] actual;
        float[] again;
        try (Reward reward = new SafetyReward().open(preprocessed, context)) {
            actual = gradient(reward, images);
            again = gradient(reward, images);
        }
        float[] atInput;
        try (Reward reward = new SafetyReward().open(plain, context);
                NDArray pixels = context.manager().create(preprocess(x, n, a), new Shape(n, 3, INPUT, INPUT))) {
            atInput = gradient(reward, pixels);
        }
        float[] chainRule = backThroughPreprocessing(atInput, n, a);
        try (NDArray want = context.manager().create(chainRule, images.getShape());
                NDArray got = context.manager().create(actual, images.getShape())) {
            TensorAssert.assertMatchesReference("d reward / d images through the preprocessing", want, got);
        }
        assertArrayEquals(actual, again, 0f, "the gradient differs between runs");
    }

    /** The summed reward's gradient with respect to {@code images}, scored in a scope closed before backward. */
    private float[] gradient(Reward reward, NDArray images) {
        try (NDManager step = context.manager().newSubManager()) {
            NDArray x = images.duplicate();
            x.attach(step);
            x.setRequiresGradient(true);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray total;
                try (NDManager scope = step.newSubManager()) {
                    x.tempAttach(scope);
                    total = reward.score(new ImageBatch(x), PROMPTS).reward().sum();
                    total.attach(step);
                }
                churnGarbage();
                collector.backward(total);
            }
            return x.getGradient().toFloatArray();
        }
    }

    /** {@code (A X A^T - mean[c]) / std[c]} per image and channel, in double precision. */
    private static float[] preprocess(float[] x, int n, double[] a) {
        float[] out = new float[n * 3 * INPUT * INPUT];
        for (int img = 0; img < n * 3; img++) {
            int c = img % 3;
            double[] resized = sandwich(a, toDouble(x, img * SIZE * SIZE, SIZE * SIZE), INPUT, SIZE, false);
            for (int i = 0; i < INPUT * INPUT; i++) {
                out[img * INPUT * INPUT + i] = (float) ((resized[i] - MEAN[c]) / STD[c]);
            }
        }
        return out;
    }

    /** The adjoint of {@link #preprocess}: {@code A^T (G / std[c]) A} per image and channel. */
    private static float[] backThroughPreprocessing(float[] g, int n, double[] a) {
        float[] out = new float[n * 3 * SIZE * SIZE];
        for (int img = 0; img < n * 3; img++) {
            int c = img % 3;
            double[] scaled = toDouble(g, img * INPUT * INPUT, INPUT * INPUT);
            for (int i = 0; i < scaled.length; i++) {
                scaled[i] /= STD[c];
            }
            double[] back = sandwich(a, scaled, INPUT, SIZE, true);
            for (int i = 0; i < SIZE * SIZE; i++) {
                out[img * SIZE * SIZE + i] = (float) back[i];
            }
        }
        return out;
    }

    /**
     * With {@code a} of shape [out, in]: {@code a m a^T} for an [in, in] matrix m, or with {@code transposed}
     * {@code a^T m a} for an [out, out] matrix m.
     */
    private static double[] sandwich(double[] a, double[] m, int out, int in, boolean transposed) {
        int from = transposed ? out : in;
        int to = transposed ? in : out;
        double[] rows = new double[to * from];
        for (int i = 0; i < to; i++) {
            for (int k = 0; k < from; k++) {
                double w = transposed ? a[k * in + i] : a[i * in + k];
                if (w != 0) {
                    for (int j = 0; j < from; j++) {
                        rows[i * from + j] += w * m[k * from + j];
                    }
                }
            }
        }
        double[] result = new double[to * to];
        for (int i = 0; i < to; i++) {
            for (int j = 0; j < to; j++) {
                double sum = 0;
                for (int k = 0; k < from; k++) {
                    sum += rows[i * from + k] * (transposed ? a[k * in + j] : a[j * in + k]);
                }
                result[i * to + j] = sum;
            }
        }
        return result;
    }

    private static double[] toDouble(float[] values, int offset, int length) {
        double[] out = new double[length];
        for (int i = 0; i < length; i++) {
            out[i] = values[offset + i];
        }
        return out;
    }

    /** Collects garbage and refills freed native memory with NaNs, so that reads of freed buffers show. */
    private static void churnGarbage() {
        int[][] sizesAndCounts = {
            {4, 5_000}, {8, 5_000}, {16, 5_000}, {64, 20_000}, {256, 2_000}, {4096, 200}, {65536, 20}
        };
        for (int round = 0; round < 5; round++) {
            System.gc();
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            for (int[] sizeAndCount : sizesAndCounts) {
                for (int i = 0; i < sizeAndCount[1]; i++) {
                    ByteBuffer b = ByteBuffer.allocateDirect(sizeAndCount[0]).order(ByteOrder.nativeOrder());
                    for (int p = 0; p + 4 <= sizeAndCount[0]; p += 4) {
                        b.putFloat(p, Float.NaN);
                    }
                }
            }
        }
    }
}
