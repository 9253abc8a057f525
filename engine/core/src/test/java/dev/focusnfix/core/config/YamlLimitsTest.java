package dev.focusnfix.core.config;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.focusnfix.core.testing.YamlBombs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Experiment files are bounded: size, scalar length, nesting, aliases and alias expansion, each with a clear error. */
class YamlLimitsTest {

    private static final Duration FAST = Duration.ofSeconds(5);

    @TempDir
    Path dir;

    private ConfigException refused(Path file) {
        return assertTimeoutPreemptively(FAST, () -> assertThrows(ConfigException.class, () -> YamlLoader.load(file)));
    }

    @Test
    void aFiftyMegabyteFileIsRefusedWithinFiveSeconds() throws Exception {
        Path file = dir.resolve("big.yaml");
        YamlBombs.writeLarge(file, 50L << 20);
        ConfigException e = refused(file);
        assertTrue(
                e.getMessage().contains("big.yaml") && e.getMessage().contains("more than the limit of 8388608"),
                e.getMessage());
    }

    @Test
    void aFortyEightLevelAliasBombIsRefusedWithinFiveSeconds() throws Exception {
        Path file = Files.writeString(dir.resolve("bomb.yaml"), YamlBombs.billionLaughs(48));
        ConfigException e = refused(file);
        assertTrue(
                e.getMessage().contains("bomb.yaml") && e.getMessage().contains("more than 50 aliases"),
                e.getMessage());
    }

    @Test
    void anAliasExpansionWithinTheAliasLimitIsStillBounded() throws Exception {
        // 24 levels use 48 aliases (under SnakeYAML's limit of 50) but expand to 2^24 values.
        Path file = Files.writeString(dir.resolve("wide.yaml"), YamlBombs.billionLaughs(24));
        ConfigException e = refused(file);
        assertTrue(e.getMessage().contains("expands to more than 100000 values"), e.getMessage());
    }

    @Test
    void aHugeScalarIsRefused() throws Exception {
        Path file = Files.writeString(dir.resolve("scalar.yaml"), "name: " + "x".repeat(1 << 20) + "\n");
        ConfigException e = refused(file);
        assertTrue(
                e.getMessage()
                        .contains(
                                "scalar.yaml:1:1: line 1 has 1048582 characters; a value may have at" + " most 65536"),
                e.getMessage());
        // A long value over several lines (a folded block scalar) is caught after parsing.
        Path folded = Files.writeString(
                dir.resolve("folded.yaml"), "name: >\n" + ("  " + "x".repeat(1000) + "\n").repeat(100));
        ConfigException f = refused(folded);
        assertTrue(
                f.getMessage()
                        .contains("folded.yaml:1:7: name: a value of 100100 characters is longer than the"
                                + " limit of 65536"),
                f.getMessage());
    }

    @Test
    void deepNestingIsRefused() throws Exception {
        Path file = Files.writeString(dir.resolve("deep.yaml"), YamlBombs.nested(60));
        ConfigException e = refused(file);
        assertTrue(e.getMessage().contains("nested deeper than 50 levels"), e.getMessage());
    }

    @Test
    void aHugeOverrideIsRefusedToo() {
        ConfigException e =
                assertThrows(ConfigException.class, () -> YamlLoader.parse(YamlBombs.billionLaughs(48), "--set"));
        assertTrue(e.getMessage().startsWith("--set"), e.getMessage());
    }

    @Test
    void ordinaryAliasesStillWork() {
        ConfigNode node = YamlLoader.parse("a: &x [1, 2]\nb: *x\n", "ok.yaml");
        assertTrue(node instanceof ConfigMap, String.valueOf(node));
    }
}
