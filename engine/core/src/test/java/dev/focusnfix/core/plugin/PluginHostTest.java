package dev.focusnfix.core.plugin;

import static dev.focusnfix.core.testing.TestPluginBuilder.plugin;
import static dev.focusnfix.core.testing.TestPluginBuilder.rewardSource;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.focusnfix.api.services.ProgressReporter;
import dev.focusnfix.core.FrameworkRuntime;
import dev.focusnfix.core.services.FrameworkInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginHostTest {

    private static final FrameworkInfo INFO = new FrameworkInfo("0.1.0", Optional.empty());

    @TempDir
    Path plugins;

    private FrameworkRuntime start() {
        return FrameworkRuntime.start(INFO, plugins, ProgressReporter.silent());
    }

    private void goodPlugin(String pluginId, String rewardId) throws Exception {
        String pkg = "test." + pluginId.replace('-', '_');
        plugin(pluginId)
                .source(pkg + ".Good", rewardSource(pkg, "Good", rewardId, ""))
                .buildInto(plugins);
    }

    @Test
    void loadsAPluginJarFromTheFolderAndInjectsFrameworkServices() throws Exception {
        goodPlugin("good-plugin", "good");
        try (FrameworkRuntime runtime = start()) {
            assertEquals(List.of(), runtime.host().problems());
            RegisteredExtension reward =
                    runtime.host().registry().find(ExtensionKind.REWARD, "good").orElseThrow();
            assertEquals("good-plugin", reward.pluginId());
            assertEquals("1.0.0", reward.pluginVersion());
            assertEquals(
                    "injected " + ProgressReporter.silent().getClass().getSimpleName(),
                    reward.extension().description());
            assertTrue(
                    reward.extension().getClass().getClassLoader() instanceof org.pf4j.PluginClassLoader,
                    "the extension must come from the plugin's class loader");
        }
    }

    @Test
    void aMissingFolderHasNoPluginsAndNoProblems() {
        try (FrameworkRuntime runtime =
                FrameworkRuntime.start(INFO, plugins.resolve("absent"), ProgressReporter.silent())) {
            assertEquals(List.of(), runtime.host().problems());
            assertTrue(runtime.host().registry().all(ExtensionKind.REWARD).isEmpty());
        }
    }

    @Test
    void brokenPluginsAreReportedOnceByFileAndTheOthersStillLoad() throws Exception {
        goodPlugin("good-plugin", "good");
        Files.write(plugins.resolve("corrupt.jar"), new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9});
        plugin("no-descriptor")
                .withoutDescriptor()
                .source("test.nd.NdReward", rewardSource("test.nd", "NdReward", "nd", ""))
                .buildInto(plugins);
        plugin("too-new")
                .requires(">=9.0.0")
                .source("test.tn.TnReward", rewardSource("test.tn", "TnReward", "tn", ""))
                .buildInto(plugins);
        plugin("throwing")
                .source(
                        "test.th.ThReward",
                        rewardSource(
                                "test.th",
                                "ThReward",
                                "th",
                                "if (true) throw new IllegalStateException(\"model file missing\");"))
                .buildInto(plugins);

        try (FrameworkRuntime runtime = start()) {
            Map<String, String> problems = runtime.host().problems().stream()
                    .collect(Collectors.toMap(PluginProblem::source, PluginProblem::reason));
            assertEquals(4, runtime.host().problems().size(), () -> "problems: " + problems);
            assertTrue(
                    problems.get("corrupt.jar")
                            .startsWith("not a loadable plugin: the file is not a jar (zip) "
                                    + "archive, or it is corrupt or truncated"),
                    problems::toString);
            assertTrue(problems.containsKey("no-descriptor.jar"), problems::toString);
            assertTrue(
                    problems.get("too-new.jar").contains("requires framework version >=9.0.0, but this is 0.1.0"),
                    problems::toString);
            assertTrue(
                    problems.get("throwing.jar").contains("test.th.ThReward failed to construct")
                            && problems.get("throwing.jar").contains("model file missing"),
                    problems::toString);
            assertTrue(
                    runtime.host().registry().find(ExtensionKind.REWARD, "good").isPresent());
            assertTrue(
                    runtime.host().registry().find(ExtensionKind.REWARD, "tn").isEmpty());
        }
    }

    @Test
    void twoPluginsClaimingOneIdAreReportedNamingBothJarsAndTheOtherExtensionsStillLoad() throws Exception {
        goodPlugin("first-plugin", "same");
        goodPlugin("second-plugin", "same");
        goodPlugin("third-plugin", "other");
        try (FrameworkRuntime runtime = start()) {
            List<PluginProblem> problems = runtime.host().problems();
            assertEquals(1, problems.size(), problems::toString);
            String reason = problems.get(0).reason();
            assertTrue(
                    reason.startsWith("reward id 'same' is claimed by two plugins: first-plugin.jar (plugin "
                            + "first-plugin 1.0.0, test.first_plugin.Good) and second-plugin.jar (plugin second-plugin "
                            + "1.0.0, test.second_plugin.Good)"),
                    reason);
            assertTrue(
                    runtime.host().registry().find(ExtensionKind.REWARD, "same").isEmpty());
            assertEquals(
                    reason.substring(0, reason.indexOf(" (only experiments")),
                    runtime.host()
                            .registry()
                            .conflict(ExtensionKind.REWARD, "same")
                            .orElseThrow()
                            .getMessage());
            assertTrue(runtime.host()
                    .registry()
                    .find(ExtensionKind.REWARD, "other")
                    .isPresent());
        }
    }

    @Test
    void anEmptyJarAndAClassThatFailsToLoadAreEachOneProblemAndTheOthersLoad() throws Exception {
        goodPlugin("good-plugin", "good");
        Files.write(plugins.resolve("empty.jar"), new byte[0]);
        try (var zip = new java.util.zip.ZipOutputStream(Files.newOutputStream(plugins.resolve("hollow.jar")))) {
            zip.putNextEntry(new java.util.zip.ZipEntry("readme.txt"));
            zip.write("no manifest".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        String broken = rewardSource("test.br", "BrReward", "br", "")
                .replace("public class BrReward implements", "public class BrReward extends Base implements");
        plugin("missing-class")
                .source("test.br.Base", "package test.br; public class Base {}")
                .source("test.br.BrReward", broken)
                .omit("test.br.Base")
                .buildInto(plugins);
        try (FrameworkRuntime runtime = start()) {
            Map<String, String> problems = runtime.host().problems().stream()
                    .collect(Collectors.toMap(PluginProblem::source, PluginProblem::reason));
            assertEquals(3, problems.size(), problems::toString);
            assertEquals(
                    "not a loadable plugin: the file is empty (a plugin is a jar with a PF4J descriptor)",
                    problems.get("empty.jar"));
            assertEquals(
                    "not a loadable plugin: the jar has no plugin descriptor (Plugin-Id in META-INF/MANIFEST.MF, "
                            + "or plugin.properties); is it a plugin?",
                    problems.get("hollow.jar"));
            assertEquals(
                    "extension class test.br.BrReward cannot be loaded: ClassNotFoundException: test.br.Base",
                    problems.get("missing-class.jar"));
            problems.values().forEach(r -> assertTrue(!r.contains("\n"), r));
            assertTrue(
                    runtime.host().registry().find(ExtensionKind.REWARD, "good").isPresent());
        }
    }

    @Test
    void extensionsWhoseMetadataIsNullThrowsOrIsMalformedAreSkippedWithTheReason() throws Exception {
        goodPlugin("good-plugin", "good");
        plugin("null-id")
                .source(
                        "test.ni.NiReward",
                        rewardSource("test.ni", "NiReward", "x", "").replace("return \"x\";", "return null;"))
                .buildInto(plugins);
        plugin("throwing-id")
                .source(
                        "test.ti.TiReward",
                        rewardSource("test.ti", "TiReward", "x", "")
                                .replace("return \"x\";", "throw new IllegalStateException(\"no id today\");"))
                .buildInto(plugins);
        plugin("bad-id")
                .source("test.bi.BiReward", rewardSource("test.bi", "BiReward", "Bad_Id", ""))
                .buildInto(plugins);
        plugin("null-options")
                .source(
                        "test.no.NoReward",
                        rewardSource("test.no", "NoReward", "no", "").replace("return Options.class;", "return null;"))
                .buildInto(plugins);
        try (FrameworkRuntime runtime = start()) {
            Map<String, String> problems = runtime.host().problems().stream()
                    .collect(Collectors.toMap(PluginProblem::source, PluginProblem::reason));
            assertEquals(
                    Map.of(
                            "null-id.jar",
                            "extension test.ni.NiReward skipped: its id() returns null",
                            "throwing-id.jar",
                            "extension test.ti.TiReward skipped: its id() throws "
                                    + "IllegalStateException: no id today",
                            "bad-id.jar",
                            "extension test.bi.BiReward skipped: its id 'Bad_Id' is not lower-case words "
                                    + "joined by dashes ([a-z][a-z0-9]*(-[a-z0-9]+)*, e.g. 'focus-n-fix')",
                            "null-options.jar",
                            "extension test.no.NoReward skipped: its optionsType() returns null"),
                    problems);
            assertEquals(
                    List.of("good"),
                    runtime.host().registry().all(ExtensionKind.REWARD).stream()
                            .map(RegisteredExtension::id)
                            .toList());
        }
    }

    @Test
    void theRegistryChecksIdsWithTheContractKitsPattern() {
        assertEquals(dev.focusnfix.api.testkit.ExtensionContract.ID_PATTERN, ExtensionRegistry.ID_PATTERN);
        ExtensionRegistry.checkId("focus-n-fix", Object.class);
        for (String bad : new String[] {"", "Focus", "a--b", "-a", "a-", "a b", "a/b", "1a"}) {
            IllegalArgumentException e = assertThrows(
                    IllegalArgumentException.class, () -> ExtensionRegistry.checkId(bad, Object.class), bad);
            assertTrue(e.getMessage().contains("not lower-case words joined by dashes"), e.getMessage());
        }
    }

    @Test
    void pluginsFromSeveralFoldersLoadTogether() throws Exception {
        goodPlugin("good-plugin", "good");
        Path more = Files.createDirectories(plugins.resolveSibling(plugins.getFileName() + "-more"));
        plugin("extra")
                .source("test.ex.ExReward", rewardSource("test.ex", "ExReward", "extra", ""))
                .buildInto(more);
        try (FrameworkRuntime runtime = FrameworkRuntime.start(
                INFO, List.of(plugins, more, plugins.resolve("none")), ProgressReporter.silent())) {
            assertEquals(List.of(), runtime.host().problems());
            assertEquals(
                    List.of("extra", "good"),
                    runtime.host().registry().all(ExtensionKind.REWARD).stream()
                            .map(RegisteredExtension::id)
                            .toList());
        }
    }
}
