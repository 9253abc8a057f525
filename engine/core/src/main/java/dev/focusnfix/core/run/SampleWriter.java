package dev.focusnfix.core.run;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.focusnfix.api.Conditioning;
import dev.focusnfix.api.DiffusionPipeline;
import dev.focusnfix.api.ImageBatch;
import dev.focusnfix.api.PromptBatch;
import dev.focusnfix.api.RegionMasker;
import dev.focusnfix.api.RegionResult;
import dev.focusnfix.api.Reward;
import dev.focusnfix.api.SamplingSettings;
import dev.focusnfix.api.TuningResult;
import dev.focusnfix.evaluation.report.DifferenceImage;
import dev.focusnfix.evaluation.report.SampleColumn;
import dev.focusnfix.evaluation.report.SampleRow;
import dev.focusnfix.nn.io.Png;
import dev.focusnfix.nn.pipeline.Sampler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes the run's {@code samples/}: for each evaluation prompt and seed, the base image (adapters off), the tuned
 * (or guided) image from the same initial latents, and the region function's mask and raw map of the base image.
 */
public final class SampleWriter {

    /**
     * The images of one prompt and seed.
     *
     * @param base the pretrained model's image {@code [1,3,H,W]}
     * @param tuned the tuned or guided image
     * @param region the base image's mask and raw map, or null without a region function
     */
    public record Sample(NDArray base, NDArray tuned, RegionResult region) {}

    private final DiffusionPipeline pipeline;
    private final SamplingSettings settings;

    /** Samples with a pipeline at the given settings. */
    public SampleWriter(DiffusionPipeline pipeline, SamplingSettings settings) {
        this.pipeline = pipeline;
        this.settings = settings;
    }

    /** Generates base and tuned images for one prompt and seed, in {@code manager}. */
    public Sample generate(
            String prompt, long seed, TuningResult result, RegionMasker region, Reward reward, NDManager manager) {
        PromptBatch prompts = PromptBatch.of(List.of(prompt));
        NDArray xT = pipeline.initialLatents(1, settings, seed, manager);
        float trainedScale = pipeline.adapters().scale();
        try (Conditioning c = pipeline.encodePrompts(prompts, manager)) {
            pipeline.adapters().setScale(0f);
            NDArray base;
            try {
                base = pipeline.decode(Sampler.of(pipeline).sample(c, xT, settings));
            } finally {
                pipeline.adapters().setScale(trainedScale);
            }
            NDArray tunedLatents = result instanceof TuningResult.GuidedSampling guided
                    ? guided.sampler().sample(pipeline, c, prompts, xT, settings)
                    : Sampler.of(pipeline).sample(c, xT, settings);
            NDArray tuned = pipeline.decode(tunedLatents);
            RegionResult mask = region == null ? null : region.mask(new ImageBatch(base), prompts, reward);
            return new Sample(base, tuned, mask);
        }
    }

    /**
     * Writes a sample's PNGs under {@code runDir} with the names reports expect
     * ({@code samples/NNN-seedS-{base,tuned,mask,saliency,diff}.png}).
     */
    public static void write(Sample sample, Path runDir, int promptIndex, long seed) throws IOException {
        Path base = runDir.resolve(SampleRow.conventionalPath(promptIndex, seed, SampleColumn.BASE));
        Path tuned = runDir.resolve(SampleRow.conventionalPath(promptIndex, seed, SampleColumn.TUNED));
        Files.createDirectories(base.getParent());
        Png.write(sample.base().get(0), base);
        Png.write(sample.tuned().get(0), tuned);
        DifferenceImage.write(
                base, tuned, runDir.resolve(SampleRow.conventionalPath(promptIndex, seed, SampleColumn.DIFFERENCE)));
        if (sample.region() != null) {
            Png.write(
                    sample.region().mask().values().get(0),
                    runDir.resolve(SampleRow.conventionalPath(promptIndex, seed, SampleColumn.MASK)));
            NDArray raw = sample.region().rawMap();
            if (raw != null) {
                NDArray map = raw.get(0);
                float max = map.max().getFloat();
                Png.write(
                        max > 0 ? map.div(map.getManager().full(new Shape(), max, map.getDataType())) : map,
                        runDir.resolve(SampleRow.conventionalPath(promptIndex, seed, SampleColumn.SALIENCY)));
            }
        }
    }
}
