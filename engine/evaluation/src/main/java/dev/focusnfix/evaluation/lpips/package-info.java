/**
 * The LPIPS perceptual distance ({@link dev.focusnfix.evaluation.lpips.Lpips}) on DJL operators, with its
 * architecture read from a small JSON config ({@link dev.focusnfix.evaluation.lpips.LpipsConfig}) next to safetensors
 * weights named as in the lpips package's state dict.
 */
package dev.focusnfix.evaluation.lpips;
