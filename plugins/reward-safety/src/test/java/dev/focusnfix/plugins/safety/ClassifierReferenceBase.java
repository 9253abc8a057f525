package dev.focusnfix.plugins.safety;

import ai.djl.ndarray.types.DataType;
import dev.focusnfix.api.PromptBatch;
import dev.focusnfix.api.testkit.TestData;
import dev.focusnfix.api.testkit.TestExtensionContext;
import dev.focusnfix.nn.weights.StateDict;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * The set-up of the tests that compare the safety reward with {@code classifiers/expected.safetensors}: a fresh
 * extension context per test and the reference tensors in its manager.
 */
abstract class ClassifierReferenceBase {

    static final String TORCHSCRIPT = "classifiers/red-detector.pt";
    static final PromptBatch PROMPTS = PromptBatch.of(List.of("a scene", "a scene"));

    @TempDir
    Path outputDir;

    TestExtensionContext context;
    StateDict expected;

    @BeforeEach
    void open() throws Exception {
        context = new TestExtensionContext(TestData.root(), outputDir, 1L);
        expected =
                StateDict.read(TestData.path("classifiers/expected.safetensors"), context.manager(), DataType.FLOAT32);
    }

    @AfterEach
    void close() {
        expected.close();
        context.close();
    }
}
