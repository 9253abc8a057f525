package dev.focusnfix.plugins.region;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.focusnfix.api.ExtensionContext;
import dev.focusnfix.api.ImageBatch;
import dev.focusnfix.api.PromptBatch;
import dev.focusnfix.api.RegionFunction;
import dev.focusnfix.api.RegionMasker;
import dev.focusnfix.api.Reward;
import dev.focusnfix.api.RewardOutput;
import dev.focusnfix.api.options.DefaultValue;
import dev.focusnfix.api.options.Doc;
import dev.focusnfix.api.options.Range;
import java.util.Optional;
import org.pf4j.Extension;

/**
 * The reward model's own heatmap ({@link RewardOutput#heatmap()}, as rich-human-feedback style artifact and
 * misalignment models predict), thresholded into a binary mask and optionally dilated. A heatmap of another size
 * than the images is resized to them by nearest neighbour first. The raw map is the (resized) heatmap.
 */
@Extension
public final class HeatmapRegion implements RegionFunction<HeatmapRegion.Options> {

    /**
     * Options.
     *
     * @param threshold heatmap values at least this large (and positive) are in the region
     * @param dilation radius of the square structuring element the mask is dilated with; 0 switches it off
     * @param saveTo output folder (under the run's outputs) for raw-map and mask PNGs; empty saves nothing
     */
    public record Options(
            @Doc("heatmap values >= threshold are in the region") @DefaultValue("0.5") @Range(min = 0, max = 1)
                    float threshold,
            @Doc("dilation radius in pixels (0: off)") @DefaultValue("0") @Range(min = 0) int dilation,
            @Doc("output folder for raw-map and mask PNGs (none when omitted)") Optional<String> saveTo) {

        /** Fills the omitted folder. */
        public Options {
            saveTo = saveTo == null ? Optional.empty() : saveTo;
        }
    }

    @Override
    public String id() {
        return "heatmap";
    }

    @Override
    public Class<Options> optionsType() {
        return Options.class;
    }

    @Override
    public String description() {
        return "threshold the reward model's own heatmap";
    }

    @Override
    public boolean needsRewardHeatmap(Options options) {
        return true;
    }

    @Override
    public RegionMasker open(Options options, ExtensionContext context) {
        Optional<MaskSnapshots> snapshots = MaskSnapshots.of(options.saveTo(), context);
        return (ImageBatch images, PromptBatch prompts, Reward reward) ->
                ScratchMaps.compute(images, snapshots, (x, scratch) -> {
                    NDArray heatmap = reward.score(new ImageBatch(x), prompts).heatmap();
                    if (heatmap == null) {
                        throw new IllegalStateException("region function 'heatmap' needs a reward that returns a "
                                + "heatmap, but this reward returned none; use 'saliency' or 'occlusion' instead");
                    }
                    NDArray copied = heatmap.stopGradient().toType(DataType.FLOAT32, true);
                    // A copy is ours whichever manager the reward used; keep it in the scratch scope.
                    copied.attach(scratch);
                    NDArray rawMap = fitted(copied, images, scratch);
                    float[] values = rawMap.toFloatArray();
                    boolean[] selected = Thresholds.absolute(values, options.threshold());
                    float[] binary = new float[values.length];
                    for (int i = 0; i < values.length; i++) {
                        binary[i] = selected[i] ? 1f : 0f;
                    }
                    NDArray mask = Dilation.dilate(scratch.create(binary, rawMap.getShape()), options.dilation());
                    return new ScratchMaps.Maps(rawMap, mask);
                });
    }

    /** The heatmap as {@code [N,1,H,W]} at the images' size, in {@code manager}. */
    private static NDArray fitted(NDArray heatmap, ImageBatch images, NDManager manager) {
        Shape shape = heatmap.getShape();
        int n = images.size();
        if (shape.dimension() == 3) {
            heatmap = heatmap.expandDims(1);
            shape = heatmap.getShape();
        }
        if (shape.dimension() != 4 || shape.get(0) != n || shape.get(1) != 1) {
            throw new IllegalStateException(
                    "a reward heatmap must have shape [N,1,H,W] with N = " + n + ", got " + shape);
        }
        int h = (int) shape.get(2);
        int w = (int) shape.get(3);
        if (h == images.height() && w == images.width()) {
            return heatmap;
        }
        float[] resized = NearestResize.resizeAll(heatmap.toFloatArray(), n, h, w, images.height(), images.width());
        return manager.create(resized, new Shape(n, 1, images.height(), images.width()));
    }
}
