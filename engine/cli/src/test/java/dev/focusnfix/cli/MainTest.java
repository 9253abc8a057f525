package dev.focusnfix.cli;

import static dev.focusnfix.core.testing.TestPluginBuilder.plugin;
import static dev.focusnfix.core.testing.TestPluginBuilder.rewardSource;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {

    /**
     * A backbone that claims FakePipeline folders and whose open() fails at run time, and a tuner; enough to drive
     * validate, run and generate.
     */
    private static final String PARTS =
            """
            package test.parts;

            import dev.focusnfix.api.*;
            import dev.focusnfix.api.options.*;
            import org.pf4j.Extension;

            public class Parts {
                @Extension
                public static class Backbone implements DiffusionBackbone<NoOptions> {
                    public String id() { return "fake-backbone"; }
                    public Class<NoOptions> optionsType() { return NoOptions.class; }
                    public boolean canOpen(java.nio.file.Path folder) {
                        try {
                            return java.nio.file.Files.readString(folder.resolve("model_index.json"))
                                    .contains("FakePipeline");
                        } catch (java.io.IOException e) {
                            return false;
                        }
                    }
                    public DiffusionPipeline open(BackboneSettings s, NoOptions o, ExtensionContext c) {
                        throw new IllegalStateException("cannot map weights: disk on fire");
                    }
                }

                public record TunerOptions(@DefaultValue("5e-4") double beta) {}

                @Extension
                public static class Tuner implements FineTuner<TunerOptions> {
                    public String id() { return "fake-tuner"; }
                    public Class<TunerOptions> optionsType() { return TunerOptions.class; }
                    public TuningResult tune(TunerOptions o, TuningContext c) {
                        throw new UnsupportedOperationException();
                    }
                }
            }
            """;

    private static final String EXPERIMENT =
            """
            seed: 3
            device: cpu
            backbone:
              plugin: fake-backbone
              model: model
              resolution: 32
              steps: 2
            reward:
              plugin: good
            tuner:
              plugin: fake-tuner
              beta: 1.0e-3
            prompts:
              train: [a circle on a blue background]
            output: runs
            """;

    @TempDir
    Path dir;

    private Path plugins;
    private Path experiment;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void setUp() throws Exception {
        plugins = Files.createDirectories(dir.resolve("plugins"));
        plugin("fake-parts")
                .source("test.parts.Parts", PARTS)
                .source("test.parts.Good", rewardSource("test.parts", "Good", "good", ""))
                .buildInto(plugins);
        Files.createDirectories(dir.resolve("model"));
        Files.writeString(dir.resolve("model/model_index.json"), "{}");
        experiment = dir.resolve("exp.yaml");
        Files.writeString(experiment, EXPERIMENT);
    }

    private int run(String... args) {
        return Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    private String withPlugins(String yaml) throws Exception {
        Files.writeString(experiment, yaml);
        return experiment.toString();
    }

    @Test
    void versionAndHelpOnEveryCommandExitZero() {
        assertEquals(0, run("--version"));
        assertTrue(out.toString().startsWith("framework 0.1.0"), out.toString());
        for (String command : new String[] {"run", "validate", "plugins"}) {
            assertEquals(0, run(command, "--help"), command);
        }
        assertEquals(0, run("--help"));
        assertTrue(out.toString().contains("Usage: framework"), out.toString());
    }

    @Test
    void unknownOptionIsBadInput() {
        assertEquals(Main.BAD_INPUT, run("validate", "--frobnicate", experiment.toString()));
        assertTrue(err.toString().contains("Unknown option: '--frobnicate'"), err.toString());
    }

    @Test
    void pluginsListsExtensionsByKind() {
        assertEquals(0, run("plugins", "--plugins-dir", plugins.toString()));
        String text = out.toString();
        assertTrue(
                text.contains("fake-parts")
                        && text.contains("fake-backbone")
                        && text.contains("fake-tuner")
                        && text.contains("good"),
                text);
    }

    @Test
    void validateAcceptsAGoodExperiment() {
        assertEquals(0, run("validate", experiment.toString(), "--plugins-dir", plugins.toString()));
        assertTrue(out.toString().contains("is valid: backbone fake-backbone, reward good"), out.toString());
    }

    @Test
    void badYamlIsBadInputWithPositionAndNoStackTrace() throws Exception {
        String path = withPlugins(EXPERIMENT.replace("steps: 2", "steps: two"));
        assertEquals(Main.BAD_INPUT, run("validate", path, "--plugins-dir", plugins.toString()));
        assertTrue(
                err.toString()
                        .contains("exp.yaml:7:10: backbone.steps: expected a whole number, got the text " + "'two'"),
                err.toString());
        assertFalse(err.toString().contains("\tat "), "no stack trace for bad input");
    }

    @Test
    void unknownPluginIdIsBadInputWithSuggestion() throws Exception {
        String path = withPlugins(EXPERIMENT.replace("plugin: fake-tuner", "plugin: fake-tunr"));
        assertEquals(Main.BAD_INPUT, run("validate", path, "--plugins-dir", plugins.toString()));
        assertTrue(
                err.toString()
                        .contains("exp.yaml:11:11: tuner.plugin: unknown tuner plugin 'fake-tunr'; did "
                                + "you mean 'fake-tuner'?"),
                err.toString());
    }

    @Test
    void validateRefusesBfloat16WithTheReasonAndNothingIsWritten() throws Exception {
        String path = withPlugins(EXPERIMENT.replace("device: cpu", "device: auto\ndtype: bfloat16"));
        assertEquals(Main.BAD_INPUT, run("validate", path, "--plugins-dir", plugins.toString()));
        String message = err.toString();
        assertTrue(
                message.contains("exp.yaml:3:8: dtype: bfloat16 is not supported: DJL 0.35.1's PyTorch JNI "
                        + "aborts the JVM on bfloat16 tensors; use float16 on a GPU, or float32"),
                message);
        assertFalse(message.contains("\tat "), "no stack trace for bad input");

        err.getBuffer().setLength(0);
        assertEquals(Main.BAD_INPUT, run("run", path, "--plugins-dir", plugins.toString()));
        assertTrue(err.toString().contains("dtype: bfloat16 is not supported"), err.toString());
        assertFalse(Files.exists(dir.resolve("runs/exp")), "refused before the run folder is made");
    }

    @Test
    void validateRefusesHalfPrecisionOnTheCpu() throws Exception {
        String path = withPlugins(EXPERIMENT.replace("device: cpu", "device: cpu\ndtype: float16"));
        assertEquals(Main.BAD_INPUT, run("validate", path, "--plugins-dir", plugins.toString()));
        assertTrue(
                err.toString()
                        .contains("exp.yaml:3:8: dtype: float16 needs a GPU, but the run would compute on "
                                + "the CPU (device 'cpu'); on the CPU use float32"),
                err.toString());

        err.getBuffer().setLength(0);
        assertEquals(
                Main.BAD_INPUT,
                run("validate", experiment.toString(), "--plugins-dir", plugins.toString(), "--set", "dtype=float16"));
        assertTrue(err.toString().contains("dtype: float16 needs a GPU"), err.toString());
    }

    @Test
    void setOverrideErrorsNameTheCommandLine() {
        assertEquals(
                Main.BAD_INPUT,
                run("validate", experiment.toString(), "--plugins-dir", plugins.toString(), "--set", "tuner.beta=abc"));
        assertTrue(err.toString().contains("--set tuner.beta=abc: tuner.beta: expected a number"), err.toString());
    }

    @Test
    void missingExperimentFileIsBadInput() {
        assertEquals(
                Main.BAD_INPUT,
                run("validate", dir.resolve("none.yaml").toString(), "--plugins-dir", plugins.toString()));
        assertTrue(err.toString().contains("none.yaml does not exist"), err.toString());
    }

    @Test
    void generateOpensTheFolderWithTheBackboneThatClaimsItAndNamesTheClassWhenNoneDoes() throws Exception {
        Path fake = Files.createDirectories(dir.resolve("fake-model"));
        Files.writeString(fake.resolve("model_index.json"), "{\"_class_name\": \"FakePipeline\"}");
        assertEquals(
                Main.FAILURE,
                run(
                        "generate",
                        "--model",
                        fake.toString(),
                        "--prompt",
                        "a circle",
                        "--out",
                        dir.resolve("out").toString(),
                        "--plugins-dir",
                        plugins.toString()));
        assertTrue(err.toString().contains("disk on fire"), "the plugin's backbone was chosen: " + err);

        err.getBuffer().setLength(0);
        Path unclaimed = Files.createDirectories(dir.resolve("other-model"));
        Files.writeString(unclaimed.resolve("model_index.json"), "{\"_class_name\": \"NobodysPipeline\"}");
        assertEquals(
                Main.BAD_INPUT,
                run(
                        "generate",
                        "--model",
                        unclaimed.toString(),
                        "--prompt",
                        "a circle",
                        "--out",
                        dir.resolve("out").toString(),
                        "--plugins-dir",
                        plugins.toString()));
        assertTrue(
                err.toString().contains("no installed backbone opens")
                        && err.toString().contains("NobodysPipeline")
                        && err.toString().contains("fake-backbone"),
                err.toString());
    }

    @Test
    void failureWhileRunningExitsOneAndDebugAddsTheStackTrace() {
        assertEquals(Main.FAILURE, run("run", experiment.toString(), "--plugins-dir", plugins.toString()));
        assertTrue(
                err.toString().contains("failed: IllegalStateException: cannot map weights: disk on fire"),
                err.toString());
        assertTrue(err.toString().contains("--debug"), err.toString());
        assertFalse(err.toString().contains("\tat "), "stack traces only with --debug");
        assertTrue(Files.exists(dir.resolve("runs/exp/experiment.yaml")), "resolved experiment written first");

        err.getBuffer().setLength(0);
        assertEquals(Main.FAILURE, run("run", experiment.toString(), "--plugins-dir", plugins.toString(), "--debug"));
        assertTrue(err.toString().contains("\tat "), "stack trace with --debug");
    }

    @Test
    void runNamesAndOutputsThatLeaveTheirFolderAreRefusedAndNothingIsWritten() throws Exception {
        for (String bad : new String[] {
            "name=../../x", "name=/tmp/abs", "name=..", "name=.", "name=a/b", "name=\"a\\nb\"", "output=/proc/self/x"
        }) {
            err.getBuffer().setLength(0);
            assertEquals(
                    Main.BAD_INPUT,
                    run("run", experiment.toString(), "--plugins-dir", plugins.toString(), "--set", bad),
                    bad);
            assertTrue(
                    err.toString()
                            .contains(
                                    bad.startsWith("name") ? "is not a valid run name" : "a system pseudo file system"),
                    err.toString());
            assertFalse(err.toString().contains("\tat "), "no stack trace for bad input");
        }
        Files.writeString(dir.resolve("a-file"), "x");
        assertEquals(
                Main.BAD_INPUT,
                run("validate", experiment.toString(), "--plugins-dir", plugins.toString(), "--set", "output=a-file"));
        assertTrue(err.toString().contains("a-file exists and is not a folder"), err.toString());
        try (var files = Files.walk(dir)) {
            assertEquals(
                    List.of(),
                    files.filter(f -> f.toString().contains("runs") || f.endsWith("x") || f.endsWith("abs"))
                            .toList(),
                    "nothing was written");
        }
    }

    @Test
    void oneValidateReportsErrorsInThreeSectionsWithSuggestionsForFrameworkKeys() throws Exception {
        String path = withPlugins(EXPERIMENT
                .replace("  steps: 2", "  stepz: 2")
                .replace("seed: 3", "sede: 3")
                .replace("beta: 1.0e-3", "bta: 1.0e-3"));
        assertEquals(Main.BAD_INPUT, run("validate", path, "--plugins-dir", plugins.toString()));
        String message = err.toString();
        assertTrue(
                message.contains("error: 3 problems:\n"
                        + "exp.yaml:1:1: sede: unknown key; did you mean 'seed'?\n"
                        + "exp.yaml:7:3: backbone.stepz: unknown key; did you mean 'steps'?\n"
                        + "exp.yaml:12:3: tuner.bta: unknown key; did you mean 'beta'?"),
                message);
        assertFalse(message.contains("\tat "), "no stack trace for bad input");
    }

    @Test
    void validateChecksTheDevice() {
        org.junit.jupiter.api.Assumptions.assumeTrue(
                ai.djl.engine.Engine.getInstance().getGpuCount() == 0, "this machine has a GPU");
        assertEquals(
                Main.BAD_INPUT,
                run("validate", experiment.toString(), "--plugins-dir", plugins.toString(), "--set", "device=gpu"));
        assertTrue(
                err.toString().contains("exp.yaml: device: device 'gpu' requested, but 0 GPU(s) are visible")
                        || err.toString().contains("device: device 'gpu' requested, but 0 GPU(s) are visible"),
                err.toString());
    }

    @Test
    void rerunningOverAnEarlierRunGivesTheExactCommandForEachWayOut() throws Exception {
        Files.createDirectories(dir.resolve("runs/exp/checkpoints"));
        Files.writeString(dir.resolve("runs/exp/checkpoints/step-000002.safetensors"), "x");
        Files.createDirectories(dir.resolve("runs/exp-2"));
        assertEquals(
                Main.BAD_INPUT,
                run("run", experiment.toString(), "--plugins-dir", plugins.toString(), "--set", "tuner.beta=2e-3"));
        String command = "framework run " + experiment + " --set tuner.beta=2e-3";
        String message = err.toString();
        assertTrue(
                message.contains(dir.resolve("runs/exp") + " already holds an earlier run (checkpoints/). "
                        + "Either:\n  continue it:           " + command + " --resume\n"
                        + "  run under a new name:  " + command + " --set name=exp-3\n"
                        + "  or in a new folder:    " + command + " --set output=" + dir.resolve("runs-2")),
                message);
    }

    @Test
    void pluginsDirAddsToTheBuiltInPluginsAndPluginsDirOnlyReplacesThem() throws Exception {
        Path home = Files.createDirectories(dir.resolve("home"));
        plugin("builtin-one")
                .source("test.b1.B1", rewardSource("test.b1", "B1", "builtin-one", ""))
                .buildInto(home.resolve("plugins"));
        Files.write(plugins.resolve("corrupt.jar"), new byte[] {'P', 'K', 3, 4, 9, 9});
        String previous = System.getProperty("focusnfix.home");
        System.setProperty("focusnfix.home", home.toString());
        try {
            assertEquals(0, run("plugins", "--plugins-dir", plugins.toString()));
            String text = out.toString();
            assertTrue(text.contains("builtin-one") && text.contains("fake-tuner"), text);
            assertTrue(
                    text.contains("Plugins folder: " + home.resolve("plugins"))
                            && text.contains("Plugins folder: " + plugins),
                    text);
            String corrupt = text.lines()
                    .filter(l -> l.contains("corrupt.jar: "))
                    .findFirst()
                    .orElseThrow();
            assertTrue(corrupt.contains("not a loadable plugin: the file is not a jar (zip) archive"), corrupt);
            assertFalse(text.contains("\tat ") || err.toString().contains("\tat "), "no stack trace:\n" + err);
            String sha = PluginsCommand.sha256(plugins.resolve("corrupt.jar"));
            assertEquals(
                    java.util.HexFormat.of()
                            .formatHex(java.security.MessageDigest.getInstance("SHA-256")
                                    .digest(new byte[] {'P', 'K', 3, 4, 9, 9})),
                    sha);
            assertTrue(text.contains("  " + sha + "  " + plugins.resolve("corrupt.jar")), text);
            assertTrue(
                    text.contains(PluginsCommand.sha256(plugins.resolve("fake-parts.jar")) + "  "
                            + plugins.resolve("fake-parts.jar")),
                    text);

            out.getBuffer().setLength(0);
            assertEquals(0, run("plugins", "--plugins-dir-only", plugins.toString()));
            assertFalse(out.toString().contains("builtin-one"), out.toString());
            assertTrue(out.toString().contains("fake-tuner"), out.toString());
        } finally {
            if (previous == null) {
                System.clearProperty("focusnfix.home");
            } else {
                System.setProperty("focusnfix.home", previous);
            }
        }
    }

    @Test
    void sweepAppliesTheFixedOverridesToEveryRun() {
        List<String> given = List.of("tuner.beta=2,4", "tuner.steps=2", "prompts.train=[a, b]");
        List<String> fixed = SweepCommand.fixedOverrides(given);
        assertEquals(List.of("tuner.steps=2", "prompts.train=[a, b]"), fixed);
        List<List<String>> runs = SweepCommand.combinations(given).stream()
                .map(c -> SweepCommand.runOverrides(fixed, c, "exp"))
                .toList();
        assertEquals(
                List.of(
                        List.of("tuner.steps=2", "prompts.train=[a, b]", "tuner.beta=2", "name=exp-beta2"),
                        List.of("tuner.steps=2", "prompts.train=[a, b]", "tuner.beta=4", "name=exp-beta4")),
                runs);
    }
}
