package dev.focusnfix.sdk.clip;

import static dev.focusnfix.api.testkit.TensorAssert.assertMatchesReference;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.focusnfix.api.testkit.TensorAssert;
import dev.focusnfix.api.testkit.TestData;
import dev.focusnfix.nn.weights.StateDict;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A CLIP fixture's {@code expected.safetensors} (what its Python generator computed with the reference library),
 * read into a scope of its own for each check, and the comparison the reference tests make with it: the relative L2
 * error printed (so that the test log keeps how close each tensor came), then {@link
 * TensorAssert#assertMatchesReference}.
 */
final class ReferenceTensors {

    /** What a test does with the expected tensors; {@code scope} owns the arrays it makes and is closed after. */
    @FunctionalInterface
    interface Check {
        void run(StateDict expected, NDManager scope) throws IOException;
    }

    private final String fixture;
    private final Path file;

    /** The expected tensors of the fixture folder {@code fixture} (under the project's test data). */
    ReferenceTensors(String fixture) {
        this.fixture = fixture;
        this.file = TestData.path(fixture + "/expected.safetensors");
    }

    /** Runs {@code check} with the expected tensors read into a sub-manager of {@code parent}. */
    void check(NDManager parent, Check check) throws IOException {
        try (NDManager scope = parent.newSubManager();
                StateDict expected = StateDict.read(file, scope, DataType.FLOAT32)) {
            check.run(expected, scope);
        }
    }

    /** Asserts that {@code actual} matches the expected tensor of the same name. */
    void assertMatches(StateDict expected, String name, NDArray actual) {
        assertMatches(name, expected.get(name), actual);
    }

    /** Prints the relative L2 error of {@code actual} against {@code expected}, then asserts the match. */
    void assertMatches(String name, NDArray expected, NDArray actual) {
        System.out.printf("%s %s: relative L2 error %.3e%n", fixture, name, TensorAssert.relativeL2(expected, actual));
        assertMatchesReference(name, expected, actual);
    }
}
