/** The {@code artifact} reward: plausibility score and artifact heatmap of a dense model. */
package dev.focusnfix.plugins.artifact;
