package dev.focusnfix.cli;

import static dev.focusnfix.core.testing.TestPluginBuilder.plugin;
import static dev.focusnfix.core.testing.TestPluginBuilder.rewardSource;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.focusnfix.cli.testing.MalformedInputs;
import dev.focusnfix.cli.testing.MalformedInputs.Case;
import dev.focusnfix.cli.testing.MalformedInputs.Kind;
import dev.focusnfix.cli.testing.MalformedInputs.Workspace;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Walks the malformed-input corpus ({@link MalformedInputs}) through the command line in-process: every case must exit
 * with code 2 (bad input) and print one short message that names the file or option, without a stack trace.
 */
class MalformedInputCorpusTest {

    /** The sd14 backbone over the framework's pipeline, a classifier reward, a reward and a tuner. */
    private static final String PARTS =
            """
            package test.corpus;

            import dev.focusnfix.api.*;
            import dev.focusnfix.api.options.*;
            import org.pf4j.Extension;

            public class Parts {
                @Extension
                public static class Sd14 extends dev.focusnfix.sdk.backbone.DiffusersBackbone {
                    public Sd14() { super("sd14", dev.focusnfix.sdk.backbone.DiffusersFamily.STABLE_DIFFUSION); }
                }

                public record ClassifierOptions(String model) {}

                @Extension
                public static class Classifier implements RewardModel<ClassifierOptions> {
                    public String id() { return "classifier"; }
                    public Class<ClassifierOptions> optionsType() { return ClassifierOptions.class; }
                    public boolean isDifferentiable(ClassifierOptions o) { return true; }
                    public Reward open(ClassifierOptions o, ExtensionContext c) throws java.io.IOException {
                        dev.focusnfix.sdk.reward.ImageClassifier.load(c.models().resolve(o.model()), c.device())
                                .close();
                        throw new IllegalStateException("the corpus has no valid classifier");
                    }
                }

                @Extension
                public static class Tuner implements FineTuner<NoOptions> {
                    public String id() { return "fake-tuner"; }
                    public Class<NoOptions> optionsType() { return NoOptions.class; }
                    public TuningResult tune(NoOptions o, TuningContext c) {
                        throw new IllegalStateException("the corpus never gets to training");
                    }
                }
            }
            """;

    @TempDir
    static Path shared;

    private static Path plugins;

    @BeforeAll
    static void buildPlugins() throws Exception {
        plugins = Files.createDirectories(shared.resolve("plugins"));
        plugin("corpus-parts")
                .source("test.corpus.Parts", PARTS)
                .source("test.corpus.Good", rewardSource("test.corpus", "Good", "good", ""))
                .buildInto(plugins);
    }

    @Test
    void theCorpusCoversEveryKindWithAtLeastSixtyCases() {
        Map<Kind, Integer> counts = new EnumMap<>(Kind.class);
        MalformedInputs.all().forEach(c -> counts.merge(c.kind(), 1, Integer::sum));
        assertTrue(MalformedInputs.all().size() >= 60, "cases: " + counts);
        for (Kind kind : List.of(
                Kind.WEIGHTS, Kind.CONFIG, Kind.TOKENIZER, Kind.CLASSIFIER, Kind.LORA, Kind.YAML, Kind.OPTION)) {
            assertTrue(counts.getOrDefault(kind, 0) >= 3, kind + ": " + counts);
        }
        assertTrue(counts.get(Kind.WEIGHTS) >= 24, "the 24 safetensors kinds of the report: " + counts);
    }

    @Test
    void theUntouchedWorkspaceIsAccepted() throws Exception {
        // Without this, a corpus whose base files were already broken would pass for the wrong reason.
        Workspace w = new Workspace(Files.createDirectories(shared.resolve("good")));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        assertEquals(
                Main.OK,
                Main.execute(
                        w.commandLine(MalformedInputs.Command.GENERATE, plugins),
                        new PrintWriter(out, true),
                        new PrintWriter(err, true)),
                err.toString());
        assertEquals(
                Main.OK,
                Main.execute(
                        w.commandLine(MalformedInputs.Command.VALIDATE, plugins),
                        new PrintWriter(out, true),
                        new PrintWriter(err, true)),
                err.toString());
        assertTrue(Files.list(w.root().resolve("out")).count() == 1, "one image generated");
    }

    @TestFactory
    Stream<DynamicTest> everyMalformedInputIsBadInputWithOneClearMessage() {
        return MalformedInputs.all().stream().map(c -> DynamicTest.dynamicTest(c.toString(), () -> check(c)));
    }

    private static void check(Case c) throws Exception {
        Path root = Files.createTempDirectory(shared, "case");
        Workspace w = new Workspace(root);
        c.setup().apply(w);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        long start = System.nanoTime();
        int code = Main.execute(
                w.commandLine(c.command(), plugins), new PrintWriter(out, true), new PrintWriter(err, true));
        double seconds = (System.nanoTime() - start) / 1e9;
        String message = err.toString();
        assertEquals(Main.BAD_INPUT, code, c + ": " + message);
        assertTrue(message.startsWith("error: "), c + ": " + message);
        assertEquals(
                1,
                message.lines()
                        .filter(l -> l.startsWith("error: ") || l.startsWith("failed: "))
                        .count(),
                c + ": one message: " + message);
        assertFalse(message.contains("\tat "), c + ": no stack trace: " + message);
        assertTrue(message.length() < 2500 && message.lines().count() <= 30, c + ": short: " + message);
        assertTrue(message.contains(c.mustName()), c + ": names " + c.mustName() + ": " + message);
        assertTrue(seconds < 10, c + ": took " + seconds + " s");
        deleteQuietly(root);
    }

    private static void deleteQuietly(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        } catch (java.io.IOException e) {
            // a temp folder; JUnit removes what is left
        }
    }
}
