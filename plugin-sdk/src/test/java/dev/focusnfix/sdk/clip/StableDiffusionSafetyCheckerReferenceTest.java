package dev.focusnfix.sdk.clip;

import static dev.focusnfix.api.testkit.TensorAssert.assertMatchesReference;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.focusnfix.api.testkit.TensorAssert;
import dev.focusnfix.api.testkit.TestData;
import dev.focusnfix.nn.weights.StateDict;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The safety checker of {@code tiny-sd-safety-checker/} (made by {@code make_tiny_safety_checker.py} with diffusers
 * v0.25.0's {@code StableDiffusionSafetyChecker}) reproduces the concept and special-care scores to 1e-4 and raises
 * the flags diffusers raises: image 0 by a concept, image 2 only through the special-care adjustment, images 1 and 3
 * not (image 3 triggers special care).
 */
class StableDiffusionSafetyCheckerReferenceTest {

    /** Absolute tolerance on every score, besides the relative L2 error of the reference check. */
    private static final double ABSOLUTE_TOLERANCE = 1e-4;

    private static NDManager manager;
    private static StableDiffusionSafetyChecker checker;

    @BeforeAll
    static void load() throws IOException {
        manager = NDManager.newBaseManager();
        checker = StableDiffusionSafetyChecker.load(TestData.path("tiny-sd-safety-checker"), manager, DataType.FLOAT32);
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    private static StateDict expected(NDManager scope) throws IOException {
        return StateDict.read(TestData.path("tiny-sd-safety-checker/expected.safetensors"), scope, DataType.FLOAT32);
    }

    @Test
    void readsThePublishedLayout() {
        assertEquals(17, checker.conceptCount());
        assertEquals(3, checker.specialCareCount());
        assertEquals(32, checker.featureExtractor().cropHeight(), "the old integer crop_size of SD v1.4");
        assertTrue(checker.visionModel().hasProjection());
    }

    @Test
    void featureExtractorGivesTheClipInput() throws IOException {
        try (NDManager scope = manager.newSubManager();
                StateDict expected = expected(scope)) {
            NDArray clipInput = checker.featureExtractor().preprocess(expected.get("images"));
            assertMatchesReference("clip_input", expected.get("clip_input"), clipInput);
        }
    }

    @Test
    void scoresMatchDiffusers() throws IOException {
        try (NDManager scope = manager.newSubManager();
                StateDict expected = expected(scope);
                SafetyCheckerScores scores = checker.scorePixels(expected.get("clip_input"))) {
            check("concept_scores", expected.get("concept_scores"), scores.conceptScores());
            check("special_scores", expected.get("special_scores"), scores.specialScores());
        }
    }

    @Test
    void flagsMatchDiffusersForwardAndForwardOnnx() throws IOException {
        try (NDManager scope = manager.newSubManager();
                StateDict expected = expected(scope);
                SafetyCheckerScores scores = checker.score(expected.get("images"))) {
            check("concept_scores from images", expected.get("concept_scores"), scores.conceptScores());
            boolean[] flags = scores.hasNsfwConcept();
            assertArrayEquals(new boolean[] {true, false, true, false}, flags, "the fixture's design");
            long[] forward = expected.get("has_nsfw_concepts").toLongArray();
            long[] onnx = expected.get("has_nsfw_concepts_onnx").toLongArray();
            float[] max = scores.maxConceptScore();
            for (int i = 0; i < flags.length; i++) {
                assertEquals(forward[i] == 1, flags[i], "forward's flag of image " + i);
                assertEquals(onnx[i] == 1, max[i] > 0, "forward_onnx's flag of image " + i);
            }
        }
    }

    @Test
    void loadsFromTheSafetyCheckerFolderToo() throws IOException {
        try (NDManager scope = manager.newSubManager()) {
            StableDiffusionSafetyChecker direct = StableDiffusionSafetyChecker.load(
                    TestData.path("tiny-sd-safety-checker/safety_checker"), scope, DataType.FLOAT32);
            try (StateDict expected = expected(scope);
                    SafetyCheckerScores scores = direct.scorePixels(expected.get("clip_input"))) {
                check("concept_scores", expected.get("concept_scores"), scores.conceptScores());
            }
        }
    }

    @Test
    void refusesAFolderWithoutSafetyChecker(@TempDir Path temp) {
        IOException e = assertThrows(
                IOException.class,
                () -> StableDiffusionSafetyChecker.load(TestData.path("tiny-sd"), manager, DataType.FLOAT32));
        assertTrue(e.getMessage().contains("safety_checker/config.json"), e.getMessage());
    }

    private static void check(String what, NDArray expected, NDArray actual) {
        double error = TensorAssert.relativeL2(expected, actual);
        float[] e = expected.toFloatArray();
        float[] a = actual.toFloatArray();
        double maxAbs = 0;
        for (int i = 0; i < e.length; i++) {
            maxAbs = Math.max(maxAbs, Math.abs(e[i] - a[i]));
        }
        System.out.printf("%s: relative L2 error %.3e, max abs error %.3e%n", what, error, maxAbs);
        assertMatchesReference(what, expected, actual);
        assertTrue(maxAbs <= ABSOLUTE_TOLERANCE, what + ": max abs error " + maxAbs);
    }
}
