package dev.focusnfix.sdk.reward;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import dev.focusnfix.api.image.Interpolation;
import dev.focusnfix.api.testkit.TensorAssert;
import dev.focusnfix.api.testkit.TestData;
import dev.focusnfix.nn.weights.StateDict;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Both exports of both toy models against the reference outputs in {@code classifiers/expected.safetensors}. */
class ImageClassifierTest {

    private static NDManager manager;
    private static StateDict expected;

    @BeforeAll
    static void readReference() throws IOException {
        manager = NDManager.newBaseManager(Device.cpu());
        expected = StateDict.read(TestData.path("classifiers/expected.safetensors"), manager, DataType.FLOAT32);
    }

    @AfterAll
    static void release() {
        expected.close();
        manager.close();
    }

    private static Path model(String file) {
        return TestData.path("classifiers/" + file);
    }

    /** Asserts parity and reports the measured error, for the record. */
    private static void assertMatchesReference(String what, NDArray reference, NDArray actual) {
        System.out.printf("%s: relative L2 error %.3e%n", what, TensorAssert.relativeL2(reference, actual));
        TensorAssert.assertMatchesReference(what, reference, actual);
    }

    @ParameterizedTest
    @ValueSource(strings = {"red-detector.pt", "red-detector.onnx"})
    void redDetectorGivesTheReferenceLogits(String file) throws IOException {
        try (ImageClassifier classifier = ImageClassifier.load(model(file), Device.cpu());
                NDManager step = manager.newSubManager()) {
            NDArray images = expected.get("images").duplicate();
            images.attach(step);
            NDList outputs = classifier.forward(images);
            assertEquals(1, outputs.size());
            assertMatchesReference(file + " logits", expected.get("red_logits"), outputs.get(0));
            assertEquals(step, outputs.get(0).getManager(), "outputs live in the images' manager");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"noise-artifact.pt", "noise-artifact.onnx"})
    void artifactModelGivesTheReferencePlausibilityAndHeatmap(String file) throws IOException {
        // TorchScript outputs carry no names: outputNames names them; ONNX keeps its graph's (the same) names.
        try (ImageClassifier classifier = ImageClassifier.load(
                        model(file), ImageInput.anySize(), List.of("plausibility", "heatmap"), Device.cpu());
                NDManager step = manager.newSubManager()) {
            NDArray images = expected.get("images").duplicate();
            images.attach(step);
            NDList outputs = classifier.forward(images);
            assertMatchesReference(
                    file + " plausibility",
                    expected.get("noise_plausibility"),
                    OutputRef.named("plausibility").select(outputs));
            assertMatchesReference(
                    file + " heatmap",
                    expected.get("noise_heatmap"),
                    OutputRef.named("heatmap").select(outputs));
            assertMatchesReference(
                    file + " heatmap by position",
                    expected.get("noise_heatmap"),
                    OutputRef.at(1).select(outputs));
        }
    }

