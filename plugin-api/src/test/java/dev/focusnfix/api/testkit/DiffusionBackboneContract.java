package dev.focusnfix.api.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.focusnfix.api.BackboneSettings;
import dev.focusnfix.api.Conditioning;
import dev.focusnfix.api.DiffusionBackbone;
import dev.focusnfix.api.DiffusionPipeline;
import dev.focusnfix.api.LoraSpec;
import dev.focusnfix.api.PromptBatch;
import dev.focusnfix.api.SamplingSettings;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link DiffusionBackbone} must pass, on a small model of the implementation's choosing.
 *
 * @param <O> the backbone's options type
 */
public abstract class DiffusionBackboneContract<O> extends ExtensionContract<DiffusionBackbone<O>> {

    /** The model folder and sampling settings to open. */
    protected abstract BackboneSettings settings();

    /** The backbone options. */
    protected abstract O options();

    private DiffusionPipeline open() throws Exception {
        return createExtension().open(settings(), options(), context);
    }

    private static boolean allFinite(NDArray a) {
        for (float v : a.toFloatArray()) {
            if (!Float.isFinite(v)) {
                return false;
            }
        }
        return true;
    }

    @Test
    void initialLatentsHaveTheLatentShapeAndDependOnlyOnTheSeed() throws Exception {
        try (DiffusionPipeline p = open(); NDManager step = context.manager().newSubManager()) {
            SamplingSettings s = settings().sampling();
            NDArray a = p.initialLatents(2, s, 42, step);
            int f = p.vaeScaleFactor();
            assertArrayEquals(new long[] {2, p.latentChannels(), s.height() / f, s.width() / f},
                    a.getShape().getShape());
            assertArrayEquals(a.toFloatArray(), p.initialLatents(2, s, 42, step).toFloatArray(), 0f);
            assertFalse(java.util.Arrays.equals(a.toFloatArray(), p.initialLatents(2, s, 43, step).toFloatArray()));
        }
    }

    @Test
    void timestepsDescendWithinTheTrainingRange() throws Exception {
        try (DiffusionPipeline p = open()) {
            int[] t = p.timesteps(settings().sampling().steps());
            assertEquals(settings().sampling().steps(), t.length);
            for (int i = 0; i < t.length; i++) {
                assertTrue(t[i] >= 0 && t[i] < 1000, "timestep " + t[i]);
                assertTrue(i == 0 || t[i] < t[i - 1], "timesteps must descend");
                double alphaBar = p.alphaBar(t[i]);
                assertTrue(alphaBar > 0 && alphaBar < 1, "alphaBar in (0,1)");
            }
        }
    }

    @Test
    void oneDenoisingStepAndTheDecoderGiveFiniteOutputsOfTheRightShape() throws Exception {
        try (DiffusionPipeline p = open(); NDManager step = context.manager().newSubManager()) {
            SamplingSettings s = settings().sampling();
            List<String> prompts = List.of("a circle on a blue background", "a square");
            try (Conditioning c = p.encodePrompts(PromptBatch.of(prompts), step)) {
                assertEquals(2, c.batchSize());
                NDArray xT = p.initialLatents(2, s, 1, step);
                int[] t = p.timesteps(s.steps());
                NDArray eps = p.predictNoise(xT, t[0], c, s.guidance());
                assertArrayEquals(xT.getShape().getShape(), eps.getShape().getShape());
                assertTrue(allFinite(eps), "noise prediction finite");
                NDArray next = p.step(xT, eps, t[0], t.length > 1 ? t[1] : -1, 0f, null);
                assertArrayEquals(xT.getShape().getShape(), next.getShape().getShape());
                NDArray image = p.decode(next);
                assertArrayEquals(new long[] {2, 3, s.height(), s.width()}, image.getShape().getShape());
                assertTrue(image.min().getFloat() >= 0f && image.max().getFloat() <= 1f, "images in [0,1]");
                assertArrayEquals(xT.getShape().getShape(), p.encode(image).getShape().getShape());
            }
        }
    }

    @Test
    void freshAdaptersAndScaleZeroLeaveThePretrainedModelExactly() throws Exception {
        try (DiffusionPipeline p = open(); NDManager step = context.manager().newSubManager()) {
            SamplingSettings s = settings().sampling();
            try (Conditioning c = p.encodePrompts(PromptBatch.of(List.of("a circle")), step)) {
                NDArray xT = p.initialLatents(1, s, 5, step);
                int t = p.timesteps(s.steps())[0];
                float[] base = p.predictNoise(xT, t, c, s.guidance()).toFloatArray();
                p.adapters().attach(new LoraSpec(2, 2f, LoraSpec.DEFAULT_TARGETS), 9);
                assertFalse(p.adapters().trainable().isEmpty(), "attach must create trainable tensors");
                assertArrayEquals(base, p.predictNoise(xT, t, c, s.guidance()).toFloatArray(), 0f,
                        "B starts at zero: the model is unchanged");
                p.adapters().setScale(0f);
                assertEquals(0f, p.adapters().scale());
                assertArrayEquals(base, p.predictNoise(xT, t, c, s.guidance()).toFloatArray(), 0f);
            }
        }
    }
}
