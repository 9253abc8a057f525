/**
 * Back-propagation of a reward through the last K steps of a sampling chain, stage by stage with step-level
 * gradient checkpointing ({@link dev.focusnfix.training.backprop.TruncatedBackprop}), and the objectives at its head.
 */
package dev.focusnfix.training.backprop;
