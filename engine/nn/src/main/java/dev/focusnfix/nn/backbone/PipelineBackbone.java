package dev.focusnfix.nn.backbone;

import dev.focusnfix.api.BackboneSettings;
import dev.focusnfix.api.DiffusionBackbone;
import dev.focusnfix.api.DiffusionPipeline;
import dev.focusnfix.api.ExtensionContext;
import dev.focusnfix.api.InvalidInputException;
import dev.focusnfix.nn.pipeline.LatentDiffusionPipeline;
import dev.focusnfix.nn.pipeline.ModelIndex;
import dev.focusnfix.nn.pipeline.PipelineFamily;
import java.io.IOException;

/**
 * A backbone that loads one family of diffusers pipeline folders; the plugins {@code sd14}, {@code sdxl} and
 * {@code ldm} are this class with a family and an id. A folder of another family is refused with the id of the
 * backbone that loads it.
 */
public abstract class PipelineBackbone implements DiffusionBackbone<PipelineOptions> {

    private final String id;
    private final PipelineFamily family;

    /** A backbone for one family. */
    protected PipelineBackbone(String id, PipelineFamily family) {
        this.id = id;
        this.family = family;
    }

    @Override
    public final String id() {
        return id;
    }

    @Override
    public final Class<PipelineOptions> optionsType() {
        return PipelineOptions.class;
    }

    @Override
    public String description() {
        return "diffusers " + family.className() + " folders";
    }

    @Override
    public DiffusionPipeline open(BackboneSettings settings, PipelineOptions options, ExtensionContext context)
            throws IOException {
        ModelIndex index = ModelIndex.read(settings.model());
        if (!family.className().equals(index.className())) {
            throw new InvalidInputException(settings.model() + " holds a " + index.className() + ", but backbone '"
                    + id + "' loads " + family.className() + " folders; use backbone '" + idFor(index.className())
                    + "'");
        }
        return LatentDiffusionPipeline.load(settings.model(), family, settings.sampling(), context.device(),
                context.dataType(), options.variant().orElse(null));
    }

    /** The id of the built-in backbone that loads a diffusers pipeline class. */
    public static String idFor(String className) {
        return switch (className) {
            case "StableDiffusionPipeline" -> "sd14";
            case "StableDiffusionXLPipeline" -> "sdxl";
            case "LDMTextToImagePipeline" -> "ldm";
            default -> "(none supports " + className + ")";
        };
    }
}
