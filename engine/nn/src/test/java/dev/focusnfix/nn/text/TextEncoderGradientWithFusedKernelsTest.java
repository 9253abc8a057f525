package dev.focusnfix.nn.text;

import dev.focusnfix.nn.kernels.FusedKernelsExtension;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link TextEncoderGradientTest} with the fused kernels: the same references and tolerances. */
@ExtendWith(FusedKernelsExtension.class)
class TextEncoderGradientWithFusedKernelsTest extends TextEncoderGradientTest {}
