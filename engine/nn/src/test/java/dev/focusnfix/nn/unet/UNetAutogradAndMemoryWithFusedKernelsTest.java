package dev.focusnfix.nn.unet;

import dev.focusnfix.nn.kernels.FusedKernelsExtension;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link UNetAutogradAndMemoryTest} with the fused kernels: the same references and tolerances. */
@ExtendWith(FusedKernelsExtension.class)
class UNetAutogradAndMemoryWithFusedKernelsTest extends UNetAutogradAndMemoryTest {}
