package dev.focusnfix.sdk.clip;

import dev.focusnfix.nn.kernels.FusedKernelsExtension;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link ClipModelReferenceTest} with the fused kernels: the same references and tolerances. */
@ExtendWith(FusedKernelsExtension.class)
class ClipModelReferenceWithFusedKernelsTest extends ClipModelReferenceTest {}
