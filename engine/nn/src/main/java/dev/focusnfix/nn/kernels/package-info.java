/**
 * The kernel seam: attention and GroupNorm (with the SiLU after it) as composed DJL operations or as PyTorch's fused
 * operations in bundled TorchScript modules, chosen once per run ({@code kernels: auto | fused | composed}).
 */
package dev.focusnfix.nn.kernels;
