package dev.focusnfix.core.evaluation;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.focusnfix.api.DiffusionPipeline;
import dev.focusnfix.api.FineTuner;
import dev.focusnfix.api.ImageBatch;
import dev.focusnfix.api.PromptBatch;
import dev.focusnfix.api.RegionMasker;
import dev.focusnfix.api.Reward;
import dev.focusnfix.api.SamplingSettings;
import dev.focusnfix.api.TuningResult;
import dev.focusnfix.api.services.ProgressReporter;
import dev.focusnfix.api.services.ProgressTask;
import dev.focusnfix.core.execution.ItemEngine;
import dev.focusnfix.core.execution.ItemProgress;
import dev.focusnfix.core.execution.ItemResult;
import dev.focusnfix.core.execution.ItemStore;
import dev.focusnfix.core.execution.LocalItemEngine;
import dev.focusnfix.core.execution.WorkItem;
import dev.focusnfix.core.run.SampleWriter;
import dev.focusnfix.evaluation.lpips.Lpips;
import dev.focusnfix.evaluation.metrics.ChangeRates;
import dev.focusnfix.evaluation.metrics.MaskedMetrics;
import dev.focusnfix.evaluation.metrics.MaskedScores;
import dev.focusnfix.evaluation.metrics.Psnr;
import dev.focusnfix.evaluation.metrics.PsnrVariant;
import dev.focusnfix.evaluation.metrics.Ssim;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

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
     * @param parameters the tuner's table parameters ({@link FineTuner#tableParameters}), by name in display order
     */
    public record Inputs(
            DiffusionPipeline pipeline,
            SamplingSettings settings,
            TuningResult result,
            Reward reward,
            RegionMasker region,
            Map<String, Reward> otherRewards,
            List<OpenProbe> probes,
            List<String> prompts,
            List<Long> seeds,
            double margin,
            Lpips lpips,
            String method,
            Map<String, Double> parameters) {}

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RunEvaluator.class);

    private final ProgressReporter progress;
    private int skipped;

    /** An evaluator reporting progress. */
    public RunEvaluator(ProgressReporter progress) {
        this.progress = progress;
    }

    /** Evaluates in this process, writing the samples and {@code evaluation.json} into {@code runDir}. */
    public EvaluationSummary evaluate(Inputs in, Path runDir, NDManager parent) throws Exception {
        return evaluate(in, runDir, parent, new LocalItemEngine(), null);
    }

    /**
     * Evaluates the work items of {@code in} on {@code engine} and writes, on this (the driver's) side, every
     * item's samples and then {@code evaluation.json}, the same whichever engine ran them.
     *
     * @param fingerprint what the items' results depend on (resolved experiment, adapter): items of an earlier,
     *     interrupted evaluation with the same fingerprint are reused; null to evaluate everything again
     */
    public EvaluationSummary evaluate(Inputs in, Path runDir, NDManager parent, ItemEngine engine, String fingerprint)
            throws Exception {
        List<WorkItem> items = workItems(in, runDir.getFileName().toString());
        ItemStore store = new ItemStore(runDir, fingerprint);
        Map<WorkItem, ItemResult> results = new HashMap<>();
        List<WorkItem> todo = new ArrayList<>();
        for (WorkItem item : items) {
            store.finished(item).ifPresentOrElse(r -> results.put(item, r), () -> todo.add(item));
        }
        skipped = results.size();
        if (skipped > 0) {
            LOG.info("evaluate: skipping {} of {} items finished by an earlier run", skipped, items.size());
        }
        try (ProgressTask task = progress.start("evaluate", items.size())) {
            ItemProgress counter = new ItemProgress(task, items.size(), skipped);
            engine.run(todo, item -> evaluateItem(in, item, parent), result -> {
                store.write(result);
                results.put(result.item(), result.withoutFiles());
                counter.finished(result);
            });
        }
        List<ImageEvaluation> images = new ArrayList<>();
        int[][] probeCounts = new int[in.probes().size()][3];
        for (WorkItem item : items) {
            ItemResult r = results.get(item);
            if (r == null) {
                throw new IllegalStateException(engine.describe() + " returned no result for " + item.describe());
            }
            if (item.isProbe()) {
                probeCounts[item.probeIndex()][0] += r.belowBefore() ? 1 : 0;
                probeCounts[item.probeIndex()][1] += r.belowAfter() ? 1 : 0;
                probeCounts[item.probeIndex()][2]++;
            } else {
                images.add(r.image());
            }
        }
        List<ProbeResult> probes = new ArrayList<>();
        for (int i = 0; i < in.probes().size(); i++) {
            int count = probeCounts[i][2];
            probes.add(new ProbeResult(
                    in.probes().get(i).name(),
                    count,
                    (double) probeCounts[i][0] / count,
                    (double) probeCounts[i][1] / count));
        }
        EvaluationSummary summary = summarise(in, images, probes);
        EvaluationFiles.write(runDir.resolve(EvaluationSummary.FILE), summary);
        return summary;
    }

    /** How many items the latest {@link #evaluate} reused from an earlier, interrupted evaluation. */
    public int skippedItems() {
        return skipped;
    }

    /** The work items of an evaluation: every prompt and seed, then every probe prompt and seed. */
    public static List<WorkItem> workItems(Inputs in, String variant) {
        List<WorkItem> items = new ArrayList<>();
        for (int p = 0; p < in.prompts().size(); p++) {
            for (long seed : in.seeds()) {
                items.add(WorkItem.image(variant, p, in.prompts().get(p), seed));
            }
        }
        for (int i = 0; i < in.probes().size(); i++) {
            OpenProbe probe = in.probes().get(i);
            for (int p = 0; p < probe.prompts().size(); p++) {
                for (long seed : in.seeds()) {
                    items.add(WorkItem.probe(
                            variant, i, probe.name(), p, probe.prompts().get(p), seed));
                }
            }
        }
        return items;
    }

    /**
     * The per-item function every engine runs: generates the item's base and tuned images from the item's seed,
     * measures them, and returns the measurements with the sample PNGs as bytes (an evaluation image) or the
     * probe's verdicts (a probe image). Items of one {@code in} must not run concurrently (the pipeline's adapter
     * scale is switched per image).
     */
    public static ItemResult evaluateItem(Inputs in, WorkItem item, NDManager parent) throws IOException {
        SampleWriter writer = new SampleWriter(in.pipeline(), in.settings());
        try (NDManager scope = parent.newSubManager()) {
            if (item.isProbe()) {
                OpenProbe probe = in.probes().get(item.probeIndex());
                SampleWriter.Sample sample =
                        writer.generate(item.prompt(), item.seed(), in.result(), null, probe.reward(), scope);
                PromptBatch prompts = PromptBatch.of(List.of(item.prompt()));
                return new ItemResult(
                        item,
                        null,
                        score(probe.reward(), sample.base(), prompts) < probe.threshold(),
                        score(probe.reward(), sample.tuned(), prompts) < probe.threshold(),
                        Map.of(),
                        "",
                        0);
            }
            SampleWriter.Sample sample =
                    writer.generate(item.prompt(), item.seed(), in.result(), in.region(), in.reward(), scope);
            ImageEvaluation image = measure(in, item.promptIndex(), item.prompt(), item.seed(), sample);
            return new ItemResult(item, image, false, false, sampleFiles(sample, item), "", 0);
        }
    }

    /** The sample PNGs of an item, as the run folder's {@code samples/} holds them. */
    private static Map<String, byte[]> sampleFiles(SampleWriter.Sample sample, WorkItem item) throws IOException {
        Path scratch = Files.createTempDirectory("focusnfix-item-");
        try {
            SampleWriter.write(sample, scratch, item.promptIndex(), item.seed());
            Map<String, byte[]> files = new TreeMap<>();
            try (Stream<Path> walk = Files.walk(scratch)) {
                for (Path f : walk.filter(Files::isRegularFile).sorted().toList()) {
                    files.put(scratch.relativize(f).toString().replace('\\', '/'), Files.readAllBytes(f));
                }
            }
            return files;
        } finally {
            try (Stream<Path> walk = Files.walk(scratch)) {
                for (Path f : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(f);
                }
            }
        }
    }

    private static ImageEvaluation measure(
            Inputs in, int promptIndex, String prompt, long seed, SampleWriter.Sample sample) {
        PromptBatch prompts = PromptBatch.of(List.of(prompt));
        double before = score(in.reward(), sample.base(), prompts);
        double after = score(in.reward(), sample.tuned(), prompts);
        Map<String, double[]> others = new LinkedHashMap<>();
        in.otherRewards()
                .forEach((name, reward) -> others.put(
                        name,
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
            MaskedScores m = MaskedMetrics.perImage(
                            sample.tuned(),
                            sample.base(),
                            sample.region().mask().values(),
                            PsnrVariant.EXACT)
                    .get(0);
            psnrIn = m.psnrInside();
            psnrOut = m.psnrOutside();
            ssimIn = m.ssimInside();
            ssimOut = m.ssimOutside();
            fraction = m.insideFraction();
        }
        return new ImageEvaluation(
                promptIndex,
                prompt,
                seed,
                before,
                after,
                others,
                psnr,
                ssim,
                lpips,
                psnrIn,
                psnrOut,
                ssimIn,
                ssimOut,
                fraction);
    }

    private static double score(Reward reward, NDArray image, PromptBatch prompts) {
        return reward.score(new ImageBatch(image), prompts)
                .reward()
                .toType(ai.djl.ndarray.types.DataType.FLOAT64, false)
                .getDouble(0);
    }

    private static EvaluationSummary summarise(Inputs in, List<ImageEvaluation> images, List<ProbeResult> probes) {
        int n = images.size();
        double[] before =
                images.stream().mapToDouble(ImageEvaluation::rewardBefore).toArray();
        double[] after =
                images.stream().mapToDouble(ImageEvaluation::rewardAfter).toArray();
        ChangeRates rates = ChangeRates.of(before, after, in.margin());
        Map<String, Double> otherChange = new LinkedHashMap<>();
        Map<String, Double> otherDegrade = new LinkedHashMap<>();
        for (String name : in.otherRewards().keySet()) {
            double[] b = images.stream()
                    .mapToDouble(i -> i.otherRewards().get(name)[0])
                    .toArray();
            double[] a = images.stream()
                    .mapToDouble(i -> i.otherRewards().get(name)[1])
                    .toArray();
            otherChange.put(name, mean(a) - mean(b));
            otherDegrade.put(name, ChangeRates.of(b, a, in.margin()).degradeRate());
        }
        return new EvaluationSummary(
                in.method(),
                in.parameters().getOrDefault(FineTuner.BETA, Double.NaN),
                in.parameters(),
                n,
                mean(before),
                mean(after),
                mean(images.stream().mapToDouble(i -> capped(i.psnr())).toArray()),
                mean(images.stream().mapToDouble(ImageEvaluation::ssim).toArray()),
                mean(images.stream().mapToDouble(ImageEvaluation::lpips).toArray()),
                mean(images.stream().mapToDouble(i -> capped(i.psnrOutside())).toArray()),
                mean(images.stream().mapToDouble(i -> capped(i.psnrInside())).toArray()),
                rates.improveRate(),
                rates.degradeRate(),
                in.margin(),
                otherChange,
                otherDegrade,
                probes,
                images);
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
