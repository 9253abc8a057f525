package dev.focusnfix.api.testkit;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.focusnfix.api.NamedExtension;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Invariants every extension must keep, whatever its extension point. Subclass one of the point-specific contracts
 * rather than this class.
 *
 * @param <E> the extension type
 */
public abstract class ExtensionContract<E extends NamedExtension<?>> {

    /** Ids are lower-case words joined by dashes, so that YAML files and command lines can name them. */
    public static final String ID_PATTERN = "[a-z][a-z0-9]*(-[a-z0-9]+)*";

    /** A fresh output folder per test. */
    @TempDir
    protected Path outputDir;

    /** The context passed to {@code open}; CPU and float32. */
    protected TestExtensionContext context;

    /** The extension under test, created fresh for every test (constructors must be cheap). */
    protected abstract E createExtension();

    /** The folder model references in the options resolve against; {@link TestData#modelBase()} by default. */
    protected Path modelBaseDir() {
        return TestData.modelBase();
    }

    @BeforeEach
    void openContext() {
        context = new TestExtensionContext(modelBaseDir(), outputDir, 1234L);
    }

    @AfterEach
    void closeContext() {
        context.close();
    }

    @Test
    void idIsStableAndWellFormed() {
        E extension = createExtension();
        assertNotNull(extension.id(), "id");
        assertTrue(extension.id().matches(ID_PATTERN), () -> "id '" + extension.id() + "' must match " + ID_PATTERN);
        assertTrue(extension.id().equals(createExtension().id()), "id must not change between instances");
    }

    @Test
    void optionsTypeIsARecord() {
        Class<?> type = createExtension().optionsType();
        assertNotNull(type, "optionsType");
        assertTrue(type.isRecord(), () -> type.getName() + " must be a record so the framework can bind YAML to it");
    }
}
