package dev.focusnfix.plugins.guidance;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;
import dev.focusnfix.api.ImageBatch;
import dev.focusnfix.api.PromptBatch;
import dev.focusnfix.api.Reward;
import dev.focusnfix.api.RewardOutput;
import dev.focusnfix.api.tensor.Scalars;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * A differentiable test reward that penalises red: {@code r = -scale * mean(relu(R - (G + B) / 2))} over the pixels of
 * each image. Pure red scores {@code -scale}, grey, blue or green {@code 0}. Scalars go through {@link Scalars}
 * (DJL's Java-backed scalars corrupt gradients on the CPU after a GC).
 */
final class RednessReward implements Reward {

    private final float scale;
    private final boolean churnGarbage;

    RednessReward(float scale) {
        this(scale, false);
    }

    /**
     * A redness reward; with {@code churnGarbage} every score also collects garbage and reuses freed direct memory
     * between the forward and the backward pass, which exposes autograd tensors whose memory Java owned.
     */
    RednessReward(float scale, boolean churnGarbage) {
        this.scale = scale;
        this.churnGarbage = churnGarbage;
    }

    @Override
    public boolean isDifferentiable() {
        return true;
    }

    @Override
    public RewardOutput score(ImageBatch images, PromptBatch prompts) {
        RewardOutput out = RewardOutput.of(redness(images.pixels()));
        if (churnGarbage) {
            churn();
        }
        return out;
    }

    private static void churn() {
        System.gc();
        List<ByteBuffer> buffers = new ArrayList<>();
        for (int i = 0; i < 256; i++) {
            ByteBuffer b = ByteBuffer.allocateDirect(16 * 1024);
            for (int j = 0; j < b.capacity(); j += 4) {
                b.putFloat(j, Float.NaN);
            }
            buffers.add(b);
        }
        buffers.clear();
        System.gc();
    }

    /** {@code -scale * mean(relu(R - (G + B) / 2))} per image, {@code [N]}. */
    NDArray redness(NDArray pixels) {
        long n = pixels.getShape().get(0);
        NDArray red = pixels.get(":, 0");
        NDArray others = Scalars.mul(pixels.get(":, 1").add(pixels.get(":, 2")), 0.5);
        NDArray excess = Activation.relu(red.sub(others));
        return Scalars.mul(excess.reshape(n, -1).mean(new int[] {1}), -scale);
    }
}
