package dev.focusnfix.sdk.training;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.focusnfix.api.ImageBatch;
import dev.focusnfix.api.PromptBatch;
import dev.focusnfix.api.Reward;
import dev.focusnfix.api.RewardOutput;
import dev.focusnfix.api.SamplingSettings;
import dev.focusnfix.api.tensor.GaussianNoise;
import dev.focusnfix.api.testkit.TestData;
import dev.focusnfix.nn.pipeline.LatentDiffusionPipeline;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** The tiny fixture backbone and small rewards for the training tests. */
public final class TinyModels {

    private TinyModels() {}

    /** tiny-sd on the CPU in float32. */
    public static LatentDiffusionPipeline tinySd(SamplingSettings defaults) throws IOException {
        return LatentDiffusionPipeline.load(TestData.path("tiny-sd"), null, defaults, Device.cpu(), DataType.FLOAT32);
    }

    /**
     * Collects garbage and refills freed direct memory with NaNs: a backward pass that still reads a Java buffer DJL
     * released (the CPU engine's scalar hazard) then gives NaN gradients instead of passing by luck.
     */
    public static void garbageChurn() {
        for (int round = 0; round < 3; round++) {
            System.gc();
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            for (int size : new int[] {4, 8, 16, 64, 256, 4096}) {
                for (int i = 0; i < 2000; i++) {
                    java.nio.ByteBuffer b =
                            java.nio.ByteBuffer.allocateDirect(size).order(java.nio.ByteOrder.nativeOrder());
                    for (int p = 0; p + 4 <= size; p += 4) {
                        b.putFloat(p, Float.NaN);
                    }
                }
            }
        }
    }

    /** Copies of every parameter's gradient. */
    public static Map<String, float[]> gradients(Map<String, NDArray> parameters) {
        Map<String, float[]> copies = new LinkedHashMap<>();
        parameters.forEach((k, p) -> {
            try (NDArray g = p.getGradient()) {
                copies.put(k, g.toFloatArray());
            }
        });
        return copies;
    }

    /** Copies of every parameter's values. */
    public static Map<String, float[]> values(Map<String, NDArray> parameters) {
        Map<String, float[]> copies = new LinkedHashMap<>();
        parameters.forEach((k, p) -> copies.put(k, p.toFloatArray()));
        return copies;
    }

    /**
     * A differentiable reward with a rich gradient: {@code r = mean(W * image)} with fixed standard normal weights
     * {@code W} (one per pixel and channel, drawn from a seed).
     */
    public static final class WeightedPixelReward implements Reward {

        private final long seed;

        /** Weights drawn from {@code seed}. */
        public WeightedPixelReward(long seed) {
            this.seed = seed;
        }

        @Override
        public boolean isDifferentiable() {
            return true;
        }

        @Override
        public RewardOutput score(ImageBatch images, PromptBatch prompts) {
            NDArray pixels = images.pixels();
            Shape one = new Shape(1, 3, images.height(), images.width());
            NDManager manager = pixels.getManager();
            NDArray weights = GaussianNoise.standardNormal(seed, one, manager, pixels.getDataType());
            NDArray weighted = pixels.mul(weights);
            return RewardOutput.of(weighted.reshape(images.size(), -1).mean(new int[] {1}));
        }
    }
}
