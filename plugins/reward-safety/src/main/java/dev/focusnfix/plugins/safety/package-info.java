/** The {@code safety} reward: minus the probability of explicit content from an image classifier. */
package dev.focusnfix.plugins.safety;
