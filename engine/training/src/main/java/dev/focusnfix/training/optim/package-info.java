/** AdamW on the adapter tensors, learning-rate schedules, and the global gradient norm with clipping. */
package dev.focusnfix.training.optim;
