package dev.focusnfix.evaluation.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class NiceScaleTest {

    @Test
    void roundTicksAroundTheData() {
        NiceScale scale = NiceScale.of(3, 97, 6);
        assertEquals(new NiceScale(0, 100, 20), scale);
        assertEquals(List.of(0.0, 20.0, 40.0, 60.0, 80.0, 100.0), scale.ticks());
    }

    @Test
    void negativeAndFractionalRanges() {
        NiceScale scale = NiceScale.of(-0.93, -0.12, 6);
        assertEquals(0.2, scale.step(), 1e-15);
        assertEquals(
                List.of("-1.0", "-0.8", "-0.6", "-0.4", "-0.2", "0"),
                scale.ticks().stream().map(scale::label).toList());
    }

    @Test
    void aSingleValueIsWidened() {
        NiceScale scale = NiceScale.of(0.3, 0.3, 6);
        assertEquals(
                List.of("0.26", "0.28", "0.30", "0.32", "0.34"),
                scale.ticks().stream().map(scale::label).toList());
        NiceScale steps = NiceScale.of(5, 5, 8, true);
        assertEquals(List.of(4.0, 5.0, 6.0), steps.ticks());
    }

    @Test
    void tinyAndHugeValuesUseScientificLabels() {
        NiceScale learningRate = NiceScale.of(2e-6, 2e-5, 6);
        assertEquals(
                List.of("0", "5e-6", "1e-5", "1.5e-5", "2e-5"),
                learningRate.ticks().stream().map(learningRate::label).toList());
        NiceScale bytes = NiceScale.of(0, 3.2e9, 5);
        assertEquals("1e9", bytes.label(1e9));
    }
}
