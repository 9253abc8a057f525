package dev.focusnfix.fence.sample;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import dev.focusnfix.fence.rule.PluginFence;
import org.junit.jupiter.api.Test;

/** The fence is not vacuous: the rule the shipped plugins pass rejects a class that imports an engine package. */
class FenceCatchesBadImportTest {

    @Test
    void anEngineImportFailsTheRuleAndNamesTheClass() {
        JavaClasses bad = new ClassFileImporter().importClasses(EngineImportingPlugin.class);
        AssertionError error =
                assertThrows(AssertionError.class, () -> PluginFence.forPluginPackages("dev.focusnfix.fence.sample..")
                        .check(bad));
        assertTrue(error.getMessage().contains("dev.focusnfix.nn.weights.SafetensorsReader"), error.getMessage());
        assertTrue(error.getMessage().contains("EngineImportingPlugin"), error.getMessage());
    }

    @Test
    void apiImportsPassTheRule() {
        JavaClasses good = new ClassFileImporter().importClasses(dev.focusnfix.api.options.NoOptions.class);
        PluginFence.forPluginPackages("dev.focusnfix.api..").check(good);
    }
}
