/** Per-step training metrics ({@code metrics.jsonl}) and memory measurements. */
package dev.focusnfix.training.metrics;
