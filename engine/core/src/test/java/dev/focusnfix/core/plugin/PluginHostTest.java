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
        plugin(pluginId).source(pkg + ".Good", rewardSource(pkg, "Good", rewardId, "")).buildInto(plugins);
    }

    @Test
    void loadsAPluginJarFromTheFolderAndInjectsFrameworkServices() throws Exception {
        goodPlugin("good-plugin", "good");
        try (FrameworkRuntime runtime = start()) {
            assertEquals(List.of(), runtime.host().problems());
            RegisteredExtension reward = runtime.host().registry().find(ExtensionKind.REWARD, "good").orElseThrow();
            assertEquals("good-plugin", reward.pluginId());
            assertEquals("1.0.0", reward.pluginVersion());
            assertEquals("injected " + ProgressReporter.silent().getClass().getSimpleName(),
                    reward.extension().description());
            assertTrue(reward.extension().getClass().getClassLoader() instanceof org.pf4j.PluginClassLoader,
                    "the extension must come from the plugin's class loader");
        }
    }

    @Test
    void aMissingFolderHasNoPluginsAndNoProblems() {
        try (FrameworkRuntime runtime = FrameworkRuntime.start(INFO, plugins.resolve("absent"),
                ProgressReporter.silent())) {
            assertEquals(List.of(), runtime.host().problems());
            assertTrue(runtime.host().registry().all(ExtensionKind.REWARD).isEmpty());
        }
    }

    @Test
    void brokenPluginsAreReportedOnceByFileAndTheOthersStillLoad() throws Exception {
        goodPlugin("good-plugin", "good");
        Files.write(plugins.resolve("corrupt.jar"), new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9});
        plugin("no-descriptor").withoutDescriptor()
                .source("test.nd.NdReward", rewardSource("test.nd", "NdReward", "nd", "")).buildInto(plugins);
        plugin("too-new").requires(">=9.0.0")
                .source("test.tn.TnReward", rewardSource("test.tn", "TnReward", "tn", "")).buildInto(plugins);
        plugin("throwing").source("test.th.ThReward", rewardSource("test.th", "ThReward", "th",
                "if (true) throw new IllegalStateException(\"model file missing\");")).buildInto(plugins);

        try (FrameworkRuntime runtime = start()) {
            Map<String, String> problems = runtime.host().problems().stream()
                    .collect(Collectors.toMap(PluginProblem::source, PluginProblem::reason));
            assertEquals(4, runtime.host().problems().size(), () -> "problems: " + problems);
            assertTrue(problems.get("corrupt.jar").startsWith("not a loadable plugin"), problems::toString);
            assertTrue(problems.containsKey("no-descriptor.jar"), problems::toString);
            assertTrue(problems.get("too-new.jar").contains("requires framework version >=9.0.0, but this is 0.1.0"),
                    problems::toString);
            assertTrue(problems.get("throwing.jar").contains("test.th.ThReward failed to construct")
                    && problems.get("throwing.jar").contains("model file missing"), problems::toString);
            assertTrue(runtime.host().registry().find(ExtensionKind.REWARD, "good").isPresent());
            assertTrue(runtime.host().registry().find(ExtensionKind.REWARD, "tn").isEmpty());
        }
    }

    @Test
    void twoPluginsClaimingOneIdIsAnErrorNamingBoth() throws Exception {
        goodPlugin("first-plugin", "same");
        goodPlugin("second-plugin", "same");
        DuplicateExtensionException e = assertThrows(DuplicateExtensionException.class, this::start);
        assertTrue(e.getMessage().contains("reward id 'same'"), e.getMessage());
        assertTrue(e.getMessage().contains("first-plugin") && e.getMessage().contains("second-plugin"),
                e.getMessage());
    }
}
