package dev.focusnfix.api;

import java.io.IOException;
import java.nio.file.Path;
import org.pf4j.ExtensionPoint;

/**
 * Extension point for a family of text-to-image diffusion models ({@code sd14}, {@code sdxl}, {@code ldm}): says
 * which model folders it opens and loads one into a {@link DiffusionPipeline}. {@code framework generate} picks the
 * backbone of a folder by asking every registered backbone, so a new backbone needs no change of the framework.
 *
 * @param <O> the backbone's options type
 */
@Stable(since = "0.1.0")
public interface DiffusionBackbone<O> extends ExtensionPoint, NamedExtension<O> {

    /**
     * Whether this backbone loads the model folder, judged from its metadata only (for diffusers folders,
     * {@code model_index.json}'s {@code _class_name}); cheap, loads no weights, false for folders it cannot read.
     */
    boolean canOpen(Path folder);

    /** Loads the model the options and settings name; heavy work belongs here, not in the constructor. */
    DiffusionPipeline open(BackboneSettings settings, O options, ExtensionContext context) throws IOException;
}
