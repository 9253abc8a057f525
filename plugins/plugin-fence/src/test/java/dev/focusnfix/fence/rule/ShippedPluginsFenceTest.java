package dev.focusnfix.fence.rule;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Every plugin under {@code plugins/} depends on {@code plugin-api} and {@code plugin-sdk} only. */
class ShippedPluginsFenceTest {

    private static final String[] PLUGIN_PACKAGES = {"dev.focusnfix.plugins..", "dev.focusnfix.examples.."};

    @Test
    void shippedPluginsUseOnlyTheApiAndTheSdk() {
        JavaClasses plugins = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.focusnfix.plugins", "dev.focusnfix.examples");
        // An empty import would make the rule pass vacuously: the plugins' jars must really be on the class path.
        assertTrue(plugins.size() > 50, () -> "only " + plugins.size() + " plugin classes found");
        PluginFence.forPluginPackages(PLUGIN_PACKAGES).check(plugins);
    }
}
