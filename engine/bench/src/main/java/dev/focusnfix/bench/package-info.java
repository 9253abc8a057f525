/** Benchmarks: UNet forward and backward, sampling, training steps, peak memory and achieved FLOP/s. */
package dev.focusnfix.bench;
