/**
 * Seeded noise that does not depend on the device: values are drawn in Java on the CPU and only then copied to the
 * device, so the same seed gives the same tensors everywhere ({@link dev.focusnfix.api.tensor.GaussianNoise}).
 */
package dev.focusnfix.nn.random;

import dev.focusnfix.api.tensor.GaussianNoise;
