package dev.focusnfix.plugins.draft;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.focusnfix.nn.io.AtomicFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} during training, then {@code framework run --resume}: the final adapter is byte for byte the one an
 * uninterrupted run writes. Each run is a child JVM running the command line's main class with this test's class
 * path; a kill lands after some metrics lines, or inside a checkpoint write (a test hook halts the JVM there).
 */
class CrashSafetyTest {

    private static final int STEPS = 4;

    @TempDir
    static Path shared;

    private static Path plugins;
    private static byte[] uninterrupted;

    @BeforeAll
    static void runOnceWithoutInterruption() throws Exception {
        plugins = TinyRuns.plugins(shared);
        Path dir = Files.createDirectories(shared.resolve("uninterrupted"));
        Path experiment = TinyRuns.experiment(dir, "crash", STEPS, false);
        Process run = start(dir, List.of(), "run", experiment.toString());
        assertEquals(0, finish(run), "the uninterrupted run");
        uninterrupted = Files.readAllBytes(dir.resolve("runs/crash/adapter/final.safetensors"));
    }

    @Test
    void killedAfterSomeStepsThenResumedGivesTheSameAdapter(@TempDir Path dir) throws Exception {
        Path experiment = TinyRuns.experiment(dir, "crash", STEPS, false);
        Path metrics = dir.resolve("runs/crash/metrics.jsonl");
        Process run = start(dir, List.of(), "run", experiment.toString());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
        while (lines(metrics) < 2 && run.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        run.destroyForcibly(); // SIGKILL: no shutdown hooks, no finally blocks
        run.waitFor();
        assertFalse(
                Files.exists(dir.resolve("runs/crash/adapter/final.safetensors")),
                "the kill must land before the run finished");
        assertResumesToTheSameAdapter(dir, experiment);
    }

    @Test
    void killedDuringACheckpointWriteThenResumedGivesTheSameAdapter(@TempDir Path dir) throws Exception {
        Path experiment = TinyRuns.experiment(dir, "crash", STEPS, false);
        Process run = start(
                dir,
                List.of("-D" + AtomicFiles.HALT_PROPERTY + "=step-00000003.safetensors"),
                "run",
                experiment.toString());
        assertEquals(137, finish(run), "the hook halts the JVM inside the write of checkpoint 3");
        Path checkpoints = dir.resolve("runs/crash/checkpoints");
        assertFalse(Files.exists(checkpoints.resolve("step-00000003.safetensors")), "never renamed into place");
        try (var files = Files.list(checkpoints)) {
            assertTrue(
                    files.anyMatch(p -> p.getFileName().toString().startsWith(".step-00000003")),
                    "the half-written temporary file is left behind, as after a real crash");
        }
        assertResumesToTheSameAdapter(dir, experiment);
    }

    @Test
    void killedAtOnceThenResumedGivesTheSameAdapter(@TempDir Path dir) throws Exception {
        Path experiment = TinyRuns.experiment(dir, "crash", STEPS, false);
        Process run = start(
                dir,
                List.of("-D" + AtomicFiles.HALT_PROPERTY + "=step-00000001.safetensors"),
                "run",
                experiment.toString());
        assertEquals(137, finish(run), "halted inside the first checkpoint write: nothing to resume from");
        assertResumesToTheSameAdapter(dir, experiment);
    }

    private static void assertResumesToTheSameAdapter(Path dir, Path experiment) throws Exception {
        Process resume = start(dir, List.of(), "run", experiment.toString(), "--resume");
        assertEquals(0, finish(resume), "the resumed run");
        assertArrayEquals(
                uninterrupted,
                Files.readAllBytes(dir.resolve("runs/crash/adapter/final.safetensors")),
                "the resumed run's adapter equals the uninterrupted run's byte for byte");
        assertEquals(STEPS, lines(dir.resolve("runs/crash/metrics.jsonl")), "one metrics line per step");
    }

    private static long lines(Path file) throws Exception {
        if (!Files.exists(file)) {
            return 0;
        }
        return Files.readAllLines(file).stream().filter(l -> l.endsWith("}")).count();
    }

    private static Process start(Path dir, List<String> jvmOptions, String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx1g");
        for (String property :
                List.of("ai.djl.pytorch.num_threads", "ai.djl.pytorch.num_interop_threads", "ai.djl.offline")) {
            if (System.getProperty(property) != null) {
                // As the test JVM: one native thread each, so that the children do not crowd a small machine.
                command.add("-D" + property + "=" + System.getProperty(property));
            }
        }
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("dev.focusnfix.cli.Main");
        command.addAll(List.of(args));
        command.add("--plugins-dir");
        command.add(plugins.toString());
        Path log = dir.resolve("log-" + System.nanoTime() + ".txt");
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("DJL_OFFLINE", "true");
        builder.environment().put("OPT_OUT_TRACKING", "true");
        Process process = builder.start();
        LOGS.put(process, log);
        return process;
    }

    private static final java.util.Map<Process, Path> LOGS = new java.util.concurrent.ConcurrentHashMap<>();

    /** The end of a child's output, for failure messages. */
    private static String tail(Process process) {
        try {
            String text = Files.readString(LOGS.get(process));
            return text.substring(Math.max(0, text.length() - 3000));
        } catch (Exception e) {
            return "(no log: " + e + ")";
        }
    }

    private static int finish(Process process) throws Exception {
        if (!process.waitFor(300, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the child run did not finish in 300 s:\n" + tail(process));
        }
        if (process.exitValue() != 0 && process.exitValue() != 137) {
            throw new AssertionError("the child run exited with " + process.exitValue() + ":\n" + tail(process));
        }
        return process.exitValue();
    }
}
