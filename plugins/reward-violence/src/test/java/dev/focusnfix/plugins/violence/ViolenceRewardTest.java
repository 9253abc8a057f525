package dev.focusnfix.plugins.violence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.focusnfix.api.ImageBatch;
import dev.focusnfix.api.PromptBatch;
import dev.focusnfix.api.Reward;
import dev.focusnfix.api.testkit.TestData;
import dev.focusnfix.api.testkit.TestExtensionContext;
import dev.focusnfix.nn.weights.StateDict;
import dev.focusnfix.sdk.reward.ClassifierRewardOptions;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The violence reward against the reference logits of the toy classifier. */
class ViolenceRewardTest {

    @TempDir
    Path outputDir;

    @Test
    void rewardIsMinusTheProbabilityOfTheViolentClass() throws Exception {
        try (TestExtensionContext context = new TestExtensionContext(TestData.root(), outputDir, 1L);
                StateDict expected = StateDict.read(
                        TestData.path("classifiers/expected.safetensors"), context.manager(), DataType.FLOAT32);
                Reward reward =
                        new ViolenceReward().open(ClassifierRewardOptions.of("classifiers/red-detector.pt"), context);
                NDManager step = context.manager().newSubManager()) {
            float[] z = expected.get("red_logits").toFloatArray();
            NDArray images = expected.get("images").duplicate();
            images.attach(step);
            float[] r = reward.score(new ImageBatch(images), PromptBatch.of(List.of("a", "b")))
                    .reward()
                    .toFloatArray();
            for (int i = 0; i < 2; i++) {
                double p1 = 1 / (1 + Math.exp((double) z[2 * i] - z[2 * i + 1]));
                assertEquals(-p1, r[i], 1e-6, "image " + i);
            }
        }
    }

    @Test
    void idAndDifferentiability() {
        ViolenceReward model = new ViolenceReward();
        assertEquals("violence", model.id());
        assertTrue(model.isDifferentiable(ClassifierRewardOptions.of("violence.pt")));
        assertFalse(model.isDifferentiable(ClassifierRewardOptions.of("violence.onnx")));
    }

    @Test
    void aMissingModelIsReportedWithItsPath() throws Exception {
        try (TestExtensionContext context = new TestExtensionContext(TestData.root(), outputDir, 1L)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ViolenceReward()
                    .open(ClassifierRewardOptions.of("nowhere/violence.onnx"), context));
            assertTrue(e.getMessage().contains("nowhere/violence.onnx"), e.getMessage());
        }
    }
}
