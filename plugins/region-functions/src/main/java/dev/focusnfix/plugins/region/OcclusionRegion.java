package dev.focusnfix.plugins.region;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
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
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.pf4j.Extension;

/**
 * Saliency by perturbation, for rewards without gradients (ONNX exports, remote models): a square patch of a fill
 * value slides over each image; for every position the pre-squash score ({@link RewardOutput#scoreForSaliency()})
 * of the occluded image is compared with the original's, and each pixel gets the average change over the patches
 * that covered it. The map then goes through the same {@link PostProcessing} as gradient saliency.
 *
 * <p>Which change counts: the drop {@code score(original) - score(occluded)} marks what the score relies on when
 * the score measures the problem (an "unsafe" logit); the rise {@code score(occluded) - score(original)} marks what
 * the reward penalises when the score is a reward (higher is better, as {@link Reward} defines it). The default,
 * the absolute change, needs no sign convention and matches gradient saliency's absolute gradient.
 *
 * <p>Patch positions step by {@code stride} from the top-left corner; one more row or column of positions is added
 * at the bottom or right edge when the steps would not reach it, so every pixel is covered.
 */
@Extension
public final class OcclusionRegion implements RegionFunction<OcclusionRegion.Options> {

    /** Which score change a pixel's map value is. */
    public enum Change {
        /** |score(original) - score(occluded)|. */
        ABSOLUTE,
        /** score(original) - score(occluded), negative values clipped to 0. */
        DROP,
        /** score(occluded) - score(original), negative values clipped to 0. */
        RISE
    }

    /**
     * Options.
     *
     * @param patchSize side of the square occluding patch in pixels
     * @param stride step between patch positions in pixels
     * @param fill pixel value of the patch, on the [0,1] scale (0.5: mid grey)
     * @param batchSize occluded images scored per reward call
     * @param change which score change the map measures
     * @param postprocess how the map becomes a mask
     * @param saveTo output folder (under the run's outputs) for raw-map and mask PNGs; empty saves nothing
     */
    public record Options(
            @Doc("side of the occluding patch in pixels") @DefaultValue("16") @Range(min = 1) int patchSize,
            @Doc("step between patch positions in pixels") @DefaultValue("8") @Range(min = 1) int stride,
            @Doc("pixel value of the patch in [0,1]") @DefaultValue("0.5") @Range(min = 0, max = 1) float fill,
            @Doc("occluded images per reward call") @DefaultValue("16") @Range(min = 1) int batchSize,
            @Doc("absolute, drop (original - occluded) or rise (occluded - original)") @DefaultValue("absolute")
                    Change change,
            @Doc("smoothing, normalisation, threshold, connected regions, dilation; defaults as for saliency but"
                            + " threshold 0.5 and no dilation")
                    @DefaultValue("{threshold: 0.5, dilation: 0}")
                    PostProcessing postprocess,
            @Doc("output folder for raw-map and mask PNGs (none when omitted)") Optional<String> saveTo) {

        /** Fills omitted values. */
        public Options {
            change = change == null ? Change.ABSOLUTE : change;
            postprocess = postprocess == null ? defaultPostProcessing() : postprocess;
            saveTo = saveTo == null ? Optional.empty() : saveTo;
        }

        /** 16-pixel patches every 8 pixels, grey fill, absolute change, {@link #defaultPostProcessing()}. */
        public static Options defaults() {
            return new Options(16, 8, 0.5f, 16, Change.ABSOLUTE, defaultPostProcessing(), Optional.empty());
        }

        /**
         * Occlusion's post-processing defaults: those of {@link PostProcessing#defaults()} but threshold 0.5 and no
         * dilation, because averaging over the covering patches already spreads the map by about half a patch.
         */
        public static PostProcessing defaultPostProcessing() {
            PostProcessing d = PostProcessing.defaults();
            return new PostProcessing(
                    d.smoothingKernel(),
                    d.smoothingSigma(),
                    d.thresholdMode(),
                    0.5f,
                    d.minComponentFraction(),
                    d.maxComponents(),
                    d.connectivity(),
                    0);
        }
    }

    @Override
    public String id() {
        return "occlusion";
    }

    @Override
    public Class<Options> optionsType() {
        return Options.class;
    }

    @Override
    public String description() {
        return "saliency by occluding patches (for rewards without gradients)";
    }

