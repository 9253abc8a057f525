package dev.focusnfix.api;

import java.io.IOException;
import org.pf4j.ExtensionPoint;

/**
 * Extension point for a family of text-to-image diffusion models ({@code sd14}, {@code sdxl}, {@code ldm}): loads a
 * pipeline folder into a {@link DiffusionPipeline}.
 *
 * @param <O> the backbone's options type
 */
@Stable(since = "0.1.0")
public interface DiffusionBackbone<O> extends ExtensionPoint, NamedExtension<O> {

    /** Loads the model the options and settings name; heavy work belongs here, not in the constructor. */
    DiffusionPipeline open(BackboneSettings settings, O options, ExtensionContext context) throws IOException;
}
