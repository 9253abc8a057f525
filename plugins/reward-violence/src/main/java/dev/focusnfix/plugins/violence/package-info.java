/** The {@code violence} reward: minus the probability of violent content from an image classifier. */
package dev.focusnfix.plugins.violence;