    @Test
    void torchScriptInputGradientIsTheReferenceSaliency() throws IOException {
        try (ImageClassifier classifier = ImageClassifier.load(model("red-detector.pt"), Device.cpu());
                NDManager step = manager.newSubManager()) {
            assertTrue(classifier.isDifferentiable());
            NDArray images = expected.get("images").duplicate();
            images.attach(step);
            images.setRequiresGradient(true);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray logits = classifier.forward(images).get(0);
                NDArray pUnsafe = logits.softmax(1).get(":, 1").sum();
                collector.backward(pUnsafe);
            }
            assertMatchesReference(
                    "d sum p(class 1) / d images", expected.get("red_p_unsafe_grad"), images.getGradient());
        }
    }

    @Test
    void aNamedInputArrayKeepsItsGraph() throws IOException {
        // PyTorch would read a named input as part of a tuple/dict; the classifier passes an unnamed view instead.
        try (ImageClassifier classifier = ImageClassifier.load(model("red-detector.pt"), Device.cpu());
                NDManager step = manager.newSubManager()) {
            NDArray images = expected.get("images").duplicate();
            images.attach(step);
            images.setName("image");
            images.setRequiresGradient(true);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray logits = classifier.forward(images).get(0);
                collector.backward(logits.softmax(1).get(":, 1").sum());
            }
            assertMatchesReference(
                    "gradient with a named input", expected.get("red_p_unsafe_grad"), images.getGradient());
            assertEquals("image", images.getName(), "the caller's array is left as it was");
        }
    }

    @Test
    void float16ImagesKeepTheirGraphIntoAFloat32Model() throws IOException {
        // DJL's toType would detach; the classifier widens through a differentiable promotion instead.
        try (ImageClassifier classifier = ImageClassifier.load(model("red-detector.pt"), Device.cpu());
                NDManager step = manager.newSubManager()) {
            NDArray images = expected.get("images").toType(DataType.FLOAT16, true);
            images.attach(step);
            images.setRequiresGradient(true);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray logits = classifier.forward(images).get(0);
                assertEquals(DataType.FLOAT32, logits.getDataType(), "outputs come in the model's type");
                // The reference gradient (~1e-7) is below float16's range: scale the objective by 2^20 first.
                collector.backward(logits.softmax(1).get(":, 1").sum().mul(1 << 20));
            }
            // The images themselves were rounded to float16, so only a loose agreement is expected.
            NDArray gradient =
                    images.getGradient().toType(DataType.FLOAT32, true).div(1 << 20);
            double error = TensorAssert.relativeL2(expected.get("red_p_unsafe_grad"), gradient);
            System.out.printf("float16 images gradient: relative L2 error %.3e%n", error);
            assertTrue(error < 1e-2, "relative L2 error " + error);
        }
    }

    @Test
    void gradientsFlowThroughAFixedInputSize() throws IOException {
        // 128x128 images resized to 64x64 before the model: the graph must still reach the full-size pixels.
        ImageInput input = ImageInput.anySize().resizedTo(64, 64, Interpolation.BICUBIC);
        try (ImageClassifier classifier =
                        ImageClassifier.load(model("noise-artifact.pt"), input, List.of(), Device.cpu());
                NDManager step = manager.newSubManager()) {
            NDArray images = expected.get("images").duplicate();
            images.attach(step);
            images.setRequiresGradient(true);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDList outputs = classifier.forward(images);
                assertArrayEquals(
                        new long[] {2, 1, 64, 64},
                        outputs.get(1).getShape().getShape(),
                        "the heatmap comes at the model's input size");
                collector.backward(outputs.get(0).sum());
            }
            NDArray gradient = images.getGradient();
            assertArrayEquals(new long[] {2, 3, 128, 128}, gradient.getShape().getShape());
            float norm = gradient.norm().getFloat();
            assertTrue(Float.isFinite(norm) && norm > 0f, "gradient norm " + norm);
        }
    }

    @Test
    void onnxOutputsCarryNoGraph() throws IOException {
        try (ImageClassifier classifier = ImageClassifier.load(model("red-detector.onnx"), Device.cpu());
                NDManager step = manager.newSubManager()) {
            assertFalse(classifier.isDifferentiable());
            assertEquals(ModelFormat.ONNX, classifier.format());
            NDArray images = expected.get("images").duplicate();
            images.attach(step);
            NDArray logits = classifier.forward(images).get(0);
            assertEquals(
                    Engine.getInstance().getEngineName(),
                    logits.getManager().getEngine().getEngineName(),
                    "ONNX results are copied into the caller's engine");
            assertEquals("logits", logits.getName());
        }
    }

    @Test
    void aMissingFileIsReportedWithItsPath() {
        Path missing = model("no-such-classifier.pt");
        // Bad input (exit code 2 on the command line), not an I/O failure.
        dev.focusnfix.api.InvalidInputException e = assertThrows(
                dev.focusnfix.api.InvalidInputException.class, () -> ImageClassifier.load(missing, Device.cpu()));
        assertTrue(e.getMessage().contains(missing.toAbsolutePath().toString()), e.getMessage());
    }

    @Test
    void anUnknownFileTypeIsRefusedBeforeLoading() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> ModelFormat.of("models/classifier.h5"));
        assertTrue(e.getMessage().contains("models/classifier.h5"), e.getMessage());
        assertEquals(ModelFormat.TORCHSCRIPT, ModelFormat.of("a/b/model.PT"));
        assertTrue(ModelFormat.of("x.pt").isDifferentiable());
        assertFalse(ModelFormat.of("x.onnx").isDifferentiable());
    }

    @Test
    void anUnknownOutputNameListsTheOutputs() throws IOException {
        try (ImageClassifier classifier = ImageClassifier.load(model("noise-artifact.pt"), Device.cpu());
                NDManager step = manager.newSubManager()) {
            NDArray images = expected.get("images").duplicate();
            images.attach(step);
            NDList outputs = classifier.forward(images);
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> OutputRef.parse("plausibility")
                            .select(outputs));
            assertTrue(e.getMessage().contains("0: (2)") && e.getMessage().contains("outputNames"), e.getMessage());
            assertNotNull(OutputRef.parse("1").select(outputs));
        }
    }

    @Test
    void normalisationIsAppliedBeforeTheModel() throws IOException {
        // (x - 0.5) / 0.5 maps [0,1] to [-1,1]; feeding (x + 1) / 2 through it must give back the reference logits.
        ImageInput input = ImageInput.anySize().normalized(new float[] {0.5f}, new float[] {0.5f});
        try (ImageClassifier classifier =
                        ImageClassifier.load(model("red-detector.pt"), input, List.of(), Device.cpu());
                NDManager step = manager.newSubManager()) {
            NDArray images = expected.get("images").duplicate();
            images.attach(step);
            NDArray shifted = images.add(1f).div(2f);
            assertMatchesReference(
                    "logits after normalisation",
                    expected.get("red_logits"),
                    classifier.forward(shifted).get(0));
        }
    }
}
