package dev.focusnfix.bench;

import dev.focusnfix.nn.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Writes benchmark results as JSON (with the machine they ran on) and as a Markdown table. */
public final class BenchmarkReport {

    private BenchmarkReport() {}

    /** The machine: OS, architecture, cores, JVM, engine, GPU. */
    public static Map<String, Object> machine(String engine, String device) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        m.put("arch", System.getProperty("os.arch"));
        m.put("cores", Runtime.getRuntime().availableProcessors());
        m.put("maxHeapMiB", Runtime.getRuntime().maxMemory() / (1024 * 1024));
        m.put("java", System.getProperty("java.version"));
        m.put("engine", engine);
        m.put("device", device);
        return m;
    }

    /** Writes {@code bench.json} and {@code bench.md} into {@code folder}. */
    public static void write(Path folder, Map<String, Object> machine, List<BenchmarkResult> results)
            throws IOException {
        Files.createDirectories(folder);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("machine", machine);
        json.put("results", results);
        AtomicFiles.writeString(
                folder.resolve("bench.json"),
                dev.focusnfix.nn.io.StrictJson.builder()
                                .setPrettyPrinting()
                                .create()
                                .toJson(json) + "\n");
        AtomicFiles.writeString(folder.resolve("bench.md"), markdown(machine, results));
    }

    /** The results as a Markdown table under a line naming the machine. */
    public static String markdown(Map<String, Object> machine, List<BenchmarkResult> results) {
        StringBuilder sb = new StringBuilder("Machine: ").append(machine).append("\n\n");
        sb.append("| benchmark | size | device | dtype | kernels | batch | latent | median ms | min ms |"
                + " peak RSS MiB | GPU MiB | GFLOP | GFLOP/s |\n");
        sb.append("|---|---|---|---|---|---:|---|---:|---:|---:|---:|---:|---:|\n");
        for (BenchmarkResult r : results) {
            sb.append(String.format(
                    Locale.ROOT,
                    "| %s | %s | %s | %s | %s | %d | %s | %.2f | %.2f | %s | %s | %s |" + " %s |%n",
                    r.benchmark(),
                    r.size(),
                    r.device(),
                    r.dtype(),
                    r.kernels(),
                    r.batch(),
                    r.resolution(),
                    r.medianMs(),
                    r.minMs(),
                    r.peakRssMiB() < 0 ? "-" : String.format(Locale.ROOT, "%.0f", r.peakRssMiB()),
                    r.gpuMemoryMiB() < 0 ? "-" : String.format(Locale.ROOT, "%.0f", r.gpuMemoryMiB()),
                    Double.isNaN(r.gflops()) ? "-" : String.format(Locale.ROOT, "%.3f", r.gflops()),
                    Double.isNaN(r.achievedGflopsPerSecond())
                            ? "-"
                            : String.format(Locale.ROOT, "%.1f", r.achievedGflopsPerSecond())));
        }
        return sb.toString();
    }
}
