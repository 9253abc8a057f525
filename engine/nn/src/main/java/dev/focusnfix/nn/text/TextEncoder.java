package dev.focusnfix.nn.text;

import ai.djl.ndarray.NDArray;

/** A loaded text encoder that turns token ids into conditioning for a diffusion model. */
public interface TextEncoder {

    /**
     * @param inputIds [batch, seq] integer ids (seq at most {@link #maxPositions()})
     * @return the encoder's outputs, in {@code inputIds}' manager
     */
    TextEncoderOutput forward(NDArray inputIds);

    /** Width of the hidden states. */
    int hiddenSize();

    /** Longest sequence the position table covers. */
    int maxPositions();
}
