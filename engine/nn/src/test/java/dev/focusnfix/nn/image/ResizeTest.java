package dev.focusnfix.nn.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.focusnfix.api.image.Interpolation;
import org.junit.jupiter.api.Test;

/**
 * Resizing against values worked out by hand from PyTorch's definitions (source coordinate
 * {@code (i + 0.5) * in / out - 0.5}; cubic convolution with a = -0.75 and clamped neighbours). The parity with
 * PyTorch itself on a real downscale is checked by the CLIP preprocessing reference test.
 */
class ResizeTest {

    @Test
    void bilinearUpsamplingOfARamp() {
        // out 0: source -0.25 clamps to 0; out 3: source 1.25, upper neighbour clamps to index 1.
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray ramp = m.create(new float[] {0f, 1f}, new Shape(1, 1, 1, 2));
            assertArrayEquals(
                    new float[] {0f, 0.25f, 0.75f, 1f},
                    Resize.bilinear(ramp, 1, 4).toFloatArray(),
                    1e-6f);
        }
    }

    @Test
    void bicubicUpsamplingOfARampOvershoots() {
        // out 0: source -0.25 -> floor -1, t = 0.75; only neighbour +2 (index 1) is not clamped to 0:
        // weight k(2 - t) = k(1.25) = a(1.25^3 - 5 * 1.25^2 + 8 * 1.25 - 4) = 0.140625 a = -0.10546875.
        // out 1: source 0.25 -> floor 0, t = 0.25; index 1 gets k(0.75) + k(1.75) = 0.26171875 - 0.03515625.
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray ramp = m.create(new float[] {0f, 1f}, new Shape(1, 1, 1, 2));
            assertArrayEquals(
                    new float[] {-0.10546875f, 0.2265625f, 0.7734375f, 1.10546875f},
                    Resize.bicubic(ramp, 1, 4).toFloatArray(),
                    1e-6f);
        }
    }

    @Test
    void bicubicWeightsAtAnInteriorPoint() {
        // 4 -> 2: output 0 samples source 0.5 (t = 0.5): weights k(1.5), k(0.5), k(0.5), k(1.5) on indices
        // -1 (clamped to 0), 0, 1, 2. k(0.5) = 0.59375, k(1.5) = -0.09375.
        double[] matrix = Interpolation.BICUBIC.matrix(4, 2);
        assertArrayEquals(new double[] {0.5, 0.59375, -0.09375, 0, 0, -0.09375, 0.59375, 0.5}, matrix, 1e-12);
    }

    @Test
    void constantImagesStayConstantAndSameSizeIsIdentity() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray grey = m.full(new Shape(2, 3, 7, 5), 0.3f);
            for (Interpolation kernel : Interpolation.values()) {
                NDArray down = Resize.resize(grey, 3, 4, kernel);
                assertEquals(new Shape(2, 3, 3, 4), down.getShape());
                assertEquals(0f, down.sub(0.3f).abs().max().getFloat(), 1e-6f);
                NDArray up = Resize.resize(grey, 11, 9, kernel);
                assertEquals(0f, up.sub(0.3f).abs().max().getFloat(), 1e-6f);
            }
            NDArray random = m.randomUniform(0f, 1f, new Shape(1, 3, 6, 6));
            assertArrayEquals(
                    random.toFloatArray(), Resize.bicubic(random, 6, 6).toFloatArray(), 0f);
        }
    }

    @Test
    void gradientFlowsToThePixels() {
        // d sum(A_h X A_w^T) / dX[h, w] = colsum(A_h)[h] * colsum(A_w)[w].
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.randomUniform(0f, 1f, new Shape(1, 1, 4, 3));
            x.setRequiresGradient(true);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                collector.backward(Resize.bicubic(x, 2, 5).sum());
            }
            double[] aH = Interpolation.BICUBIC.matrix(4, 2);
            double[] aW = Interpolation.BICUBIC.matrix(3, 5);
            float[] gradient = x.getGradient().toFloatArray();
            for (int h = 0; h < 4; h++) {
                for (int w = 0; w < 3; w++) {
                    double colH = aH[h] + aH[4 + h];
                    double colW = 0;
                    for (int i = 0; i < 5; i++) {
                        colW += aW[i * 3 + w];
                    }
                    assertEquals(colH * colW, gradient[h * 3 + w], 1e-5, "d/dX[" + h + "," + w + "]");
                }
            }
        }
    }

    @Test
    void sameSizeResizeKeepsTheGraph() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.randomUniform(0f, 1f, new Shape(1, 1, 3, 3));
            x.setRequiresGradient(true);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                collector.backward(Resize.bilinear(x, 3, 3).mul(2f).sum());
            }
            assertArrayEquals(
                    m.full(new Shape(1, 1, 3, 3), 2f).toFloatArray(),
                    x.getGradient().toFloatArray(),
                    0f);
        }
    }

    @Test
    void shortestEdgeKeepsTheAspectRatioTruncatingTheLongSide() {
        assertArrayEquals(new int[] {38, 32}, Resize.shortestEdgeSize(48, 40, 32));
        assertArrayEquals(new int[] {32, 38}, Resize.shortestEdgeSize(40, 48, 32));
        assertArrayEquals(new int[] {224, 224}, Resize.shortestEdgeSize(512, 512, 224));
        assertThrows(IllegalArgumentException.class, () -> Resize.shortestEdgeSize(0, 4, 2));
    }
}
