package dev.focusnfix.plugins.region;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.focusnfix.api.ExtensionContext;
import dev.focusnfix.api.ImageBatch;
import dev.focusnfix.api.Mask;
import dev.focusnfix.api.PromptBatch;
import dev.focusnfix.api.RegionFunction;
import dev.focusnfix.api.RegionMasker;
import dev.focusnfix.api.RegionResult;
import dev.focusnfix.api.Reward;
import dev.focusnfix.api.options.Doc;
import java.util.Optional;
import org.pf4j.Extension;

/**
 * The region that is the whole image: a mask of ones. With it the region constraint vanishes and Focus-N-Fix
 * reduces to DRaFT, which makes it the baseline of every comparison.
 */
@Extension
public final class FullRegion implements RegionFunction<FullRegion.Options> {

    /**
     * Options.
     *
     * @param saveTo output folder (under the run's outputs) to save each mask to as PNG; empty saves nothing
     */
    public record Options(@Doc("output folder for mask PNGs (none when omitted)") Optional<String> saveTo) {

        /** Fills the omitted folder. */
        public Options {
            saveTo = saveTo == null ? Optional.empty() : saveTo;
        }
    }

    @Override
    public String id() {
        return "full";
    }

    @Override
    public Class<Options> optionsType() {
        return Options.class;
    }

    @Override
    public String description() {
        return "the whole image (Focus-N-Fix then equals DRaFT)";
    }

    @Override
    public RegionMasker open(Options options, ExtensionContext context) {
        Optional<MaskSnapshots> snapshots = MaskSnapshots.of(options.saveTo(), context);
        return (ImageBatch images, PromptBatch prompts, Reward reward) -> {
            NDArray pixels = images.pixels();
            NDArray ones = pixels.getManager()
                    .ones(new Shape(images.size(), 1, images.height(), images.width()), pixels.getDataType());
            snapshots.ifPresent(s -> s.save(null, ones));
            return new RegionResult(new Mask(ones), null);
        };
    }
}
