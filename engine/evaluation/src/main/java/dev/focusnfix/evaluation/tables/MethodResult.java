package dev.focusnfix.evaluation.tables;

import dev.focusnfix.api.FineTuner;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The evaluation of one method or run against the base model, as one row of the paper's Tables 3 and 4. Every
 * number may be NaN, meaning "not measured"; a PSNR may be {@code +inf} (images identical to the base model's).
 *
 * @param method the method or run name, e.g. {@code Focus-N-Fix} or {@code DRaFT}
 * @param parameters the tuner parameters that tell the run apart ({@link FineTuner#tableParameters}: {@code beta},
 *     {@code K}, {@code lambda}, ...), by name in display order; empty for methods without any
 * @param rewardBefore mean reward of the base model's images
 * @param rewardAfter mean reward of the tuned model's images for the same prompts and seeds
 * @param psnr mean PSNR (dB) of the tuned images against the base images
 * @param ssim mean SSIM against the base images
 * @param lpips mean LPIPS distance to the base images
 * @param psnrOutsideMask PSNR over the pixels outside the problem region (what the constraint protects)
 * @param psnrInsideMask PSNR over the pixels inside the problem region (where change is wanted)
 * @param improveRate fraction of images judged better than the base model's, in [0, 1]
 * @param degradeRate fraction of images judged worse than the base model's, in [0, 1]
 * @param otherRewardChange change of other rewards (tuned minus base), by reward name, in insertion order; measures
 *     forgetting
 */
public record MethodResult(
        String method,
        Map<String, Double> parameters,
        double rewardBefore,
        double rewardAfter,
        double psnr,
        double ssim,
        double lpips,
        double psnrOutsideMask,
        double psnrInsideMask,
        double improveRate,
        double degradeRate,
        Map<String, Double> otherRewardChange) {

    /** Validates the name and freezes the maps. */
    public MethodResult {
        Objects.requireNonNull(method, "method");
        parameters = frozen(parameters);
        otherRewardChange = frozen(otherRewardChange);
    }

    private static Map<String, Double> frozen(Map<String, Double> map) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(map == null ? Map.of() : map));
    }

    /** The constraint weight ({@value FineTuner#BETA}; 0 is DRaFT), NaN for methods without one. */
    public double beta() {
        return parameter(FineTuner.BETA);
    }

    /** The parameter of that name, NaN when the run's tuner has none. */
    public double parameter(String name) {
        Double value = parameters.get(name);
        return value == null ? Double.NaN : value;
    }

    /** Reward gain: {@code rewardAfter - rewardBefore} (NaN when either is missing). */
    public double gain() {
        return rewardAfter - rewardBefore;
    }

    /** A builder with every number missing; set what was measured. */
    public static Builder builder(String method) {
        return new Builder(method);
    }

    /** Builds a {@link MethodResult}; unset numbers stay NaN (missing). */
    public static final class Builder {
        private final String method;
        private final Map<String, Double> parameters = new LinkedHashMap<>();
        private double rewardBefore = Double.NaN;
        private double rewardAfter = Double.NaN;
        private double psnr = Double.NaN;
        private double ssim = Double.NaN;
        private double lpips = Double.NaN;
        private double psnrOutsideMask = Double.NaN;
        private double psnrInsideMask = Double.NaN;
        private double improveRate = Double.NaN;
        private double degradeRate = Double.NaN;
        private final Map<String, Double> otherRewardChange = new LinkedHashMap<>();

        private Builder(String method) {
            this.method = Objects.requireNonNull(method, "method");
        }

        /** The constraint weight ({@value FineTuner#BETA}). */
        public Builder beta(double value) {
            return parameter(FineTuner.BETA, value);
        }

        /** A tuner parameter; parameters keep the order they are set in. */
        public Builder parameter(String name, double value) {
            parameters.put(Objects.requireNonNull(name, "name"), value);
            return this;
        }

        /** Tuner parameters, by name in display order (as {@link FineTuner#tableParameters} reports them). */
        public Builder parameters(Map<String, Double> values) {
            values.forEach(this::parameter);
            return this;
        }

        /** Mean reward of the base and of the tuned model. */
        public Builder rewards(double before, double after) {
            this.rewardBefore = before;
            this.rewardAfter = after;
            return this;
        }

        /** Image change against the base model: PSNR (dB), SSIM, LPIPS. */
        public Builder imageChange(double psnrDb, double ssimValue, double lpipsValue) {
            this.psnr = psnrDb;
            this.ssim = ssimValue;
            this.lpips = lpipsValue;
            return this;
        }

        /** PSNR (dB) outside and inside the problem region. */
        public Builder maskedPsnr(double outside, double inside) {
            this.psnrOutsideMask = outside;
            this.psnrInsideMask = inside;
            return this;
        }

        /** Fractions of images judged improved and degraded, in [0, 1]. */
        public Builder preference(double improve, double degrade) {
            this.improveRate = improve;
            this.degradeRate = degrade;
            return this;
        }

        /** Change of another reward (tuned minus base). */
        public Builder otherReward(String rewardName, double change) {
            otherRewardChange.put(Objects.requireNonNull(rewardName, "rewardName"), change);
            return this;
        }

        /** The result. */
        public MethodResult build() {
            return new MethodResult(
                    method,
                    parameters,
                    rewardBefore,
                    rewardAfter,
                    psnr,
                    ssim,
                    lpips,
                    psnrOutsideMask,
                    psnrInsideMask,
                    improveRate,
                    degradeRate,
                    otherRewardChange);
        }
    }
}
