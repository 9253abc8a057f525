package dev.focusnfix.cli;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.focusnfix.api.BackboneSettings;
import dev.focusnfix.api.DiffusionBackbone;
import dev.focusnfix.api.DiffusionPipeline;
import dev.focusnfix.api.FineTuner;
import dev.focusnfix.api.MetricsRecord;
import dev.focusnfix.api.RegionFunction;
import dev.focusnfix.api.RegionMasker;
import dev.focusnfix.api.Reward;
import dev.focusnfix.api.RewardModel;
import dev.focusnfix.api.RunLayout;
import dev.focusnfix.api.SamplingSettings;
import dev.focusnfix.api.services.ModelLocator;
import dev.focusnfix.bench.BenchmarkResult;
import dev.focusnfix.bench.Benchmarks;
import dev.focusnfix.bench.PeakMemory;
import dev.focusnfix.bench.Sd14PipelineFolder;
import dev.focusnfix.core.FrameworkRuntime;
import dev.focusnfix.core.config.OptionsBinder;
import dev.focusnfix.core.config.YamlLoader;
import dev.focusnfix.core.experiment.ComputeTarget;
import dev.focusnfix.core.plugin.ExtensionKind;
import dev.focusnfix.core.run.RunContext;
import dev.focusnfix.core.run.RunTuningContext;
import dev.focusnfix.nn.kernels.Kernels;
import dev.focusnfix.nn.pipeline.LatentDiffusionPipeline;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * One training step of the real tuners for several truncations K: the median seconds of the steps after the first,
 * and the peak resident memory of each run, to show that memory does not grow with K. Two sizes:
 *
 * <ul>
 *   <li>{@code toy-shapes}: {@code draft} and {@code focus-n-fix} on the built-in model (64x64, 20 sampling steps,
 *       the red-detector safety reward, saliency masks);
 *   <li>{@code sd14}: {@code draft} on Stable Diffusion v1.4's architecture with random weights
 *       ({@link Sd14PipelineFolder}) at 8x the latent size (512x512 by default), 2 sampling steps with guidance
 *       7.5, the same reward on the full-resolution images.
 * </ul>
 */
final class TrainingStepBenchmark {

    /** What to measure. */
    record Settings(
            Benchmarks.Size size,
            Device device,
            DataType dtype,
            int latent,
            List<Integer> truncations,
            int steps,
            boolean checkpointDecoder) {}

    private static final String REWARD_OPTIONS =
            "{model: 'builtin:classifiers/red-detector.pt', objective: logit-margin}";

    private final FrameworkRuntime runtime;
    private final Consumer<String> log;

    TrainingStepBenchmark(FrameworkRuntime runtime, Consumer<String> log) {
        this.runtime = runtime;
        this.log = log;
    }

    /** Whether {@code size} has a training-step benchmark. */
    static boolean supports(Benchmarks.Size size) {
        return size == Benchmarks.Size.TOY_SHAPES || size == Benchmarks.Size.SD14;
    }

