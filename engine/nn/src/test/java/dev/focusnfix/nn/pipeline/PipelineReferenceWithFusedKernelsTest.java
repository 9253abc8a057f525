package dev.focusnfix.nn.pipeline;

import dev.focusnfix.nn.kernels.FusedKernelsExtension;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link PipelineReferenceTest} with the fused kernels: the same references and tolerances. */
@ExtendWith(FusedKernelsExtension.class)
class PipelineReferenceWithFusedKernelsTest extends PipelineReferenceTest {}
