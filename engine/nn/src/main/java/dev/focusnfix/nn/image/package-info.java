/**
 * Differentiable image operations for reward models: resizing as matrix products ({@link dev.focusnfix.nn.image.Resize},
 * with the interpolation weights of PyTorch's {@code interpolate}, see {@link dev.focusnfix.api.image.Interpolation}),
 * centre cropping ({@link dev.focusnfix.nn.image.Crop}) and per-channel normalisation
 * ({@link dev.focusnfix.nn.image.Normalize}). Every operation works on {@code [N, C, H, W]} batches, keeps the autograd
 * graph from its input, and returns arrays in the input's manager.
 */
package dev.focusnfix.nn.image;
