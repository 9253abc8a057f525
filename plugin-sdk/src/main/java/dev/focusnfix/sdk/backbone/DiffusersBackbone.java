package dev.focusnfix.sdk.backbone;

import dev.focusnfix.api.BackboneSettings;
import dev.focusnfix.api.DiffusionBackbone;
import dev.focusnfix.api.DiffusionPipeline;
import dev.focusnfix.api.ExtensionContext;
import dev.focusnfix.api.InvalidInputException;
import dev.focusnfix.api.Stable;
import dev.focusnfix.nn.pipeline.LatentDiffusionPipeline;
import dev.focusnfix.nn.pipeline.ModelIndex;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A backbone that loads one family of diffusers pipeline folders; the plugins {@code sd14}, {@code sdxl} and
 * {@code ldm} are this class with a family and an id. It claims the folders whose {@code model_index.json} names its
 * family's pipeline class, and refuses the others with the class they hold.
 */
@Stable(since = "0.2.0")
public abstract class DiffusersBackbone implements DiffusionBackbone<DiffusersBackboneOptions> {

    private final String id;
    private final DiffusersFamily family;

    /** A backbone for one family. */
    protected DiffusersBackbone(String id, DiffusersFamily family) {
        this.id = id;
        this.family = family;
    }

    @Override
    public final String id() {
        return id;
    }

    @Override
    public final Class<DiffusersBackboneOptions> optionsType() {
        return DiffusersBackboneOptions.class;
    }

    @Override
    public String description() {
        return "diffusers " + family.className() + " folders";
    }

    /** Whether {@code folder/model_index.json} names this family's pipeline class; false when it is unreadable. */
    @Override
    public boolean canOpen(Path folder) {
        if (!Files.isRegularFile(folder.resolve(ModelIndex.FILE))) {
            return false;
        }
        try {
            return family.className().equals(ModelIndex.read(folder).className());
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    @Override
    public DiffusionPipeline open(BackboneSettings settings, DiffusersBackboneOptions options, ExtensionContext context)
            throws IOException {
        ModelIndex index = ModelIndex.read(settings.model());
        if (!family.className().equals(index.className())) {
            throw new InvalidInputException(settings.model() + " holds a " + index.className() + ", but backbone '"
                    + id + "' loads " + family.className() + " folders; use a backbone that opens "
                    + index.className() + " folders (framework plugins lists them)");
        }
        return LatentDiffusionPipeline.load(
                settings.model(),
                family.engineFamily(),
                settings.sampling(),
                context.device(),
                context.dataType(),
                options.variant().orElse(null));
    }
}
