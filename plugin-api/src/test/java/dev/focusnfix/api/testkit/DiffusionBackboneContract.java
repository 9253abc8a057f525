package dev.focusnfix.api.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
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
import dev.focusnfix.api.sampling.ConditioningBranch;
import dev.focusnfix.api.sampling.DiffusionSchedule;
import dev.focusnfix.api.sampling.ModelOutput;
import dev.focusnfix.api.sampling.PredictionType;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link DiffusionBackbone} must pass, on a small model of the implementation's choosing: it claims
 * its folder, states its device and dtype, its schedule is monotone with a consistent previous timestep and alpha-bar
 * in (0, 1] (timesteps in {@code [0, trainSteps())}, whatever that range), its outputs carry its prediction type,
 * the guided output is the classifier-free combination of its branch outputs, its step reads an output by its type,
 * and fresh adapters leave the model unchanged.
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
        try (DiffusionPipeline p = open();
                NDManager step = context.manager().newSubManager()) {
            SamplingSettings s = settings().sampling();
            NDArray a = p.initialLatents(2, s, 42, step);
            int f = p.vaeScaleFactor();
            assertArrayEquals(
                    new long[] {2, p.latentChannels(), s.height() / f, s.width() / f},
                    a.getShape().getShape());
            assertArrayEquals(a.toFloatArray(), p.initialLatents(2, s, 42, step).toFloatArray(), 0f);
            assertFalse(java.util.Arrays.equals(
                    a.toFloatArray(), p.initialLatents(2, s, 43, step).toFloatArray()));
        }
    }

    @Test
    void statesItsDeviceAndDataTypeAndDrawsLatentsInThem() throws Exception {
        try (DiffusionPipeline p = open();
                NDManager step = context.manager().newSubManager()) {
            assertNotNull(p.device(), "device");
            assertNotNull(p.dataType(), "dataType");
            assertTrue(p.dataType().isFloating(), "the compute dtype must be a floating type, got " + p.dataType());
            assertEquals(context.device(), p.device(), "the pipeline must live on the context's device");
            NDArray latents = p.initialLatents(1, settings().sampling(), 3, step);
            assertEquals(p.dataType(), latents.getDataType(), "initial latents in the compute dtype");
            assertEquals(p.device(), latents.getDevice(), "initial latents on the pipeline's device");
        }
    }

    @Test
    void claimsItsOwnModelFolderButNotAnEmptyOne() {
        DiffusionBackbone<O> backbone = createExtension();
        assertTrue(backbone.canOpen(settings().model()), "canOpen(" + settings().model() + ")");
        assertFalse(backbone.canOpen(outputDir), "an empty folder is nobody's model");
    }

    @Test
    void scheduleIsMonotoneWithinItsTrainingRange() throws Exception {
        try (DiffusionPipeline p = open()) {
            DiffusionSchedule schedule = p.schedule();
            assertNotNull(schedule.timeDomain(), "timeDomain");
            int n = schedule.trainSteps();
            assertTrue(n > 0, "trainSteps must be positive, got " + n);
            int steps = settings().sampling().steps();
            int[] t = schedule.timesteps(steps);
            assertEquals(steps, t.length, "one timestep per step");
            for (int i = 0; i < t.length; i++) {
                int ti = t[i];
                assertTrue(ti >= 0 && ti < n, () -> "timestep " + ti + " outside [0, " + n + ")");
                assertTrue(i == 0 || t[i] < t[i - 1], "timesteps must strictly descend");
                double alphaBar = schedule.alphaBar(ti);
                assertTrue(alphaBar > 0 && alphaBar <= 1, () -> "alphaBar(" + ti + ") = " + alphaBar + " not in (0,1]");
                assertTrue(
                        i == 0 || alphaBar >= schedule.alphaBar(t[i - 1]),
                        "alphaBar must not fall as the timestep falls (less noise)");
            }
            double last = schedule.alphaBar(t[t.length - 1]);
            double fin = schedule.alphaBar(-1);
            assertTrue(
                    fin > 0 && fin <= 1 && fin >= last, "the final alphaBar " + fin + " must be in [" + last + ", 1]");
            assertTrue(schedule.alphaBar(0) >= schedule.alphaBar(n - 1), "alphaBar over the training range");
        }
    }

    @Test
    void eachStepGoesBelowItsTimestepAndNotPastTheNextOne() throws Exception {
        try (DiffusionPipeline p = open()) {
            DiffusionSchedule schedule = p.schedule();
            int steps = settings().sampling().steps();
            int[] t = schedule.timesteps(steps);
            for (int i = 0; i < t.length; i++) {
                int prev = schedule.previousTimestep(t[i], steps);
                assertTrue(prev < t[i], "previousTimestep(" + t[i] + ") = " + prev + " must be below " + t[i]);
                if (i + 1 < t.length) {
                    assertTrue(
                            prev >= t[i + 1],
                            "step " + i + " must not skip the run's next timestep " + t[i + 1] + ", got " + prev);
                }
                double alphaBar = schedule.alphaBar(prev);
                assertTrue(alphaBar > 0 && alphaBar <= 1, "alphaBar(previous) in (0,1]");
            }
        }
    }

    @Test
    void oneDenoisingStepAndTheDecoderGiveFiniteOutputsOfTheRightShape() throws Exception {
        try (DiffusionPipeline p = open();
                NDManager step = context.manager().newSubManager()) {
            SamplingSettings s = settings().sampling();
            List<String> prompts = List.of("a circle on a blue background", "a square");
            try (Conditioning c = p.encodePrompts(PromptBatch.of(prompts), step)) {
                assertEquals(2, c.batchSize());
                NDArray xt = p.initialLatents(2, s, 1, step);
                int[] t = p.schedule().timesteps(s.steps());
                ModelOutput output = p.predict(xt, t[0], c, s.guidance());
                assertEquals(p.predictionType(), output.type(), "the output carries the pipeline's prediction type");
                assertArrayEquals(
                        xt.getShape().getShape(), output.value().getShape().getShape());
                assertTrue(allFinite(output.value()), "model output finite");
                NDArray next = p.step(xt, output, t[0], p.schedule().previousTimestep(t[0], s.steps()), 0f, null);
                assertArrayEquals(xt.getShape().getShape(), next.getShape().getShape());
                NDArray image = p.decode(next);
                assertArrayEquals(
                        new long[] {2, 3, s.height(), s.width()},
                        image.getShape().getShape());
                assertTrue(image.min().getFloat() >= 0f && image.max().getFloat() <= 1f, "images in [0,1]");
                assertArrayEquals(
                        xt.getShape().getShape(), p.encode(image).getShape().getShape());
            }
        }
    }

    @Test
    void guidedOutputIsTheClassifierFreeCombinationOfTheBranches() throws Exception {
        try (DiffusionPipeline p = open();
                NDManager step = context.manager().newSubManager()) {
            SamplingSettings s = settings().sampling();
            try (Conditioning c = p.encodePrompts(PromptBatch.of(List.of("a circle", "a square")), step)) {
                NDArray xt = p.initialLatents(2, s, 4, step);
                int t = p.schedule().timesteps(s.steps())[0];
                List<ModelOutput> branches = p.predictBranches(
                        xt, t, List.of(ConditioningBranch.unconditional(c), ConditioningBranch.conditional(c)));
                assertEquals(2, branches.size(), "one output per branch");
                for (ModelOutput branch : branches) {
                    assertEquals(p.predictionType(), branch.type(), "every branch carries the prediction type");
                }
                float g = 3f;
                float[] u = branches.get(0).value().toFloatArray();
                float[] k = branches.get(1).value().toFloatArray();
                float[] guided = p.predict(xt, t, c, g).value().toFloatArray();
                float[] conditional = p.predict(xt, t, c, 1f).value().toFloatArray();
                for (int i = 0; i < u.length; i++) {
                    assertEquals(
                            u[i] + g * (k[i] - u[i]),
                            guided[i],
                            1e-4 * (1 + Math.abs(guided[i])),
                            "guided = uncond + g (cond - uncond) at " + i);
                    assertEquals(k[i], conditional[i], 1e-4 * (1 + Math.abs(k[i])), "guidance 1 = conditional");
                }
            }
        }
    }

    @Test
    void theStepReadsTheOutputByItsPredictionType() throws Exception {
        try (DiffusionPipeline p = open();
                NDManager step = context.manager().newSubManager()) {
            SamplingSettings s = settings().sampling();
            DiffusionSchedule schedule = p.schedule();
            try (Conditioning c = p.encodePrompts(PromptBatch.of(List.of("a circle")), step)) {
                NDArray xt = p.initialLatents(1, s, 8, step);
                int[] t = schedule.timesteps(s.steps());
                int i = t.length / 2;
                int prev = schedule.previousTimestep(t[i], s.steps());
                ModelOutput output = p.predict(xt, t[i], c, s.guidance());
                float[] direct = p.step(xt, output, t[i], prev, 0f, null).toFloatArray();
                ModelOutput asEpsilon = output.asEpsilon(xt, t[i], schedule);
                assertEquals(PredictionType.EPSILON, asEpsilon.type());
                assertArrayEquals(
                        direct,
                        p.step(xt, asEpsilon, t[i], prev, 0f, null).toFloatArray(),
                        1e-3f,
                        "a step from the implied noise equals the step from the model's own output");
            }
        }
    }

    @Test
    void freshAdaptersAndScaleZeroLeaveThePretrainedModelExactly() throws Exception {
        try (DiffusionPipeline p = open();
                NDManager step = context.manager().newSubManager()) {
            SamplingSettings s = settings().sampling();
            try (Conditioning c = p.encodePrompts(PromptBatch.of(List.of("a circle")), step)) {
                NDArray xt = p.initialLatents(1, s, 5, step);
                int t = p.schedule().timesteps(s.steps())[0];
                float[] base = p.predict(xt, t, c, s.guidance()).value().toFloatArray();
                p.adapters().attach(new LoraSpec(2, 2f, LoraSpec.DEFAULT_TARGETS), 9);
                assertFalse(p.adapters().trainable().isEmpty(), "attach must create trainable tensors");
                assertArrayEquals(
                        base,
                        p.predict(xt, t, c, s.guidance()).value().toFloatArray(),
                        0f,
                        "B starts at zero: the model is unchanged");
                p.adapters().setScale(0f);
                assertEquals(0f, p.adapters().scale());
                assertArrayEquals(
                        base, p.predict(xt, t, c, s.guidance()).value().toFloatArray(), 0f);
            }
        }
    }
}
