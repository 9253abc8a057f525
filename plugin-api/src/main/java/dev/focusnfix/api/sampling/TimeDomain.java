package dev.focusnfix.api.sampling;

import dev.focusnfix.api.Experimental;
import dev.focusnfix.api.Stable;

/**
 * What the integer timesteps of a {@link DiffusionSchedule} stand for. Timesteps are never assumed to lie below
 * 1000: their range is {@code [0, DiffusionSchedule.trainSteps())}.
 */
@Stable(since = "0.1.0")
public enum TimeDomain {
    /** The training steps of a discrete-time model (DDPM, DDIM): timestep {@code t} is the model's input. */
    DISCRETE,
    /**
     * Continuous time {@code s in [0, 1]} sampled on a grid of {@code trainSteps()} points, {@code s = t /
     * (trainSteps() - 1)}: room for continuous-time and flow-matching models; choose a fine grid.
     */
    @Experimental
    CONTINUOUS
}
