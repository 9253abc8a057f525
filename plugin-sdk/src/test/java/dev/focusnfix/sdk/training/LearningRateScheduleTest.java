package dev.focusnfix.sdk.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The learning-rate schedules against their closed forms. */
class LearningRateScheduleTest {

    @Test
    void schedulesFollowTheirFormulas() {
        double eta0 = 2e-5;
        for (int i = 1; i <= 10; i++) {
            assertEquals(eta0, LearningRateSchedule.CONSTANT.rate(eta0, i, 10), 0);
            assertEquals(eta0 / Math.sqrt(i), LearningRateSchedule.INVERSE_SQRT.rate(eta0, i, 10), 1e-20);
            assertEquals(
                    eta0 * 0.5 * (1 + Math.cos(Math.PI * (i - 1) / 10)),
                    LearningRateSchedule.COSINE.rate(eta0, i, 10),
                    1e-20);
        }
        assertEquals(eta0, LearningRateSchedule.COSINE.rate(eta0, 1, 10), 0);
        assertEquals(eta0 / 2, LearningRateSchedule.INVERSE_SQRT.rate(eta0, 4, 10), 0);
        assertTrue(LearningRateSchedule.COSINE.rate(eta0, 10, 10) > 0);
    }
}
