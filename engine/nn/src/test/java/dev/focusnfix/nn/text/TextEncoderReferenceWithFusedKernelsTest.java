package dev.focusnfix.nn.text;

import dev.focusnfix.nn.kernels.FusedKernelsExtension;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link TextEncoderReferenceTest} with the fused kernels: the same references and tolerances. */
@ExtendWith(FusedKernelsExtension.class)
class TextEncoderReferenceWithFusedKernelsTest extends TextEncoderReferenceTest {}
