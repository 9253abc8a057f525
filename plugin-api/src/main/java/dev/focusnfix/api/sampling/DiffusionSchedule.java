package dev.focusnfix.api.sampling;

import dev.focusnfix.api.Stable;

/**
 * A backbone's noise schedule as a sampling procedure needs it: the timesteps of a run, the timestep each step
 * denoises to, and the signal level {@code alphaBar(t)} (the cumulative product of {@code 1 - beta}, so that
 * {@code x_t = sqrt(alphaBar(t)) x_0 + sqrt(1 - alphaBar(t)) eps}). Timesteps lie in {@code [0, trainSteps())},
 * whatever that range is (4000 is as valid as 1000).
 */
@Stable(since = "0.1.0")
public interface DiffusionSchedule {

    /** What the timesteps stand for. */
    default TimeDomain timeDomain() {
        return TimeDomain.DISCRETE;
    }

    /** The number of training timesteps: every timestep lies in {@code [0, trainSteps())}. */
    int trainSteps();

    /** The timesteps of a run of {@code steps} steps, strictly descending, the noisiest first. */
    int[] timesteps(int steps);

    /**
     * The timestep the step from {@code t} denoises to in a run of {@code steps} steps; negative after the last
     * step, meaning the final state ({@link #alphaBar(int)} of a negative timestep). By default the next timestep of
     * {@link #timesteps(int)}; DDIM as diffusers runs it uses {@code t - trainSteps() / steps} instead.
     *
     * @throws IllegalArgumentException when {@code t} is not a timestep of the run
     */
    default int previousTimestep(int t, int steps) {
        int[] run = timesteps(steps);
        for (int i = 0; i < run.length; i++) {
            if (run[i] == t) {
                return i + 1 < run.length ? run[i + 1] : -1;
            }
        }
        throw new IllegalArgumentException("timestep " + t + " is not one of the " + steps + "-step run's timesteps");
    }

    /**
     * {@code alphaBar} at timestep {@code t}, in {@code (0, 1]}; for a negative {@code t} the value of the final
     * state the last step reaches (often 1: no noise left).
     */
    double alphaBar(int t);
}
