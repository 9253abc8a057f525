package dev.focusnfix.bench;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.util.cuda.CudaUtils;
import dev.focusnfix.api.tensor.GaussianNoise;
import dev.focusnfix.nn.kernels.Kernels;
import dev.focusnfix.nn.kernels.NetworkKernels;
import dev.focusnfix.nn.lora.LoraNetwork;
import dev.focusnfix.nn.unet.UNet2DConditionModel;
import dev.focusnfix.nn.unet.UNetConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Speed and memory of the networks on random weights of real shapes: UNet forward, forward plus backward into LoRA
 * adapters, a guided sampling loop, and the machine's practical peak (a large matrix product) to compare achieved
 * FLOP/s against. Each figure is the median of repeated runs after a warm-up, with the peak resident memory.
 */
public final class Benchmarks {

    /** The network sizes, by the UNet config they build. */
    public enum Size {
        /** The tiny SD fixture. */
        TINY_SD("tiny-sd", "tiny-sd-unet.json", 16),
        /** The built-in toy-shapes model. */
        TOY_SHAPES("toy-shapes", "toy-shapes-unet.json", 8),
        /** Stable Diffusion v1.4's UNet (860 M parameters). */
        SD14("sd14", "sd14-unet.json", 64),
        /** SDXL base's UNet (2.6 G parameters). */
        SDXL("sdxl", "sdxl-unet.json", 128);

        private final String id;
        private final String resource;
        private final int latent;

        Size(String id, String resource, int latent) {
            this.id = id;
            this.resource = resource;
            this.latent = latent;
        }

        /** The id used on the command line. */
        public String id() {
            return id;
        }

        /** The latent size of the model's native resolution. */
        public int nativeLatent() {
            return latent;
        }

        /** The UNet config. */
        public UNetConfig config() {
            try (InputStream in = Benchmarks.class.getResourceAsStream(resource)) {
                return UNetConfig.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), resource);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** The size with an id. */
        public static Size of(String id) {
            for (Size s : values()) {
                if (s.id.equals(id)) {
                    return s;
                }
            }
            throw new IllegalArgumentException("unknown size '" + id + "'; expected one of "
                    + Arrays.stream(values()).map(Size::id).toList());
        }
    }

    /**
     * What to run.
     *
     * @param sizes the network sizes
     * @param device the device
     * @param dtype the compute data type
     * @param batch latents per forward pass
     * @param latent latent height and width; 0 for each size's native resolution
     * @param repeats timed repetitions
     * @param samplingSteps steps of the sampling loop (0: no sampling benchmark)
     * @param kernels the kernels to measure each UNet benchmark with, each as its own row
     */
    public record Settings(
            List<Size> sizes,
            Device device,
            DataType dtype,
            int batch,
            int latent,
            int repeats,
            int samplingSteps,
            List<NetworkKernels> kernels) {

        /** Settings measuring the kernels active now. */
        public Settings(
                List<Size> sizes,
                Device device,
                DataType dtype,
                int batch,
                int latent,
                int repeats,
                int samplingSteps) {
            this(sizes, device, dtype, batch, latent, repeats, samplingSteps, List.of(Kernels.active()));
        }
    }

    private static final int CONTEXT_LENGTH = 77;

    private final Consumer<String> log;

    /** Benchmarks that report progress lines to {@code log}. */
    public Benchmarks(Consumer<String> log) {
        this.log = log;
    }

    /** Runs everything the settings ask for. */
    public List<BenchmarkResult> run(Settings s) {
        List<BenchmarkResult> results = new ArrayList<>();
        results.add(matmulPeak(s));
        NetworkKernels before = Kernels.active();
        try {
            for (Size size : s.sizes()) {
                results.addAll(unet(size, s));
            }
        } finally {
            Kernels.use(before);
        }
        return results;
    }

    private BenchmarkResult matmulPeak(Settings s) {
        int n = s.device().isGpu() ? 8192 : 1024;
        try (NDManager m = NDManager.newBaseManager(s.device())) {
            NDArray a = GaussianNoise.standardNormal(1, new Shape(n, n), m, s.dtype());
            NDArray b = GaussianNoise.standardNormal(2, new Shape(n, n), m, s.dtype());
            double flops = 2.0 * n * n * (double) n;
            return measure("matmul-" + n, "-", s, 1, n + "x" + n, flops, () -> {
                try (NDArray c = a.matMul(b)) {
                    sync(c);
                }
            });
        }
    }

