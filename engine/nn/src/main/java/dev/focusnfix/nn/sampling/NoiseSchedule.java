package dev.focusnfix.nn.sampling;

import dev.focusnfix.api.InvalidInputException;

/**
 * The training noise schedule: betas and their cumulative products {@code alphaBar[t] = prod_{s<=t} (1 - beta_s)}.
 * Values are held as float32 numbers, computed the way diffusers does (betas in float32, the cumulative product
 * accumulated in double and stored as float32), so that samplers see the reference numbers.
 */
public final class NoiseSchedule {

    private final float[] betas;
    private final float[] alphaBars;
    private final double finalAlphaBar;

    private NoiseSchedule(float[] betas, double finalAlphaBarOrNaN) {
        this.betas = betas;
        this.alphaBars = new float[betas.length];
        double product = 1.0;
        for (int t = 0; t < betas.length; t++) {
            float alpha = 1.0f - betas[t];
            product *= alpha;
            alphaBars[t] = (float) product;
        }
        this.finalAlphaBar = Double.isNaN(finalAlphaBarOrNaN) ? alphaBars[0] : finalAlphaBarOrNaN;
    }

    /** Builds the schedule a config describes. */
    public static NoiseSchedule of(SchedulerConfig config) {
        int n = config.numTrainTimesteps();
        float[] betas = new float[n];
        double[] trained = config.trainedBetas();
        if (trained != null) {
            for (int t = 0; t < n; t++) {
                betas[t] = (float) trained[t];
            }
        } else {
            switch (config.betaSchedule()) {
                case "linear" -> {
                    for (int t = 0; t < n; t++) {
                        betas[t] = (float) linspace(config.betaStart(), config.betaEnd(), n, t);
                    }
                }
                case "scaled_linear" -> {
                    // Linear in sqrt(beta), then squared (in float32, as the reference does).
                    double from = Math.sqrt(config.betaStart());
                    double to = Math.sqrt(config.betaEnd());
                    for (int t = 0; t < n; t++) {
                        float root = (float) linspace(from, to, n, t);
                        betas[t] = root * root;
                    }
                }
                case "squaredcos_cap_v2" -> {
                    for (int t = 0; t < n; t++) {
                        double ratio = cosineAlphaBar((t + 1) / (double) n) / cosineAlphaBar(t / (double) n);
                        betas[t] = (float) Math.min(1 - ratio, 0.999);
                    }
                }
                default ->
                    throw new InvalidInputException(config.source() + ": unsupported beta_schedule = \""
                            + config.betaSchedule() + "\"; accepted: "
                            + String.join(", ", SchedulerConfig.BETA_SCHEDULES));
            }
        }
        if (config.rescaleBetasZeroSnr()) {
            rescaleToZeroTerminalSnr(betas);
        }
        return new NoiseSchedule(betas, config.setAlphaToOne() ? 1.0 : Double.NaN);
    }

    private static double linspace(double from, double to, int count, int index) {
        return count == 1 ? from : from + (to - from) * index / (count - 1);
    }

    /** The cosine schedule of Nichol and Dhariwal (2021). */
    private static double cosineAlphaBar(double time) {
        double c = Math.cos((time + 0.008) / 1.008 * Math.PI / 2);
        return c * c;
    }

    /** Lin et al. (2023): shift and scale sqrt(alphaBar) so that the last step has zero signal. */
    private static void rescaleToZeroTerminalSnr(float[] betas) {
        int n = betas.length;
        double[] root = new double[n];
        double product = 1.0;
        for (int t = 0; t < n; t++) {
            product *= 1.0 - betas[t];
            root[t] = Math.sqrt(product);
        }
        double first = root[0];
        double last = root[n - 1];
        double previous = 0;
        for (int t = 0; t < n; t++) {
            double shifted = (root[t] - last) * first / (first - last);
            double alphaBar = shifted * shifted;
            double alpha = t == 0 ? alphaBar : alphaBar / previous;
            betas[t] = (float) (1.0 - alpha);
            previous = alphaBar;
        }
    }

    /** Number of training timesteps. */
    public int size() {
        return betas.length;
    }

    /** beta_t. */
    public double beta(int t) {
        checkRange(t);
        return betas[t];
    }

    /** alphaBar_t for 0 <= t < size(); for t < 0 the final value (1, or alphaBar_0 without set_alpha_to_one). */
    public double alphaBar(int t) {
        if (t < 0) {
            return finalAlphaBar;
        }
        checkRange(t);
        return alphaBars[t];
    }

    private void checkRange(int t) {
        if (t >= betas.length) {
            throw new IllegalArgumentException(
                    "timestep " + t + " is outside the training schedule [0, " + (betas.length - 1) + "]");
        }
        if (t < 0) {
            throw new IllegalArgumentException("timestep " + t + " is negative");
        }
    }
}
