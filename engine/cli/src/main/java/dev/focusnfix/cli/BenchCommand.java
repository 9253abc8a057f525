package dev.focusnfix.cli;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.types.DataType;
import dev.focusnfix.bench.BenchmarkReport;
import dev.focusnfix.bench.BenchmarkResult;
import dev.focusnfix.bench.Benchmarks;
import dev.focusnfix.nn.kernels.Kernels;
import dev.focusnfix.nn.kernels.NetworkKernels;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code framework bench}: speed and memory figures (see engine/bench/README.md). */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = "Benchmark the UNet (forward, forward+backward into LoRA), a guided sampling loop and a large "
                + "matrix product on random weights of real shapes; writes bench.json and bench.md.")
public final class BenchCommand implements Callable<Integer> {

    @Option(
            names = "--sizes",
            split = ",",
            defaultValue = "tiny-sd,toy-shapes",
            description = "tiny-sd, toy-shapes, sd14, sdxl (default: ${DEFAULT-VALUE}).")
    private List<String> sizes;

    @picocli.CommandLine.Mixin
    private DeviceOptions deviceOptions;

    @Option(
            names = "--kernels",
            split = ",",
            defaultValue = "auto",
            description = "Attention/GroupNorm kernels to measure, each as its own row: auto, fused, composed "
                    + "(default: ${DEFAULT-VALUE}). Fused rows run first, so cached memory of the composed run "
                    + "cannot count in their peak.")
    private List<String> kernels;

    @Option(names = "--batch", defaultValue = "1", description = "Latents per forward pass.")
    private int batch;

    @Option(
            names = "--latent",
            defaultValue = "0",
            description = "Latent height and width (0: each size's native resolution).")
    private int latent;

    @Option(names = "--repeats", defaultValue = "5", description = "Timed repetitions per benchmark (median).")
    private int repeats;

    @Option(names = "--sampling-steps", defaultValue = "20", description = "Steps of the sampling benchmark.")
    private int samplingSteps;

    @Option(names = "--out", defaultValue = "bench-results", description = "Output folder.")
    private Path out;

    @Option(
            names = "--train-k",
            split = ",",
            defaultValue = "1,2,4,8",
            description = "Truncations K of the training-step benchmark, run for each of --sizes that has one: "
                    + "toy-shapes (draft and focus-n-fix), sd14 (draft on SD v1.4's architecture with random weights "
                    + "at 8x --latent, 2 sampling steps); default: ${DEFAULT-VALUE}.")
    private List<Integer> trainK;

    @Option(
            names = "--no-decoder-checkpointing",
            description = "Train with the decoder back-propagated in one graph (rows named *-decoder-one-graph) "
                    + "instead of recomputed block by block.")
    private boolean noDecoderCheckpointing;

    @Option(names = "--no-training", description = "Skip the training-step benchmark.")
    private boolean noTraining;

    @Option(names = "--train-steps", defaultValue = "4", description = "Training steps per K (the first is not timed).")
    private int trainSteps;

    @picocli.CommandLine.ParentCommand
    private FrameworkCommand root;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        var deviceSettings = deviceOptions.settings();
        Device d = deviceSettings.device();
        DataType type = deviceSettings.dataType();
        List<Benchmarks.Size> chosen = new ArrayList<>();
        try {
            for (String s : sizes) {
                chosen.add(Benchmarks.Size.of(s.trim()));
            }
        } catch (IllegalArgumentException e) {
            throw new BadInputException(e.getMessage());
        }
        if (repeats < 1 || batch < 1 || samplingSteps < 0 || latent < 0) {
            throw new BadInputException(
                    "--repeats and --batch must be positive, --sampling-steps (0: none) and " + "--latent >= 0");
        }
        List<NetworkKernels> measured = new ArrayList<>();
        for (String k : kernels) {
            NetworkKernels resolved = KernelChoice.resolve(k);
            if (!measured.contains(resolved)) {
                measured.add(resolved);
            }
        }
        measured.sort(java.util.Comparator.comparing(k -> k.name().equals("fused") ? 0 : 1));
        Kernels.use(measured.get(0));
        var out1 = spec.commandLine().getOut();
        List<BenchmarkResult> results = new Benchmarks(line -> out1.println(line))
                .run(new Benchmarks.Settings(chosen, d, type, batch, latent, repeats, samplingSteps, measured));
        List<Benchmarks.Size> trained =
                chosen.stream().filter(TrainingStepBenchmark::supports).toList();
        if (!noTraining && trainK != null && !trainK.isEmpty() && !trained.isEmpty()) {
            try (var runtime = root.startRuntime()) {
                results = new ArrayList<>(results);
                for (Benchmarks.Size size : trained) {
                    for (NetworkKernels k : measured) {
                        Kernels.use(k);
                        results.addAll(new TrainingStepBenchmark(runtime, line -> out1.println(line))
                                .run(
                                        new TrainingStepBenchmark.Settings(
                                                size, d, type, latent, trainK, trainSteps, !noDecoderCheckpointing),
                                        java.nio.file.Files.createTempDirectory("bench-train")));
                    }
                }
            }
        }
        var machine = BenchmarkReport.machine(
                Engine.getInstance().getEngineName() + " "
                        + Engine.getInstance().getVersion(),
                d.toString());
        BenchmarkReport.write(out, machine, results);
        out1.print(BenchmarkReport.markdown(machine, results));
        out1.println("written: " + out.resolve("bench.json") + ", " + out.resolve("bench.md"));
        return Main.OK;
    }
}
