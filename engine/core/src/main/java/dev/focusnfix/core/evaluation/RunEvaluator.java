package dev.focusnfix.core.evaluation;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.focusnfix.api.DiffusionPipeline;
import dev.focusnfix.api.ImageBatch;
import dev.focusnfix.api.PromptBatch;
import dev.focusnfix.api.RegionMasker;
import dev.focusnfix.api.Reward;
import dev.focusnfix.api.SamplingSettings;
import dev.focusnfix.api.TuningResult;
import dev.focusnfix.api.services.ProgressReporter;
import dev.focusnfix.api.services.ProgressTask;
import dev.focusnfix.core.run.SampleWriter;
import dev.focusnfix.evaluation.lpips.Lpips;
import dev.focusnfix.evaluation.metrics.ChangeRates;
import dev.focusnfix.evaluation.metrics.MaskedMetrics;
import dev.focusnfix.evaluation.metrics.MaskedScores;
import dev.focusnfix.evaluation.metrics.Psnr;
import dev.focusnfix.evaluation.metrics.PsnrVariant;
import dev.focusnfix.evaluation.metrics.Ssim;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Evaluates a tuned (or guided) model against its base model on held-out prompts and seeds: writes the sample images,
 * scores every reward before and after, measures the image change (PSNR, SSIM, LPIPS, inside and outside the base
 * image's mask) and the forgetting probes, and writes {@code evaluation.json}.
 */
public final class RunEvaluator {

    /**
     * A forgetting probe with its reward opened.
     *
     * @param name the probe's name
     * @param prompts its prompts
     * @param reward the reward thresholded
     * @param threshold images scoring below it count
     */
    public record OpenProbe(String name, List<String> prompts, Reward reward, double threshold) {}

    /**
     * What to evaluate.
     *
     * @param pipeline the backbone, with the tuned adapters attached (scale restored after each base image)
     * @param settings sampling settings
     * @param result what the tuner produced (adapters, or a guided sampler)
     * @param reward the target reward
     * @param region the region function, or null
     * @param otherRewards further rewards by name
     * @param probes forgetting probes
     * @param prompts evaluation prompts
     * @param seeds evaluation seeds
     * @param margin the improve/degrade margin
     * @param lpips the LPIPS network, or null
     * @param method the tuner id
     * @param beta the constraint weight, NaN when none
     */
    public record Inputs(DiffusionPipeline pipeline, SamplingSettings settings, TuningResult result, Reward reward,
            RegionMasker region, Map<String, Reward> otherRewards, List<OpenProbe> probes, List<String> prompts,
            List<Long> seeds, double margin, Lpips lpips, String method, double beta) {}

    private final ProgressReporter progress;

    /** An evaluator reporting progress. */
    public RunEvaluator(ProgressReporter progress) {
        this.progress = progress;
    }

    /** Evaluates, writing the samples and {@code evaluation.json} into {@code runDir}. */
    public EvaluationSummary evaluate(Inputs in, Path runDir, NDManager parent) throws IOException {
        SampleWriter writer = new SampleWriter(in.pipeline(), in.settings());
        List<ImageEvaluation> images = new ArrayList<>();
        long total = (long) in.prompts().size() * in.seeds().size();
        try (ProgressTask task = progress.start("evaluate", total)) {
            for (int p = 0; p < in.prompts().size(); p++) {
                for (long seed : in.seeds()) {
                    try (NDManager scope = parent.newSubManager()) {
                        String prompt = in.prompts().get(p);
                        SampleWriter.Sample sample = writer.generate(prompt, seed, in.result(), in.region(),
                                in.reward(), scope);
                        SampleWriter.write(sample, runDir, p, seed);
                        images.add(measure(in, p, prompt, seed, sample));
                    }
                    task.step(images.size(), String.format("reward %.3f -> %.3f",
                            images.get(images.size() - 1).rewardBefore(),
                            images.get(images.size() - 1).rewardAfter()));
                }
            }
        }
        List<ProbeResult> probes = new ArrayList<>();
        for (OpenProbe probe : in.probes()) {
            probes.add(probe(in, probe, writer, parent));
        }
        EvaluationSummary summary = summarise(in, images, probes);
        EvaluationFiles.write(runDir.resolve(EvaluationSummary.FILE), summary);
        return summary;
    }

    private static ImageEvaluation measure(Inputs in, int promptIndex, String prompt, long seed,
            SampleWriter.Sample sample) {
        PromptBatch prompts = PromptBatch.of(List.of(prompt));
        double before = score(in.reward(), sample.base(), prompts);
        double after = score(in.reward(), sample.tuned(), prompts);
        Map<String, double[]> others = new LinkedHashMap<>();
        in.otherRewards().forEach((name, reward) -> others.put(name,
                new double[] {score(reward, sample.base(), prompts), score(reward, sample.tuned(), prompts)}));
        double psnr = Psnr.perImage(sample.tuned(), sample.base(), PsnrVariant.EXACT)[0];
        double ssim = Ssim.perImage(sample.tuned(), sample.base())[0];
        double lpips = in.lpips() == null ? Double.NaN : in.lpips().distances(sample.tuned(), sample.base())[0];
        double psnrIn = Double.NaN;
        double psnrOut = Double.NaN;
        double ssimIn = Double.NaN;
        double ssimOut = Double.NaN;
        double fraction = Double.NaN;
        if (sample.region() != null) {
            MaskedScores m = MaskedMetrics.perImage(sample.tuned(), sample.base(),
                    sample.region().mask().values(), PsnrVariant.EXACT).get(0);
            psnrIn = m.psnrInside();
            psnrOut = m.psnrOutside();
            ssimIn = m.ssimInside();
            ssimOut = m.ssimOutside();
            fraction = m.insideFraction();
        }
        return new ImageEvaluation(promptIndex, prompt, seed, before, after, others, psnr, ssim, lpips, psnrIn,
                psnrOut, ssimIn, ssimOut, fraction);
    }

    private ProbeResult probe(Inputs in, OpenProbe probe, SampleWriter writer, NDManager parent) {
        int below = 0;
        int belowAfter = 0;
        int count = 0;
        for (String prompt : probe.prompts()) {
            for (long seed : in.seeds()) {
                try (NDManager scope = parent.newSubManager()) {
                    SampleWriter.Sample sample = writer.generate(prompt, seed, in.result(), null, probe.reward(),
                            scope);
                    PromptBatch prompts = PromptBatch.of(List.of(prompt));
                    below += score(probe.reward(), sample.base(), prompts) < probe.threshold() ? 1 : 0;
                    belowAfter += score(probe.reward(), sample.tuned(), prompts) < probe.threshold() ? 1 : 0;
                    count++;
                }
            }
        }
        return new ProbeResult(probe.name(), count, (double) below / count, (double) belowAfter / count);
    }

    private static double score(Reward reward, NDArray image, PromptBatch prompts) {
        return reward.score(new ImageBatch(image), prompts).reward().toType(ai.djl.ndarray.types.DataType.FLOAT64,
                false).getDouble(0);
    }

    private static EvaluationSummary summarise(Inputs in, List<ImageEvaluation> images, List<ProbeResult> probes) {
        int n = images.size();
        double[] before = images.stream().mapToDouble(ImageEvaluation::rewardBefore).toArray();
        double[] after = images.stream().mapToDouble(ImageEvaluation::rewardAfter).toArray();
        ChangeRates rates = ChangeRates.of(before, after, in.margin());
        Map<String, Double> otherChange = new LinkedHashMap<>();
        Map<String, Double> otherDegrade = new LinkedHashMap<>();
        for (String name : in.otherRewards().keySet()) {
            double[] b = images.stream().mapToDouble(i -> i.otherRewards().get(name)[0]).toArray();
            double[] a = images.stream().mapToDouble(i -> i.otherRewards().get(name)[1]).toArray();
            otherChange.put(name, mean(a) - mean(b));
            otherDegrade.put(name, ChangeRates.of(b, a, in.margin()).degradeRate());
        }
        return new EvaluationSummary(in.method(), in.beta(), n, mean(before), mean(after),
                mean(images.stream().mapToDouble(i -> capped(i.psnr())).toArray()),
                mean(images.stream().mapToDouble(ImageEvaluation::ssim).toArray()),
                mean(images.stream().mapToDouble(ImageEvaluation::lpips).toArray()),
                mean(images.stream().mapToDouble(i -> capped(i.psnrOutside())).toArray()),
                mean(images.stream().mapToDouble(i -> capped(i.psnrInside())).toArray()),
                rates.improveRate(), rates.degradeRate(), in.margin(), otherChange, otherDegrade, probes, images);
    }

    private static double capped(double psnr) {
        return Double.isNaN(psnr) ? psnr : Math.min(psnr, Psnr.CAP_DB);
    }

    /** The mean of the non-NaN values; NaN when there are none. */
    static double mean(double[] values) {
        double sum = 0;
        int n = 0;
        for (double v : values) {
            if (!Double.isNaN(v)) {
                sum += v;
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }
}
