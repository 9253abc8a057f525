/**
 * Image-processing vocabulary shared by the contract, the engine and plugins: {@link
 * dev.focusnfix.api.image.Interpolation}, the resampling kernels (bilinear, bicubic, as PyTorch's {@code interpolate}
 * weights them) that option records of rewards and region functions name.
 */
package dev.focusnfix.api.image;
