package dev.focusnfix.cli;

import ai.djl.engine.Engine;
import ai.djl.util.cuda.CudaUtils;
import dev.focusnfix.core.services.FrameworkInfo;
import dev.focusnfix.nn.kernels.FusedKernels;
import dev.focusnfix.nn.kernels.KernelUnavailableException;
import dev.focusnfix.nn.kernels.Kernels;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code framework doctor}: what this installation runs on (Java, DJL, libtorch and where it came from, the PyTorch
 * environment variables, offline mode), the CUDA devices the engine sees and, when none, why; whether the fused
 * kernels load; where models are looked up.
 */
@Command(
        name = "doctor",
        mixinStandardHelpOptions = true,
        description = "Print the Java, DJL and libtorch versions and paths, the CUDA devices seen (or why none), the "
                + "kernels that load and the model search path.")
public final class DoctorCommand implements Callable<Integer> {

    /** The environment variables DJL's PyTorch engine reads to find a libtorch. */
    static final List<String> PYTORCH_VARIABLES = List.of(
            "PYTORCH_LIBRARY_PATH",
            "PYTORCH_VERSION",
            "PYTORCH_FLAVOR",
            "PYTORCH_PRECXX11",
            "DJL_CACHE_DIR",
            "ENGINE_CACHE_DIR");

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Map<String, String> report = report(System.getenv());
        int width = report.keySet().stream().mapToInt(String::length).max().orElse(10);
        report.forEach((k, v) -> out.printf("%-" + width + "s  %s%n", k, v));
        out.flush();
        return Main.OK;
    }

    /** The report's lines, in order; {@code env} is the process environment (a parameter for tests). */
    static Map<String, String> report(Map<String, String> env) {
        Map<String, String> r = new LinkedHashMap<>();
        FrameworkInfo info = FrameworkInfo.detect();
        r.put("framework", info.version() + info.home().map(h -> " at " + h).orElse(" (home unknown)"));
        r.put(
                "java",
                System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ") at "
                        + System.getProperty("java.home"));
        r.put(
                "os",
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                        + System.getProperty("os.arch") + ", "
                        + Runtime.getRuntime().availableProcessors() + " cores, heap "
                        + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MiB");
        r.put("djl", Engine.getDjlVersion());
        for (String name : PYTORCH_VARIABLES) {
            r.put(name, Optional.ofNullable(env.get(name)).orElse("(unset)"));
        }
        r.put("offline", offline(env));
        String engineError = null;
        int gpus = 0;
        try {
            Engine engine = Engine.getEngine("PyTorch");
            r.put("engine", engine.getEngineName() + " " + engine.getVersion());
            gpus = engine.getGpuCount();
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            engineError = e.getClass().getSimpleName() + ": " + e.getMessage();
            r.put("engine", "does not start: " + engineError);
        }
        String libtorch = loadedLibrary("libtorch_cpu.so").orElse(libtorchPath());
        String jni = loadedLibrary("libdjl_torch.so").orElse("(not loaded)");
        // DJL names its JNI VERSION-libdjl_torch.so; a JNI built for another DJL version does not match.
        r.put("libtorch", libtorch);
        r.put("jni", jni);
        boolean driver = cudaDriverPresent();
        r.put("cuda driver", driver ? "found (" + cudaRuntime() + ")" : "none (no /dev/nvidia0, no libcuda)");
        r.put(
                "cuda devices",
                gpus > 0
                        ? gpus + " (" + gpuNames(gpus) + ")"
                        : "none: " + whyNoGpu(driver, libtorch + " " + jni, engineError));
        try {
            FusedKernels fused = Kernels.fused();
            r.put(
                    "kernels",
                    "fused load (" + String.join(", ", FusedKernels.FILES) + ", " + fused.source()
                            + "); kernels: auto uses fused");
        } catch (KernelUnavailableException e) {
            r.put("kernels", "composed only: " + e.getMessage());
        }
        r.put(
                "models",
                "builtin:NAME -> " + info.modelsDir().map(Path::toString).orElse("(home unknown)")
                        + "; other references -> relative to the experiment file's folder (generate: --model as given)");
        return r;
    }

    /**
     * Why the engine sees no CUDA device: no driver on the machine, a CPU-only libtorch, or a JNI that does not
     * match the libtorch (the engine then fails to start).
     */
    static String whyNoGpu(boolean driverPresent, String libraryPaths, String engineError) {
        if (engineError != null) {
            return "the PyTorch engine does not start (a JNI that does not match the libtorch, or a libtorch that "
                    + "cannot load): " + engineError + "; DJL 0.35.1 needs libtorch 2.7.1 (PYTORCH_VERSION=2.7.1)";
        }
        if (!driverPresent) {
            return "no NVIDIA driver on this machine";
        }
        if (libraryPaths.contains("-cpu-") || libraryPaths.contains("/cpu/") || !libraryPaths.contains("cu")) {
            return "the libtorch in use is the CPU build; get the CUDA one (PYTORCH_FLAVOR=cu128 with "
                    + "DJL_OFFLINE=false once, or PYTORCH_LIBRARY_PATH pointing at a local CUDA libtorch 2.7.1)";
        }
        return "the driver and a CUDA libtorch are present, but libtorch reports no device (driver older than CUDA "
                + "12.8, or CUDA_VISIBLE_DEVICES hides them)";
    }

    private static String offline(Map<String, String> env) {
        String property = System.getProperty("ai.djl.offline");
        String variable = env.get("DJL_OFFLINE");
        boolean on = Boolean.parseBoolean(property != null ? property : variable);
        return (on ? "on" : "off") + " (ai.djl.offline=" + (property == null ? "(unset)" : property) + ", DJL_OFFLINE="
                + (variable == null ? "(unset)" : variable) + ")" + (on ? "; DJL will not download a libtorch" : "");
    }

    private static String libtorchPath() {
        try {
            return ai.djl.pytorch.jni.LibUtils.getLibtorchPath();
        } catch (RuntimeException | LinkageError e) {
            return "(unknown: " + e.getMessage() + ")";
        }
    }

    /** The path of a shared library this process has mapped, from {@code /proc/self/maps} (Linux). */
    static Optional<String> loadedLibrary(String name) {
        try {
            return Files.readAllLines(Path.of("/proc/self/maps")).stream()
                    .map(line -> line.substring(line.lastIndexOf(' ') + 1))
                    .filter(path -> path.endsWith("/" + name) || path.endsWith("-" + name))
                    .findFirst();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static boolean cudaDriverPresent() {
        if (Files.exists(Path.of("/dev/nvidia0")) || Files.exists(Path.of("/proc/driver/nvidia/version"))) {
            return true;
        }
        for (String dir : List.of("/usr/lib/x86_64-linux-gnu", "/usr/lib64", "/usr/lib")) {
            if (Files.exists(Path.of(dir, "libcuda.so.1"))) {
                return true;
            }
        }
        return false;
    }

    private static String cudaRuntime() {
        try {
            return CudaUtils.hasCuda() ? "CUDA " + CudaUtils.getCudaVersionString() : "CUDA runtime not found";
        } catch (RuntimeException | LinkageError e) {
            return "CUDA runtime not usable: " + e.getMessage();
        }
    }

    private static String gpuNames(int gpus) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < gpus; i++) {
            try {
                sb.append(i == 0 ? "" : ", ")
                        .append("gpu(")
                        .append(i)
                        .append(") compute ")
                        .append(CudaUtils.getComputeCapability(i));
            } catch (RuntimeException | LinkageError e) {
                sb.append(i == 0 ? "" : ", ").append("gpu(").append(i).append(")");
            }
        }
        return sb.toString();
    }
}
