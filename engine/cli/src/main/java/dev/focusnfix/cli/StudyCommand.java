package dev.focusnfix.cli;

import dev.focusnfix.api.options.DefaultValue;
import dev.focusnfix.core.FrameworkRuntime;
import dev.focusnfix.core.config.ConfigMap;
import dev.focusnfix.core.config.ConfigScalar;
import dev.focusnfix.core.config.Location;
import dev.focusnfix.core.config.Overrides;
import dev.focusnfix.core.config.YamlLoader;
import dev.focusnfix.core.evaluation.EvaluationFiles;
import dev.focusnfix.core.evaluation.EvaluationSummary;
import dev.focusnfix.core.evaluation.ProbeResult;
import dev.focusnfix.core.experiment.Experiment;
import dev.focusnfix.core.experiment.ExperimentLoader;
import dev.focusnfix.core.experiment.RunFolderPolicy;
import dev.focusnfix.core.experiment.ValidatedExperiment;
import dev.focusnfix.core.run.RunOptions;
import dev.focusnfix.evaluation.report.HtmlReport;
import dev.focusnfix.evaluation.tables.Column;
import dev.focusnfix.evaluation.tables.ComparisonTable;
import dev.focusnfix.evaluation.tables.MethodResult;
import dev.focusnfix.nn.io.AtomicFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code framework study STUDY.yaml}: several variants of one experiment (different tuners, betas, region functions)
 * with the same seeds and budget, each run and evaluated, then compared in one table and report.
 */
@Command(
        name = "study",
        mixinStandardHelpOptions = true,
        description = "Run every variant of a study file (an experiment plus per-run replacements), evaluate each "
                + "on the same held-out prompts and seeds, and write <output>/<study>/study.{md,csv,html}.")
public final class StudyCommand implements Callable<Integer> {

    /**
     * A study file.
     *
     * @param name the study's name (its folder under the experiment's output)
     * @param experiment the base experiment file, relative to the study file
     * @param runs the variants
     */
    public record StudySpec(String name, Path experiment, List<Variant> runs) {}

    /**
     * One variant: a run name and the values it replaces (dotted key paths; a map replaces a whole section).
     *
     * @param name the run's name suffix
     * @param set the replacements
     */
    public record Variant(String name, @DefaultValue("{}") ConfigMap set) {}

    @ParentCommand
    private FrameworkCommand root;

    @Parameters(index = "0", paramLabel = "STUDY.yaml", description = "The study file.")
    private Path file;

    @Option(
            names = "--only",
            paramLabel = "RUN",
            description =
                    "Run only these variants (repeatable); the table " + "still includes every evaluated variant.")
    private List<String> only = new ArrayList<>();

    @Option(names = "--resume", description = "Continue each run from its latest checkpoint.")
    private boolean resume;

    @Mixin
    private ExecutionOptions execution;

    @Option(
            names = "--set",
            paramLabel = "KEY.PATH=VALUE",
            description = "Override a value of every variant's "
                    + "experiment, after the variant's own replacements, e.g. --set tuner.steps=10 (repeatable).")
    private List<String> overrides = new ArrayList<>();

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Path studyFile = file.toAbsolutePath().normalize();
        StudySpec study =
                ExperimentLoader.binder(studyFile.getParent()).bind(YamlLoader.load(studyFile), StudySpec.class, "");
        // The study's folder is <output>/<name>: one safe folder name, like a run's.
        RunFolderPolicy.checkName(
                study.name(), new Location(studyFile.getFileName().toString(), 0, 0));
        Path baseFile = study.experiment();
        ConfigMap base = YamlLoader.load(baseFile);
        List<Path> runs = new ArrayList<>();
        try (FrameworkRuntime runtime = root.startRuntime()) {
            for (Variant variant : study.runs()) {
                ConfigMap tree = base;
                for (Map.Entry<String, ConfigMap.Entry> e :
                        variant.set().entries().entrySet()) {
                    tree = Overrides.replace(tree, e.getKey(), e.getValue().value());
                }
                tree = Overrides.apply(tree, overrides);
                String runName = study.name() + "-" + variant.name();
                tree = Overrides.replace(
                        tree,
                        "name",
                        new ConfigScalar(
                                runName,
                                runName,
                                new Location(studyFile.getFileName().toString(), 0, 0)));
                tree = Overrides.apply(tree, execution.overrides());
                Experiment experiment = ExperimentLoader.fromTree(tree, baseFile, baseFile.getParent());
                ValidatedExperiment validated = runtime.validate(experiment);
                Path runDir = experiment.runDirectory().toAbsolutePath();
                runs.add(runDir);
                if (!only.isEmpty() && !only.contains(variant.name())) {
                    continue;
                }
                spec.commandLine().getOut().println("study " + study.name() + ": running " + variant.name());
                runtime.open(validated, RunOptions.of(resume, false)).run();
            }
        }
        List<Path> evaluated = runs.stream()
                .filter(r -> Files.exists(r.resolve(EvaluationSummary.FILE)))
                .toList();
        List<MethodResult> rows = CompareCommand.results(evaluated);
        ComparisonTable table = ComparisonTable.ofMethods(rows);
        ComparisonTable probes = probeTable(evaluated);
        Path folder = evaluated.isEmpty()
                ? studyFile.getParent()
                : evaluated.get(0).getParent().resolve(study.name());
        Files.createDirectories(folder);
        String markdown = table.toMarkdown() + (probes == null ? "" : "\n" + probes.toMarkdown());
        AtomicFiles.writeString(folder.resolve("study.md"), markdown);
        AtomicFiles.writeString(folder.resolve("study.csv"), table.toCsv());
        HtmlReport.Builder report = HtmlReport.builder("Study " + study.name())
                .table("Against the base model", table)
                .betaSweep(rows);
        if (probes != null) {
            report.table("Forgetting probes: share of images below the probe threshold", probes);
        }
        report.build().write(folder.resolve("study.html"));
        spec.commandLine().getOut().print(markdown);
        spec.commandLine().getOut().println("study report: " + folder.resolve("study.html"));
        return Main.OK;
    }

    private static ComparisonTable probeTable(List<Path> runs) throws java.io.IOException {
        ComparisonTable.Builder table = ComparisonTable.builder(
                Column.text("run"),
                Column.text("probe"),
                Column.exact("images"),
                Column.percent("base", 0),
                Column.percent("tuned", 0));
        boolean any = false;
        for (Path run : runs) {
            for (ProbeResult p :
                    EvaluationFiles.read(run.resolve(EvaluationSummary.FILE)).probes()) {
                table.row(run.getFileName().toString(), p.name(), p.images(), p.shareBefore(), p.shareAfter());
                any = true;
            }
        }
        return any ? table.build() : null;
    }
}
