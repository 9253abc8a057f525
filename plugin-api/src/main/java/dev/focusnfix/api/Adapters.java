package dev.focusnfix.api;

import ai.djl.ndarray.NDArray;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * The low-rank adapters of a backbone's denoiser: what the DRaFT-family tuners train. Base weights never require
 * gradients; adapter weights do.
 */
@Stable(since = "0.1.0")
public interface Adapters {

    /** Injects fresh trainable adapters ({@code A} seeded, {@code B} zero, so the model is unchanged at first). */
    void attach(LoraSpec spec, long seed);

    /** The trainable adapter tensors by their PEFT key name; empty when none are attached. */
    Map<String, NDArray> trainable();

    /** Scales every adapter's output; 0 gives the pretrained model exactly. */
    void setScale(float scale);

    /** The current adapter scale. */
    float scale();

    /** Writes the trainable adapters in the diffusers/PEFT safetensors format, atomically. */
    void save(Path file) throws IOException;

    /** Adds the adapters stored in a PEFT or kohya safetensors file, with the given scale. */
    void load(Path file, float scale) throws IOException;
}
