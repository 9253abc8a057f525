package dev.focusnfix.training.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.focusnfix.nn.weights.HalfFloats;
import org.junit.jupiter.api.Test;

/**
 * Dynamic loss scaling against the rules of PyTorch's {@code GradScaler.update}: skip and halve on overflow, double
 * after {@code growthInterval} good steps in a row, and a float16 gradient that underflows unscaled survives scaled.
 */
class DynamicLossScalerTest {

    @Test
    void overflowSkipsTheStepAndShrinksTheScale() {
        DynamicLossScaler s = DynamicLossScaler.pytorchDefaults();
        DynamicLossScaler.Step step = s.update(false);
        assertFalse(step.apply());
        assertEquals(DynamicLossScaler.Event.SKIPPED, step.event());
        assertEquals(65536, step.scaleUsed());
        assertEquals(32768, step.nextScale());
        assertEquals(32768, s.scale());
        assertEquals(1 / 32768.0, s.unscaleFactor());
    }

    @Test
    void growsAfterARunOfGoodStepsAndAnOverflowRestartsTheRun() {
        DynamicLossScaler s = new DynamicLossScaler(8, 2, 0.5, 3);
        assertEquals(DynamicLossScaler.Event.APPLIED, s.update(true).event());
        assertEquals(DynamicLossScaler.Event.APPLIED, s.update(true).event());
        assertEquals(DynamicLossScaler.Event.SKIPPED, s.update(false).event());
        assertEquals(4, s.scale());
        assertEquals(0, s.goodSteps());
        assertEquals(DynamicLossScaler.Event.APPLIED, s.update(true).event());
        assertEquals(DynamicLossScaler.Event.APPLIED, s.update(true).event());
        DynamicLossScaler.Step grew = s.update(true);
        assertEquals(DynamicLossScaler.Event.GREW, grew.event());
        assertTrue(grew.apply(), "the step that grows the scale is applied");
        assertEquals(4, grew.scaleUsed());
        assertEquals(8, s.scale());
    }

    @Test
    void aLongRunOfOverflowsSettlesAtFloat16sSmallestNormalScale() {
        DynamicLossScaler s = new DynamicLossScaler(1, 2, 0.5, 10);
        for (int i = 0; i < 40; i++) {
            s.update(false);
        }
        assertEquals(0x1p-14, s.scale());
    }

    @Test
    void scalingKeepsAGradientThatFloat16WouldFlushToZero() {
        // A gradient of 1e-8 is below float16's smallest subnormal (5.96e-8): lost unscaled, kept at scale 65536.
        float gradient = 1e-8f;
        assertEquals(0f, HalfFloat.round(gradient));
        DynamicLossScaler s = DynamicLossScaler.pytorchDefaults();
        float scaled = HalfFloat.round((float) (gradient * s.scale()));
        assertEquals(gradient, scaled * s.unscaleFactor(), gradient * 1e-3);
    }

    @Test
    void refusesSettingsThatCannotWork() {
        assertThrows(IllegalArgumentException.class, () -> new DynamicLossScaler(0, 2, 0.5, 1));
        assertThrows(IllegalArgumentException.class, () -> new DynamicLossScaler(1, 1, 0.5, 1));
        assertThrows(IllegalArgumentException.class, () -> new DynamicLossScaler(1, 2, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new DynamicLossScaler(1, 2, 0.5, 0));
        DynamicLossScaler s = DynamicLossScaler.pytorchDefaults();
        s.restore(128, 5);
        assertEquals(128, s.scale());
        assertEquals(5, s.goodSteps());
    }

    /** float16 rounding through the project's IEEE half conversion. */
    private static final class HalfFloat {
        static float round(float x) {
            return HalfFloats.halfToFloat(HalfFloats.floatToHalf(x));
        }
    }
}
