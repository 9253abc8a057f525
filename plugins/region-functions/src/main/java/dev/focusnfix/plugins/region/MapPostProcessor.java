package dev.focusnfix.plugins.region;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.focusnfix.api.tensor.Scalars;

/**
 * Turns a raw saliency map {@code [N,1,H,W]} into a mask, as {@link PostProcessing} describes: Gaussian smoothing,
 * per-image min-max normalisation, threshold, main connected regions, dilation. The work is done in float32 (the
 * thresholds and region filter on the CPU); the mask lands in the map's manager, without gradient.
 */
public final class MapPostProcessor {

    private final PostProcessing settings;

    /** A post-processor with the given settings. */
    public MapPostProcessor(PostProcessing settings) {
        this.settings = settings;
    }

    /** The mask of {@code rawMap}: values in [0,1], binary unless the threshold mode is {@code none}. */
    public NDArray process(NDArray rawMap) {
        Shape shape = rawMap.getShape();
        if (shape.dimension() != 4 || shape.get(1) != 1) {
            throw new IllegalArgumentException("maps must have shape [N,1,H,W], got " + shape);
        }
        NDArray map = rawMap.stopGradient().toType(DataType.FLOAT32, true);
        NDArray smoothed = GaussianBlur.blur(map, settings.smoothingKernel(), settings.smoothingSigma());
        NDArray normalised = normalisePerImage(smoothed);
        NDArray binary = settings.thresholdMode() == PostProcessing.ThresholdMode.NONE
                ? normalised
                : thresholdAndKeepMainRegions(normalised);
        return Dilation.dilate(binary, settings.dilation());
    }

    /** Min-max normalisation of each image's map to [0,1]; a constant map becomes all zeros. */
    public static NDArray normalisePerImage(NDArray map) {
        Shape shape = map.getShape();
        // Reduce over one flattened axis: some engines reduce min/max over a single axis only.
        NDArray flat = map.reshape(shape.get(0), -1);
        NDArray min = flat.min(new int[] {1}, true);
        NDArray range = flat.max(new int[] {1}, true).sub(min);
        // (map - min) is 0 wherever the range is 0, so flooring the range at the smallest normal float avoids 0/0
        // without changing any other value. The floor must be that small: the gradient of a saturated softmax is
        // easily 1e-17, and its map is still informative.
        return flat.sub(min).div(Scalars.maximum(range, Float.MIN_NORMAL)).reshape(shape);
    }

    private NDArray thresholdAndKeepMainRegions(NDArray normalised) {
        Shape shape = normalised.getShape();
        int n = (int) shape.get(0);
        int h = (int) shape.get(2);
        int w = (int) shape.get(3);
        int pixels = h * w;
        float[] all = normalised.toFloatArray();
        float[] out = new float[all.length];
        for (int i = 0; i < n; i++) {
            float[] values = new float[pixels];
            System.arraycopy(all, i * pixels, values, 0, pixels);
            boolean[] selected =
                    switch (settings.thresholdMode()) {
                        case ABSOLUTE -> Thresholds.absolute(values, settings.threshold());
                        case QUANTILE -> Thresholds.quantile(values, settings.threshold());
                        case NONE -> throw new IllegalStateException("no threshold to apply");
                    };
            boolean[] kept = ConnectedComponents.label(selected, h, w, settings.connectivity())
                    .keepMain(settings.minComponentFraction(), settings.maxComponents());
            for (int p = 0; p < pixels; p++) {
                out[i * pixels + p] = kept[p] ? 1f : 0f;
            }
        }
        return normalised.getManager().create(out, shape);
    }
}
