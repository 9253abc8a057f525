package dev.focusnfix.evaluation.tables;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The evaluation of one method or run against the base model, as one row of the paper's Tables 3 and 4. Every
 * number may be NaN, meaning "not measured"; a PSNR may be {@code +inf} (images identical to the base model's).
 *
 * @param method the method or run name, e.g. {@code Focus-N-Fix} or {@code DRaFT}
 * @param beta the constraint weight of the run (0 is DRaFT), NaN for methods without one
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
        double beta,
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

    /** Validates the name and freezes the map. */
    public MethodResult {
        Objects.requireNonNull(method, "method");
        otherRewardChange = Collections.unmodifiableMap(
                new LinkedHashMap<>(otherRewardChange == null ? Map.of() : otherRewardChange));
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
        private double beta = Double.NaN;
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

        /** The constraint weight. */
        public Builder beta(double value) {
            this.beta = value;
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
                    beta,
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
