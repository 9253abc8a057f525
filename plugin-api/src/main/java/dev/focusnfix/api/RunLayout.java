package dev.focusnfix.api;

import java.nio.file.Path;

/**
 * The names of the files and folders of a run folder ({@code <output>/<name>/}), the one place they are spelled:
 * the framework writes and reads them, tuners write theirs ({@link TuningContext#runDirectory()}) under these names,
 * and tools that read run folders can rely on them. Paths are relative to the run folder.
 */
@Stable(since = "0.1.0")
public final class RunLayout {

    /** The resolved experiment the run was started with. */
    public static final String EXPERIMENT = "experiment.yaml";
    /** Where the experiment came from ({@code experimentDirectory}, {@code experimentFile}), as Java properties. */
    public static final String RUN_INFO = "run.properties";
    /** The per-step training metrics, one JSON object per line (see {@link MetricsRecord}). */
    public static final String METRICS = "metrics.jsonl";
    /** The folder of the training checkpoints, written atomically. */
    public static final String CHECKPOINTS = "checkpoints";
    /** The folder of the trained adapters. */
    public static final String ADAPTER_FOLDER = "adapter";
    /** The final LoRA adapter (PEFT format), relative to the run folder. */
    public static final String FINAL_ADAPTER = ADAPTER_FOLDER + "/final.safetensors";
    /** The folder of the evaluation images: per prompt and seed base, tuned, mask, saliency, difference. */
    public static final String SAMPLES = "samples";
    /** The evaluation summary. */
    public static final String EVALUATION = "evaluation.json";
    /** The run's HTML report. */
    public static final String REPORT = "report.html";
    /** The grid of base and tuned evaluation images. */
    public static final String CONTACT_SHEET = "contact-sheet.png";
    /**
     * The file a tuner that produces a sampling procedure instead of weights writes to describe it, with the
     * tuner's id in front: {@code reward-guidance.json}.
     */
    public static final String PROCEDURE_SUFFIX = ".json";

    private RunLayout() {}

    /** The procedure file of tuner {@code tunerId} ({@code reward-guidance} writes {@code reward-guidance.json}). */
    public static String procedureFile(String tunerId) {
        return tunerId + PROCEDURE_SUFFIX;
    }

    /** {@code name} inside {@code runDirectory}. */
    public static Path in(Path runDirectory, String name) {
        return runDirectory.resolve(name);
    }
}