    private List<BenchmarkResult> unet(Size size, Settings s) {
        int latent = s.latent() > 0 ? s.latent() : size.nativeLatent();
        UNetConfig config = size.config();
        List<BenchmarkResult> results = new ArrayList<>();
        log.accept(String.format(Locale.ROOT, "%s: building the UNet with random weights", size.id()));
        try (NDManager weights = NDManager.newBaseManager(s.device())) {
            UNet2DConditionModel unet = new UNet2DConditionModel(config);
            unet.initialize(weights, s.dtype(), 0);
            int contextDim = config.crossAttentionDim().get(0);
            double flops = UNetFlops.forward(config, s.batch(), latent, latent, CONTEXT_LENGTH);
            String res = latent + "x" + latent;
            try (NDManager inputs = weights.newSubManager()) {
                NDArray x = GaussianNoise.standardNormal(
                        3, new Shape(s.batch(), config.inChannels(), latent, latent), inputs, s.dtype());
                NDArray t = inputs.full(new Shape(s.batch()), 500f, DataType.FLOAT32);
                NDArray ctx = GaussianNoise.standardNormal(
                        4, new Shape(s.batch(), CONTEXT_LENGTH, contextDim), inputs, s.dtype());
                UNet2DConditionModel.AddedConditions added = config.textTimeAddition()
                        ? new UNet2DConditionModel.AddedConditions(
                                GaussianNoise.standardNormal(
                                        5,
                                        new Shape(
                                                s.batch(),
                                                config.projectionClassEmbeddingsInputDim()
                                                        - 6L * config.additionTimeEmbedDim()),
                                        inputs,
                                        s.dtype()),
                                inputs.create(new float[] {1024, 1024, 0, 0, 1024, 1024})
                                        .reshape(1, 6)
                                        .repeat(0, s.batch())
                                        .toType(s.dtype(), false))
                        : null;
                for (NetworkKernels kernels : s.kernels()) {
                    Kernels.use(kernels);
                    results.add(measure(
                            "unet-forward",
                            size.id(),
                            s,
                            s.batch(),
                            res,
                            flops,
                            scoped(inputs, added, () -> sync(forward(unet, x, t, ctx, added)), x, t, ctx)));
                }
                LoraNetwork lora = LoraNetwork.create(unet, "bench", 4, 4, weights, DataType.FLOAT32, 7);
                for (NetworkKernels kernels : s.kernels()) {
                    Kernels.use(kernels);
                    results.add(measure(
                            "unet-forward-backward",
                            size.id(),
                            s,
                            s.batch(),
                            res,
                            3 * flops,
                            scoped(
                                    inputs,
                                    added,
                                    () -> {
                                        try (GradientCollector gc =
                                                Engine.getInstance().newGradientCollector()) {
                                            gc.backward(forward(unet, x, t, ctx, added)
                                                    .mean());
                                        }
                                    },
                                    x,
                                    t,
                                    ctx)));
                }
                lora.setScale(0);
                int steps = s.samplingSteps();
                if (steps == 0) {
                    return results;
                }
                Kernels.use(s.kernels().get(0));
                results.add(measure(
                        "sampling-" + steps + "-steps-cfg",
                        size.id(),
                        s,
                        s.batch(),
                        res,
                        2 * steps * flops,
                        scoped(
                                inputs,
                                added,
                                () -> {
                                    NDArray latents = x;
                                    NDArray x2 = x.concat(x, 0);
                                    NDArray t2 = t.concat(t, 0);
                                    NDArray c2 = ctx.concat(ctx, 0);
                                    for (int i = 0; i < steps; i++) {
                                        NDArray eps = forward(
                                                unet,
                                                latents.concat(latents, 0),
                                                t2,
                                                c2,
                                                added == null
                                                        ? null
                                                        : new UNet2DConditionModel.AddedConditions(
                                                                added.textEmbeds()
                                                                        .concat(added.textEmbeds(), 0),
                                                                added.timeIds().concat(added.timeIds(), 0)));
                                        latents = latents.sub(eps.get(":" + s.batch())
                                                .mul(eps.getManager().full(new Shape(), 0.01f, latents.getDataType())));
                                    }
                                    sync(latents);
                                    x2.close();
                                },
                                x,
                                t,
                                ctx)));
            }
        }
        return results;
    }

    private static NDArray forward(
            UNet2DConditionModel unet, NDArray x, NDArray t, NDArray ctx, UNet2DConditionModel.AddedConditions added) {
        return added == null ? unet.forward(x, t, ctx) : unet.forward(x, t, ctx, added);
    }

    /**
     * Runs {@code body} in a sub-manager of {@code parent} that the inputs are temporarily attached to, so every
     * intermediate of one measured repetition lands there and is freed after it (the inputs go back to
     * {@code parent}); without it each repetition's tensors would pile up in the inputs' manager.
     */
    private static Runnable scoped(
            NDManager parent, UNet2DConditionModel.AddedConditions added, Runnable body, NDArray... inputs) {
        return () -> {
            try (NDManager step = parent.newSubManager()) {
                for (NDArray input : inputs) {
                    input.tempAttach(step);
                }
                if (added != null) {
                    added.textEmbeds().tempAttach(step);
                    added.timeIds().tempAttach(step);
                }
                body.run();
            }
        };
    }

    private BenchmarkResult measure(
            String name, String size, Settings s, int batch, String resolution, double flops, Runnable body) {
        body.run();
        PeakMemory.reset();
        double[] ms = new double[s.repeats()];
        for (int i = 0; i < ms.length; i++) {
            long start = System.nanoTime();
            body.run();
            ms[i] = (System.nanoTime() - start) / 1e6;
        }
        double peak = PeakMemory.peakBytes();
        double[] sorted = ms.clone();
        Arrays.sort(sorted);
        double median = sorted.length % 2 == 1
                ? sorted[sorted.length / 2]
                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
        double gpu = -1;
        if (s.device().isGpu()) {
            gpu = CudaUtils.getGpuMemory(s.device()).getCommitted() / (1024.0 * 1024.0);
        }
        BenchmarkResult r = new BenchmarkResult(
                name,
                size,
                s.device().toString(),
                s.dtype().toString().toLowerCase(Locale.ROOT),
                Kernels.active().name(),
                batch,
                resolution,
                s.repeats(),
                median,
                sorted[0],
                peak < 0 ? -1 : peak / (1024.0 * 1024.0),
                gpu,
                flops / 1e9,
                flops / 1e9 / (median / 1e3));
        log.accept(String.format(
                Locale.ROOT,
                "%-28s %-10s %-8s median %10.2f ms  peak RSS %8.1f MiB  %8.2f GFLOP/s",
                name,
                size,
                r.kernels(),
                median,
                r.peakRssMiB(),
                r.achievedGflopsPerSecond()));
        return r;
    }

    /** Waits for the device: reading a value forces the work that produced it to finish. */
    private static void sync(NDArray a) {
        try (NDArray total = a.sum()) {
            total.getFloat();
        }
    }
}
