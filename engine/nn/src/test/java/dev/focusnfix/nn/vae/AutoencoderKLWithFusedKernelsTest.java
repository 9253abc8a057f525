package dev.focusnfix.nn.vae;

import dev.focusnfix.nn.kernels.FusedKernelsExtension;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link AutoencoderKLTest} with the fused kernels: the same references and tolerances. */
@ExtendWith(FusedKernelsExtension.class)
class AutoencoderKLWithFusedKernelsTest extends AutoencoderKLTest {}
