package dev.focusnfix.bench;

/**
 * One measured benchmark.
 *
 * @param benchmark what was measured ({@code unet-forward}, {@code train-step-focus-n-fix-k4}, ...)
 * @param size the network size ({@code tiny-sd}, {@code toy-shapes}, {@code sd14}, {@code sdxl})
 * @param device the device
 * @param dtype the compute data type
 * @param kernels the attention and GroupNorm kernels ({@code composed} or {@code fused})
 * @param batch the batch size
 * @param resolution latent height x width
 * @param repeats timed repetitions after warm-up
 * @param medianMs the median wall time in milliseconds
 * @param minMs the fastest repetition
 * @param peakRssMiB peak resident memory during the benchmark, MiB (-1 when unknown)
 * @param gpuMemoryMiB device memory in use after the benchmark, MiB (-1 on the CPU)
 * @param gflops work per repetition in GFLOP (NaN when not counted)
 * @param achievedGflopsPerSecond gflops / median seconds
 */
public record BenchmarkResult(
        String benchmark,
        String size,
        String device,
        String dtype,
        String kernels,
        int batch,
        String resolution,
        int repeats,
        double medianMs,
        double minMs,
        double peakRssMiB,
        double gpuMemoryMiB,
        double gflops,
        double achievedGflopsPerSecond) {}