    @Override
    public RegionMasker open(Options options, ExtensionContext context) {
        MapPostProcessor postProcessor = new MapPostProcessor(options.postprocess());
        Optional<MaskSnapshots> snapshots = MaskSnapshots.of(options.saveTo(), context);
        return (ImageBatch images, PromptBatch prompts, Reward reward) ->
                ScratchMaps.compute(images, snapshots, (x, scratch) -> {
                    NDArray rawMap = scratch.create(
                            occlusionMap(x, prompts, reward, options),
                            new Shape(images.size(), 1, images.height(), images.width()));
                    return new ScratchMaps.Maps(rawMap, postProcessor.process(rawMap));
                });
    }

    /** The row-major {@code [N,1,H,W]} occlusion map of a detached batch. */
    static float[] occlusionMap(NDArray x, PromptBatch prompts, Reward reward, Options options) {
        Shape shape = x.getShape();
        int n = (int) shape.get(0);
        int h = (int) shape.get(2);
        int w = (int) shape.get(3);
        float[] original = scores(reward, x, prompts);
        List<int[]> patches = patchCorners(h, w, options.patchSize(), options.stride());
        float[] map = new float[n * h * w];
        for (int i = 0; i < n; i++) {
            float[] sum = new float[h * w];
            int[] coverage = new int[h * w];
            PromptBatch prompt = new PromptBatch(
                    Collections.nCopies(1, prompts.prompts().get(i)),
                    Collections.nCopies(1, prompts.negativePrompts().get(i)));
            NDArray image = x.get(new NDIndex("{}:{}", i, i + 1));
            for (int start = 0; start < patches.size(); start += options.batchSize()) {
                List<int[]> chunk = patches.subList(start, Math.min(patches.size(), start + options.batchSize()));
                float[] occluded = occludedScores(image, chunk, prompt, reward, options);
                for (int j = 0; j < chunk.size(); j++) {
                    float value = change(original[i], occluded[j], options.change());
                    int y0 = chunk.get(j)[0];
                    int x0 = chunk.get(j)[1];
                    for (int y = y0; y < Math.min(h, y0 + options.patchSize()); y++) {
                        for (int xx = x0; xx < Math.min(w, x0 + options.patchSize()); xx++) {
                            sum[y * w + xx] += value;
                            coverage[y * w + xx]++;
                        }
                    }
                }
            }
            for (int p = 0; p < h * w; p++) {
                float average = coverage[p] == 0 ? 0f : sum[p] / coverage[p];
                // Signed modes keep only the direction asked for.
                map[i * h * w + p] = options.change() == Change.ABSOLUTE ? average : Math.max(0f, average);
            }
        }
        return map;
    }

    private static float change(float original, float occluded, Change change) {
        return switch (change) {
            case ABSOLUTE -> Math.abs(original - occluded);
            case DROP -> original - occluded;
            case RISE -> occluded - original;
        };
    }

    /** Scores a batch of copies of one image, each with one patch filled. */
    private static float[] occludedScores(
            NDArray image, List<int[]> corners, PromptBatch prompt, Reward reward, Options options) {
        try (NDManager chunkScope = image.getManager().newSubManager()) {
            int b = corners.size();
            NDArray batch = image.repeat(0, b);
            batch.attach(chunkScope);
            for (int j = 0; j < b; j++) {
                int y0 = corners.get(j)[0];
                int x0 = corners.get(j)[1];
                batch.set(
                        new NDIndex(
                                "{}, :, {}:{}, {}:{}", j, y0, y0 + options.patchSize(), x0, x0 + options.patchSize()),
                        options.fill());
            }
            PromptBatch prompts = new PromptBatch(
                    Collections.nCopies(b, prompt.prompts().get(0)),
                    Collections.nCopies(b, prompt.negativePrompts().get(0)));
            return scores(reward, batch, prompts);
        }
    }

    private static float[] scores(Reward reward, NDArray images, PromptBatch prompts) {
        NDArray score = reward.score(new ImageBatch(images), prompts).scoreForSaliency();
        return score.stopGradient().toType(DataType.FLOAT32, true).toFloatArray();
    }

    /** Top-left corners of the patches: every {@code stride} pixels, plus the last position flush with each edge. */
    static List<int[]> patchCorners(int h, int w, int patchSize, int stride) {
        List<Integer> ys = positions(h, patchSize, stride);
        List<Integer> xs = positions(w, patchSize, stride);
        List<int[]> corners = new ArrayList<>();
        for (int y : ys) {
            for (int x : xs) {
                corners.add(new int[] {y, x});
            }
        }
        return corners;
    }

    private static List<Integer> positions(int size, int patchSize, int stride) {
        List<Integer> out = new ArrayList<>();
        int last = Math.max(0, size - patchSize);
        for (int p = 0; p <= last; p += stride) {
            out.add(p);
        }
        if (out.get(out.size() - 1) != last) {
            out.add(last);
        }
        return out;
    }
}
