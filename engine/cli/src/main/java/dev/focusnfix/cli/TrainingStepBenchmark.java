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
import dev.focusnfix.bench.PeakMemory;
import dev.focusnfix.core.FrameworkRuntime;
import dev.focusnfix.core.config.OptionsBinder;
import dev.focusnfix.core.config.YamlLoader;
import dev.focusnfix.core.experiment.ComputeTarget;
import dev.focusnfix.core.plugin.ExtensionKind;
import dev.focusnfix.core.run.RunContext;
import dev.focusnfix.core.run.RunTuningContext;
import dev.focusnfix.nn.kernels.Kernels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * One training step of the real {@code draft} and {@code focus-n-fix} tuners on the built-in toy-shapes model (64x64,
 * 20 sampling steps, the red-detector safety reward, saliency masks) for several truncations K: the median seconds
 * of the steps after the first, and the peak resident memory of each run, to show that memory does not grow with K.
 */
final class TrainingStepBenchmark {

    private final FrameworkRuntime runtime;
    private final Consumer<String> log;

    TrainingStepBenchmark(FrameworkRuntime runtime, Consumer<String> log) {
        this.runtime = runtime;
        this.log = log;
    }

    List<BenchmarkResult> run(Device device, List<Integer> truncations, int steps, Path work) throws Exception {
        List<BenchmarkResult> results = new ArrayList<>();
        ModelLocator models = runtime.models(work);
        SamplingSettings sampling = new SamplingSettings(64, 64, 20, 5f, 0f);
        ComputeTarget compute = new ComputeTarget(device, DataType.FLOAT32);
        for (String tuner : List.of("draft", "focus-n-fix")) {
            for (int k : truncations) {
                Path runDir = Files.createDirectories(work.resolve(tuner + "-k" + k));
                PeakMemory.reset();
                try (NDManager manager = NDManager.newBaseManager(device)) {
                    RunContext context = runtime.context(compute, work, runDir, manager, 0);
                    try (DiffusionPipeline pipeline = backbone()
                                    .open(
                                            new BackboneSettings(models.resolve("builtin:toy-shapes"), sampling),
                                            options(ExtensionKind.BACKBONE, "sd14", "{}"),
                                            context);
                            Reward reward = reward().open(
                                            options(
                                                    ExtensionKind.REWARD,
                                                    "safety",
                                                    "{model: 'builtin:classifiers/red-detector.pt', objective: logit-margin}"),
                                            context);
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
                                        + "checkpointEvery: 0}",
                                k,
                                steps);
                        if (tuner.equals("focus-n-fix")) {
                            yaml = yaml.replace("{truncation", "{beta: 4.0, truncation");
                        }
                        @SuppressWarnings("unchecked")
                        FineTuner<Object> fineTuner = (FineTuner<Object>) extension(ExtensionKind.TUNER, tuner);
                        fineTuner.tune(options(ExtensionKind.TUNER, tuner, yaml), tuning);
                    }
                }
                results.add(result(tuner, k, steps, device, runDir.resolve(RunLayout.METRICS)));
            }
        }
        return results;
    }

    private BenchmarkResult result(String tuner, int k, int steps, Device device, Path metrics) throws IOException {
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
                "train-step-" + tuner + "-k" + k,
                "toy-shapes",
                device.toString(),
                "float32",
                Kernels.active().name(),
                1,
                "8x8",
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
