package dev.focusnfix.nn.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.focusnfix.api.testkit.TestData;
import dev.focusnfix.nn.module.Parameter;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** Gradients reach the weights through the whole encoder (textual-inversion style training needs this). */
class TextEncoderGradientTest {

    @Test
    void gradientsFlowToTokenEmbeddingsAndFirstLayer() throws IOException {
        try (NDManager manager = NDManager.newBaseManager()) {
            ClipTextModel model =
                    ClipTextModel.load(TestData.path("tiny-sdxl/text_encoder_2"), manager, DataType.FLOAT32);
            Parameter tokens = model.parameters().get("text_model.embeddings.token_embedding.weight");
            Parameter q = model.parameters().get("text_model.encoder.layers.0.self_attn.q_proj.weight");
            tokens.setRequiresGradient(true);
            q.setRequiresGradient(true);
            try (NDManager scope = manager.newSubManager();
                    GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray ids = scope.create(new long[] {712, 320, 677, 571, 713, 0, 0, 0}, new Shape(1, 8));
                TextEncoderOutput out = model.forward(ids);
                NDArray loss = out.lastHiddenState()
                        .sum()
                        .add(out.textEmbeds().sum())
                        .add(out.penultimateHiddenState().sum());
                collector.backward(loss);
                NDArray tokenGrad = tokens.array().getGradient();
                // Only rows of ids present in the prompt receive gradient.
                assertTrue(tokenGrad.get(677).abs().sum().getFloat() > 0);
                assertEquals(0f, tokenGrad.get(5).abs().sum().getFloat());
                assertTrue(q.array().getGradient().abs().sum().getFloat() > 0);
            }
        }
    }
}
