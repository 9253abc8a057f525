package dev.focusnfix.api;

import java.nio.file.Path;

/** What a tuner produces: trained adapter weights, or a guided sampling procedure that changes no weight. */
@Experimental
public sealed interface TuningResult permits TuningResult.AdapterWeights, TuningResult.GuidedSampling {

    /**
     * Adapter weights in the PEFT safetensors format.
     *
     * @param file the adapter file
     */
    record AdapterWeights(Path file) implements TuningResult {}

    /**
     * A sampling procedure that steers the unchanged model.
     *
     * @param sampler the procedure
     */
    record GuidedSampling(GuidedSampler sampler) implements TuningResult {}
}
