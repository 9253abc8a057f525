package dev.focusnfix.nn.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.focusnfix.api.tensor.GaussianNoise;
import dev.focusnfix.api.tensor.Scalars;
import dev.focusnfix.api.testkit.TestData;
import dev.focusnfix.nn.lora.LoraAdapter;
import dev.focusnfix.nn.lora.LoraNetwork;
import dev.focusnfix.nn.module.Parameter;
import dev.focusnfix.nn.sampling.DdimScheduler;
import dev.focusnfix.nn.unet.UNet2DConditionModel;
import dev.focusnfix.nn.vae.AutoencoderKL;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Gradients through the tiny-sd UNet (with LoRA adapters), a stochastic DDIM step and the VAE decoder agree with
 * central finite differences along random directions, when the forward pass ran in a scope that is closed and the
 * garbage collector ran before the backward pass, and they are the same bit for bit when computed again.
 *
 * <p>The models run in float64, so that the finite differences are accurate to about 1e-9 and the comparison can be
 * tight: garbage read by the backward pass cannot hide in the tolerance.
 */
class UNetDecoderGradientTest {

    private static final DataType DTYPE = DataType.FLOAT64;
    private static final int T = 601;
    private static final int PREV_T = 501;
    private static final double ETA = 0.5;
    private static final double H = 1e-4;
    private static final double TOLERANCE = 1e-6;

    private static NDManager manager;
    private static UNet2DConditionModel unet;
    private static AutoencoderKL vae;
    private static DdimScheduler scheduler;
    private static List<Parameter> adapterB;

    private static NDArray x;
    private static NDArray timestep;
    private static NDArray context;
    private static NDArray varianceNoise;
    private static NDArray pixelWeights;

    @BeforeAll
    static void load() throws Exception {
        manager = NDManager.newBaseManager();
        unet = UNet2DConditionModel.load(TestData.path("tiny-sd/unet"), null, manager, DTYPE);
        vae = AutoencoderKL.load(TestData.path("tiny-sd/vae"), null, manager, DTYPE);
        scheduler = DdimScheduler.fromConfig(TestData.path("tiny-sd/scheduler"));
        // alpha != rank, so that the adapters' scale multiplies; B starts at zero, so it is made random to give A
        // a gradient too.
        LoraNetwork lora = LoraNetwork.create(
                unet, "test", 2, 3.0, List.of("to_q", "to_k", "to_v", "to_out.0"), manager, DTYPE, 5);
        adapterB = new ArrayList<>();
        long seed = 100;
        for (LoraAdapter adapter : lora.adapters().values()) {
            NDArray random = normal(seed++, adapter.b().shape());
            adapter.b().set(Scalars.mul(random, 0.2));
            adapterB.add(adapter.b());
        }
        lora.setTrainable(true);
        x = normal(1, new Shape(1, 4, 8, 8));
        timestep = manager.full(new Shape(1), T, DataType.FLOAT32);
        context = normal(2, new Shape(1, 7, 32));
        varianceNoise = normal(3, new Shape(1, 4, 8, 8));
        pixelWeights = normal(4, new Shape(1, 3, 64, 64));
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    @Test
    void inputAndAdapterGradientsMatchFiniteDifferences() {
        NDArray dx = normal(10, x.getShape());
        List<NDArray> dB = new ArrayList<>();
        for (int i = 0; i < adapterB.size(); i++) {
            dB.add(normal(20 + i, adapterB.get(i).shape()));
        }
        Gradients g = gradients();

        double analyticX = dot(g.x(), dx);
        double numericX = (loss(x.add(Scalars.mul(dx, H))) - loss(x.sub(Scalars.mul(dx, H)))) / (2 * H);
        System.out.printf(
                "UNet+VAE input gradient: autograd %.12g, finite differences %.12g (relative %.2e)%n",
                analyticX, numericX, Math.abs(analyticX - numericX) / Math.abs(numericX));
        assertEquals(
                numericX,
                analyticX,
                TOLERANCE * Math.abs(numericX),
                "d loss / d x along a random direction: autograd " + analyticX + ", finite differences " + numericX);

        double analyticB = 0;
        for (int i = 0; i < adapterB.size(); i++) {
            analyticB += dot(g.b().get(i), dB.get(i));
        }
        double numericB = (lossWithB(dB, H) - lossWithB(dB, -H)) / (2 * H);
        System.out.printf(
                "UNet+VAE lora_B gradient: autograd %.12g, finite differences %.12g (relative %.2e)%n",
                analyticB, numericB, Math.abs(analyticB - numericB) / Math.abs(numericB));
        assertEquals(
                numericB,
                analyticB,
                TOLERANCE * Math.abs(numericB),
                "d loss / d lora_B along a random direction: autograd " + analyticB + ", finite differences "
                        + numericB);
        assertTrue(Math.abs(numericX) > 1e-3 && Math.abs(numericB) > 1e-3, "the directions must matter");
    }

    @Test
    void gradientsAreTheSameWhenComputedAgain() {
        Gradients first = gradients();
        Gradients second = gradients();
        assertArrayEquals(first.x(), second.x(), 0.0);
        for (int i = 0; i < adapterB.size(); i++) {
            assertArrayEquals(first.b().get(i), second.b().get(i), 0.0, "lora_B " + i);
        }
    }

    /** The gradients of the loss at {@link #x}, the forward pass in a closed scope, the GC run before backward. */
    private static Gradients gradients() {
        NDArray input = x.duplicate();
        input.setRequiresGradient(true);
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray total;
            try (NDManager scope = manager.newSubManager()) {
                input.tempAttach(scope);
                total = forward(input);
                total.attach(manager);
            }
            GarbageChurn.run();
            collector.backward(total);
        }
        List<double[]> b = new ArrayList<>();
        for (Parameter p : adapterB) {
            NDArray g = p.array().getGradient();
            b.add(g.toDoubleArray());
            // Gradients accumulate across backward passes: start the next one from zero.
            g.subi(g);
        }
        return new Gradients(input.getGradient().toDoubleArray(), b);
    }

    /** {@code sum(w * decode(ddim_step(unet(x), x) / scaling_factor))}. */
    private static NDArray forward(NDArray latents) {
        NDArray eps = unet.forward(latents, timestep, context);
        NDArray previous =
                scheduler.step(eps, T, PREV_T, latents, ETA, varianceNoise).prevSample();
        NDArray image = vae.decodeScaled(previous);
        return image.mul(pixelWeights).sum();
    }

    private static double loss(NDArray latents) {
        try (NDManager scope = manager.newSubManager()) {
            latents.attach(scope);
            return forward(latents).getDouble();
        }
    }

    /** The loss with every adapter's B moved by {@code step} times its direction. */
    private static double lossWithB(List<NDArray> directions, double step) {
        List<NDArray> original = new ArrayList<>();
        for (int i = 0; i < adapterB.size(); i++) {
            Parameter b = adapterB.get(i);
            original.add(b.array());
            b.set(b.array().add(Scalars.mul(directions.get(i), step)));
        }
        try {
            return loss(x.duplicate());
        } finally {
            for (int i = 0; i < adapterB.size(); i++) {
                adapterB.get(i).array().close();
                adapterB.get(i).set(original.get(i));
            }
        }
    }

    private static double dot(double[] a, NDArray b) {
        double[] values = b.toDoubleArray();
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * values[i];
        }
        return sum;
    }

    private static NDArray normal(long seed, Shape shape) {
        return GaussianNoise.standardNormal(seed, shape, manager, DTYPE);
    }

    private record Gradients(double[] x, List<double[]> b) {}
}
