package dev.focusnfix.core.evaluation;

import dev.focusnfix.api.FineTuner;
import dev.focusnfix.api.RunLayout;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The aggregate of a run's evaluation, as the comparison tables show it.
 *
 * @param method the tuner id
 * @param beta the Focus-N-Fix constraint weight, NaN when the tuner has none
 * @param parameters every parameter the tuner reports for the comparison tables ({@link FineTuner#tableParameters}:
 *     beta, K, lambda, ...), by name in display order; an {@code evaluation.json} written before it existed reads
 *     back as the beta alone
 * @param images the number of evaluated images
 * @param rewardBefore mean target reward of the base images
 * @param rewardAfter mean target reward of the tuned images
 * @param psnr mean PSNR in dB, each image capped at 100 dB (identical images would otherwise make it infinite)
 * @param ssim mean SSIM
 * @param lpips mean LPIPS, NaN when not configured
 * @param psnrOutside mean capped PSNR outside the masks
 * @param psnrInside mean capped PSNR inside the masks
 * @param improveRate share of images whose target reward rose by more than the margin
 * @param degradeRate share of images whose target reward fell by more than the margin
 * @param margin the margin
 * @param otherRewardChange mean change (after minus before) of each further reward
 * @param otherDegradeRate share of images whose further reward fell by more than the margin, by reward
 * @param probes the forgetting probes
 * @param perImage every image's measurements
 */
public record EvaluationSummary(
        String method,
        double beta,
        Map<String, Double> parameters,
        int images,
        double rewardBefore,
        double rewardAfter,
        double psnr,
        double ssim,
        double lpips,
        double psnrOutside,
        double psnrInside,
        double improveRate,
        double degradeRate,
        double margin,
        Map<String, Double> otherRewardChange,
        Map<String, Double> otherDegradeRate,
        List<ProbeResult> probes,
        List<ImageEvaluation> perImage) {

    /** The file a run folder keeps it in. */
    public static final String FILE = RunLayout.EVALUATION;

    /** Fills in the parameters of an older file from its beta. */
    public EvaluationSummary {
        if (parameters == null) {
            parameters = Double.isNaN(beta) ? Map.of() : Map.of(FineTuner.BETA, beta);
        }
        parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    }
}
