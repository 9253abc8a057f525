package dev.focusnfix.evaluation.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AggregationTest {

    @Test
    void summaryOfKnownValues() {
        Summary s = Summary.of(4, 1, 3, 2, 5);
        assertEquals(5, s.count());
        assertEquals(0, s.skipped());
        assertEquals(3.0, s.mean(), 1e-15);
        assertEquals(3.0, s.median(), 0.0);
        assertEquals(Math.sqrt(2.5), s.std(), 1e-15); // squares 10 over n - 1 = 4
        assertEquals(1.0, s.min());
        assertEquals(5.0, s.max());
    }

    @Test
    void evenCountMedianAndNanSkipping() {
        Summary s = Summary.of(10, Double.NaN, 2, 4, 8);
        assertEquals(4, s.count());
        assertEquals(1, s.skipped());
        assertEquals(6.0, s.median(), 0.0);
        assertEquals(6.0, s.mean(), 1e-15);
    }

    @Test
    void degenerateSummaries() {
        Summary none = Summary.of(Double.NaN);
        assertEquals(0, none.count());
        assertTrue(Double.isNaN(none.mean()) && Double.isNaN(none.median()) && Double.isNaN(none.std()));
        Summary one = Summary.of(7);
        assertEquals(7.0, one.mean());
        assertTrue(Double.isNaN(one.std()), "one value has no sample standard deviation");
        Summary infinite = Summary.of(20, Double.POSITIVE_INFINITY, 30);
        assertEquals(Double.POSITIVE_INFINITY, infinite.mean());
        assertEquals(30.0, infinite.median());
    }

    @Test
    void changeRatesUseAStrictMargin() {
        double[] before = {0.0, 0.0, 0.0, 0.0, 1.0, Double.NaN};
        double[] after = {0.5, 0.25, -0.5, 0.1, 0.0, 2.0};
        ChangeRates r = ChangeRates.of(before, after, 0.25);
        assertEquals(5, r.pairs());
        assertEquals(1, r.skipped());
        assertEquals(1, r.improved(), "0.25 is not more than the margin");
        assertEquals(2, r.degraded());
        assertEquals(2, r.unchanged());
        assertEquals(0.2, r.improveRate(), 1e-15);
        assertEquals(0.4, r.degradeRate(), 1e-15);
    }

    @Test
    void paperStyleVoteMargin() {
        // votes out of 11: improve when the fine-tuned image wins by more than 3 votes
        double[] base = {2, 4, 5, 1};
        double[] tuned = {9, 7, 5, 6};
        ChangeRates r = ChangeRates.of(base, tuned, 3);
        assertEquals(2, r.improved());
        assertEquals(0, r.degraded());
    }

    @Test
    void changeRatesRejectBadInput() {
        assertThrows(IllegalArgumentException.class, () -> ChangeRates.of(new double[2], new double[3], 0));
        assertThrows(IllegalArgumentException.class, () -> ChangeRates.of(new double[2], new double[2], -1));
        assertThrows(IllegalArgumentException.class, () -> ChangeRates.of(new double[2], new double[2], Double.NaN));
        assertTrue(Double.isNaN(ChangeRates.of(new double[0], new double[0], 0).improveRate()));
    }
}