    List<BenchmarkResult> run(Settings s, Path work) throws Exception {
        if (!supports(s.size())) {
            throw new IllegalArgumentException(
                    "no training-step benchmark for " + s.size().id());
        }
        List<BenchmarkResult> results = new ArrayList<>();
        ModelLocator models = runtime.models(work);
        boolean sd14 = s.size() == Benchmarks.Size.SD14;
        int latent = sd14 ? (s.latent() > 0 ? s.latent() : Benchmarks.Size.SD14.nativeLatent()) : 8;
        SamplingSettings sampling = sd14
                ? new SamplingSettings(8 * latent, 8 * latent, 2, 7.5f, 0f)
                : new SamplingSettings(64, 64, 20, 5f, 0f);
        Path toyShapes = models.resolve("builtin:toy-shapes");
        Path sd14Folder =
                sd14 ? Sd14PipelineFolder.write(work.resolve("sd14-random"), toyShapes.resolve("tokenizer")) : null;
        ComputeTarget compute = new ComputeTarget(s.device(), s.dtype());
        for (String tuner : sd14 ? List.of("draft") : List.of("draft", "focus-n-fix")) {
            for (int k : s.truncations()) {
                Path runDir = Files.createDirectories(work.resolve(tuner + "-k" + k));
                PeakMemory.reset();
                try (NDManager manager = NDManager.newBaseManager(s.device())) {
                    RunContext context = runtime.context(compute, work, runDir, manager, 0);
                    try (DiffusionPipeline pipeline = sd14
                                    ? LatentDiffusionPipeline.withRandomWeights(
                                            sd14Folder, sampling, s.device(), s.dtype(), 0)
                                    : backbone()
                                            .open(
                                                    new BackboneSettings(toyShapes, sampling),
                                                    options(ExtensionKind.BACKBONE, "sd14", "{}"),
                                                    context);
                            Reward reward =
                                    reward().open(options(ExtensionKind.REWARD, "safety", REWARD_OPTIONS), context);
                            RegionMasker region =
                                    region().open(options(ExtensionKind.REGION, "saliency", "{}"), context)) {
                        RunTuningContext tuning = context.forTuning(new RunTuningContext.Parts(
                                pipeline,
                                reward,
                                region,
                                List.of("a circle on a blue background"),
                                sampling,
                                false,
                                false,
                                "bench"));
                        String yaml = String.format(
                                Locale.ROOT,
                                "{truncation: %d, steps: %d, batchSize: 1, "
                                        + "lora: {rank: 4, alpha: 4}, learningRate: 1.0e-3, schedule: constant, "
                                        + "checkpointEvery: 0, checkpointDecoder: %b}",
                                k,
                                s.steps(),
                                s.checkpointDecoder());
                        if (tuner.equals("focus-n-fix")) {
                            yaml = yaml.replace("{truncation", "{beta: 4.0, truncation");
                        }
                        @SuppressWarnings("unchecked")
                        FineTuner<Object> fineTuner = (FineTuner<Object>) extension(ExtensionKind.TUNER, tuner);
                        fineTuner.tune(options(ExtensionKind.TUNER, tuner, yaml), tuning);
                    }
                }
                results.add(result(tuner, k, s, latent, runDir.resolve(RunLayout.METRICS)));
            }
        }
        return results;
    }

    private BenchmarkResult result(String tuner, int k, Settings s, int latent, Path metrics) throws IOException {
        List<String> lines = Files.readAllLines(metrics);
        double[] seconds = new double[Math.max(1, lines.size() - 1)];
        double peak = -1;
        for (int i = 0; i < lines.size(); i++) {
            JsonObject o = JsonParser.parseString(lines.get(i)).getAsJsonObject();
            if (i > 0 || lines.size() == 1) {
                seconds[Math.max(0, i - 1)] = o.get(MetricsRecord.SECONDS).getAsDouble();
            }
            if (o.has(MetricsRecord.PEAK_RSS_BYTES)
                    && !o.get(MetricsRecord.PEAK_RSS_BYTES).isJsonNull()) {
                peak = Math.max(peak, o.get(MetricsRecord.PEAK_RSS_BYTES).getAsDouble());
            }
        }
        Arrays.sort(seconds);
        double median = seconds[seconds.length / 2] * 1000;
        BenchmarkResult r = new BenchmarkResult(
                "train-step-" + tuner + "-k" + k + (s.checkpointDecoder() ? "" : "-decoder-one-graph"),
                s.size().id(),
                s.device().toString(),
                s.dtype().toString().toLowerCase(Locale.ROOT),
                Kernels.active().name(),
                1,
                latent + "x" + latent,
                seconds.length,
                median,
                seconds[0] * 1000,
                peak < 0 ? -1 : peak / (1024.0 * 1024.0),
                -1,
                Double.NaN,
                Double.NaN);
        log.accept(String.format(
                Locale.ROOT,
                "%-28s %-10s median %10.2f ms  peak RSS %8.1f MiB",
                r.benchmark(),
                r.size(),
                median,
                r.peakRssMiB()));
        return r;
    }

    private Object options(ExtensionKind kind, String id, String yaml) {
        return new OptionsBinder(Path.of("").toAbsolutePath())
                .bind(YamlLoader.parse(yaml, "bench"), extension(kind, id).optionsType(), kind.section());
    }

    private dev.focusnfix.api.NamedExtension<?> extension(ExtensionKind kind, String id) {
        return runtime.host()
                .registry()
                .find(kind, id)
                .orElseThrow(() -> new BadInputException("the training benchmark needs the " + kind.section()
                        + " plugin '" + id + "' in the plugins folder"))
                .extension();
    }

    @SuppressWarnings("unchecked")
    private DiffusionBackbone<Object> backbone() {
        return (DiffusionBackbone<Object>) extension(ExtensionKind.BACKBONE, "sd14");
    }

    @SuppressWarnings("unchecked")
    private RewardModel<Object> reward() {
        return (RewardModel<Object>) extension(ExtensionKind.REWARD, "safety");
    }

    @SuppressWarnings("unchecked")
    private RegionFunction<Object> region() {
        return (RegionFunction<Object>) extension(ExtensionKind.REGION, "saliency");
    }
}
