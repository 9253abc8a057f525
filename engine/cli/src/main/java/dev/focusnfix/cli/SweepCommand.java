package dev.focusnfix.cli;

import dev.focusnfix.core.FrameworkRuntime;
import dev.focusnfix.core.experiment.Experiment;
import dev.focusnfix.core.experiment.ExperimentLoader;
import dev.focusnfix.core.run.RunOptions;
import dev.focusnfix.evaluation.tables.ComparisonTable;
import dev.focusnfix.evaluation.tables.MethodResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code framework sweep EXP.yaml --set tuner.beta=0,1e-4,5e-4}: one run per value (the cartesian product when several
 * keys have lists), each evaluated, then one comparison with the reward-gain-against-image-change charts (the paper's
 * Fig. 7; beta = 0 is DRaFT).
 */
@Command(
        name = "sweep",
        mixinStandardHelpOptions = true,
        description = "Run an experiment once per value of --set KEY=V1,V2,... and compare the runs (table and "
                + "charts of reward gain against PSNR/SSIM/LPIPS) in <output>/<name>-sweep/.")
public final class SweepCommand implements Callable<Integer> {

    @ParentCommand
    private FrameworkCommand root;

    @Mixin
    private ExperimentOptions experiment;

    @Option(names = "--resume", description = "Continue each run from its latest checkpoint.")
    private boolean resume;

    @Mixin
    private ExecutionOptions execution;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        List<List<String>> combinations = combinations(experiment.overrides);
        List<String> fixed = fixedOverrides(experiment.overrides);
        Experiment base = ExperimentLoader.load(experiment.file, fixed);
        List<Path> runs = new ArrayList<>();
        try (FrameworkRuntime runtime = root.startRuntime()) {
            for (List<String> combination : combinations) {
                List<String> overrides = runOverrides(fixed, combination, base.name());
                overrides.addAll(execution.overrides());
                ExperimentOptions one = new ExperimentOptions();
                one.file = experiment.file;
                one.overrides = overrides;
                var validated = ValidateCommand.validate(runtime, one);
                spec.commandLine()
                        .getOut()
                        .println("sweep: running " + validated.experiment().name());
                runs.add(runtime.open(validated, RunOptions.of(resume, false))
                        .run()
                        .runDirectory());
            }
        }
        List<MethodResult> rows = CompareCommand.results(runs);
        ComparisonTable table = ComparisonTable.ofMethods(rows);
        Path folder = base.spec().output().resolve(base.name() + "-sweep");
        CompareCommand.write(folder, "sweep", "Sweep of " + base.name(), table, rows);
        spec.commandLine().getOut().print(table.toMarkdown());
        spec.commandLine().getOut().println("sweep report: " + folder.resolve("sweep.html"));
        return Main.OK;
    }

    /** Every combination of the swept values, each as a list of single-value overrides. */
    static List<List<String>> combinations(List<String> overrides) {
        List<List<String>> result = new ArrayList<>(List.of(new ArrayList<>()));
        boolean swept = false;
        for (String override : overrides) {
            int eq = override.indexOf('=');
            if (eq <= 0) {
                throw new BadInputException("--set " + override + ": expected KEY=VALUE or KEY=V1,V2,...");
            }
            List<String> values = splitTopLevel(override.substring(eq + 1));
            if (values.size() < 2) {
                continue;
            }
            swept = true;
            List<List<String>> next = new ArrayList<>();
            for (List<String> partial : result) {
                for (String v : values) {
                    List<String> extended = new ArrayList<>(partial);
                    extended.add(override.substring(0, eq) + "=" + v);
                    next.add(extended);
                }
            }
            result = next;
        }
        if (!swept) {
            throw new BadInputException("sweep needs at least one --set KEY=V1,V2,... with two or more values");
        }
        return result;
    }

    /**
     * The overrides of one run of the sweep: every fixed {@code --set} (in the order given), then the swept values
     * of this combination, then the run's name.
     */
    static List<String> runOverrides(List<String> fixed, List<String> combination, String baseName) {
        List<String> overrides = new ArrayList<>(fixed);
        overrides.addAll(combination);
        overrides.add("name=" + baseName + suffix(combination));
        return overrides;
    }

    /** The {@code --set} values that are not swept (a single value), applied to every run. */
    static List<String> fixedOverrides(List<String> overrides) {
        return overrides.stream()
                .filter(o -> o.indexOf('=') > 0
                        && splitTopLevel(o.substring(o.indexOf('=') + 1)).size() < 2)
                .toList();
    }

    private static String suffix(List<String> combination) {
        StringBuilder sb = new StringBuilder();
        for (String c : combination) {
            String key = c.substring(0, c.indexOf('='));
            String leaf = key.substring(key.lastIndexOf('.') + 1);
            sb.append('-').append(leaf).append(c.substring(c.indexOf('=') + 1).replaceAll("[^A-Za-z0-9.+-]", "_"));
        }
        return sb.toString();
    }

    /** Splits on commas outside brackets and quotes: {@code 0,1e-4} gives two values, {@code [1,2]} one. */
    static List<String> splitTopLevel(String text) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        boolean quoted = false;
        StringBuilder current = new StringBuilder();
        for (char ch : text.toCharArray()) {
            if (ch == '"' || ch == '\'') {
                quoted = !quoted;
            } else if (!quoted && (ch == '[' || ch == '{')) {
                depth++;
            } else if (!quoted && (ch == ']' || ch == '}')) {
                depth--;
            } else if (!quoted && depth == 0 && ch == ',') {
                parts.add(current.toString().trim());
                current.setLength(0);
                continue;
            }
            current.append(ch);
        }
        parts.add(current.toString().trim());
        return parts;
    }
}
