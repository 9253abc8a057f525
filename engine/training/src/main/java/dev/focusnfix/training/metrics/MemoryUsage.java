package dev.focusnfix.training.metrics;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Memory in use by the process: the JVM heap, and the resident set (native tensors included) and its peak from
 * {@code /proc/self/status} where the system has it (Linux); -1 where it does not.
 *
 * @param heapBytes JVM heap in use
 * @param residentBytes resident set size (VmRSS), or -1
 * @param peakResidentBytes peak resident set size (VmHWM), or -1
 */
public record MemoryUsage(long heapBytes, long residentBytes, long peakResidentBytes) {

    private static final Path STATUS = Path.of("/proc/self/status");

    /** The current usage. */
    public static MemoryUsage now() {
        Runtime runtime = Runtime.getRuntime();
        long heap = runtime.totalMemory() - runtime.freeMemory();
        long rss = -1;
        long peak = -1;
        if (Files.isReadable(STATUS)) {
            try {
                List<String> lines = Files.readAllLines(STATUS, StandardCharsets.US_ASCII);
                rss = kilobytes(lines, "VmRSS:");
                peak = kilobytes(lines, "VmHWM:");
            } catch (IOException | RuntimeException e) {
                // Not every system exposes it; the metrics then say -1.
            }
        }
        return new MemoryUsage(heap, rss, peak);
    }

    private static long kilobytes(List<String> lines, String key) {
        for (String line : lines) {
            if (line.startsWith(key)) {
                String[] parts = line.substring(key.length()).trim().split("\\s+");
                return Long.parseLong(parts[0]) * 1024;
            }
        }
        return -1;
    }
}
