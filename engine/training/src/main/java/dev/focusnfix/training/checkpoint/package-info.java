/** Training checkpoints: atomic, checksummed files of the adapters and the optimizer state, and resuming. */
package dev.focusnfix.training.checkpoint;
