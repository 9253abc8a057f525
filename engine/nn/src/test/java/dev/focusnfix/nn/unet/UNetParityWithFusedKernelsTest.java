package dev.focusnfix.nn.unet;

import dev.focusnfix.nn.kernels.FusedKernelsExtension;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link UNetParityTest} with the fused kernels: the same references and tolerances. */
@ExtendWith(FusedKernelsExtension.class)
class UNetParityWithFusedKernelsTest extends UNetParityTest {}
