package dev.focusnfix.plugins.guidance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.focusnfix.api.sampling.ModelOutput;
import dev.focusnfix.api.sampling.PredictionType;
import dev.focusnfix.api.tensor.Scalars;
import dev.focusnfix.nn.pipeline.LatentDiffusionPipeline;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Whatever the model predicts (noise, v or the clean sample), guidance moves the predicted clean latent by the same
 * amount as eq. 3 does for a noise-predicting model: {@code d x0_hat = lambda (1 - alphaBar) / sqrt(alphaBar) * d}.
 */
class PredictionTypeTest {

    @TempDir
    Path temp;

    @ParameterizedTest
    @ValueSource(strings = {"epsilon", "v_prediction", "sample"})
    void guidanceMovesThePredictedCleanLatentAlike(String predictionType) throws IOException {
        Path model = toyShapesPredicting(predictionType);
        float lambda = 2f;
        try (LatentDiffusionPipeline pipeline =
                        LatentDiffusionPipeline.load(model, null, null, Device.cpu(), DataType.FLOAT32);
                NDManager manager = NDManager.newBaseManager()) {
            int t = pipeline.schedule().timesteps(10)[4];
            double alphaBar = pipeline.schedule().alphaBar(t);
            NDArray x = manager.randomNormal(new Shape(1, 4, 8, 8));
            NDArray output = manager.randomNormal(new Shape(1, 4, 8, 8));
            NDArray d = manager.randomNormal(new Shape(1, 4, 8, 8));
            PredictionType type = pipeline.predictionType();
            assertEquals(predictionType, type.key(), "the pipeline states the config's prediction type");
            double k = RewardGuidedSampler.outputCoefficient(pipeline.schedule(), type, t, lambda);
            NDArray moved = pipeline.predictOriginal(x, new ModelOutput(output.add(Scalars.mul(d, k)), type), t)
                    .sub(pipeline.predictOriginal(x, new ModelOutput(output, type), t));
            NDArray expected = Scalars.mul(d, lambda * (1 - alphaBar) / Math.sqrt(alphaBar));
            assertArrayEquals(expected.toFloatArray(), moved.toFloatArray(), 1e-4f);
        }
    }

    /** The toy-shapes folder with its scheduler config's prediction type replaced. */
    private Path toyShapesPredicting(String predictionType) throws IOException {
        Path source = ToyShapes.folder();
        Path copy = Files.createDirectories(temp.resolve("toy-" + predictionType));
        for (String part : new String[] {"model_index.json", "unet", "vae", "text_encoder", "tokenizer"}) {
            Files.createSymbolicLink(copy.resolve(part), source.resolve(part).toAbsolutePath());
        }
        Path scheduler = Files.createDirectories(copy.resolve("scheduler"));
        String config = Files.readString(source.resolve("scheduler/scheduler_config.json"))
                .replace("\"prediction_type\": \"epsilon\"", "\"prediction_type\": \"" + predictionType + "\"");
        Files.writeString(scheduler.resolve("scheduler_config.json"), config);
        return copy;
    }
}
