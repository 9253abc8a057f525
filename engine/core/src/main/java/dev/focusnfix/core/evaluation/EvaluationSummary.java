package dev.focusnfix.core.evaluation;

import dev.focusnfix.api.RunLayout;
import java.util.List;
import java.util.Map;

/**
 * The aggregate of a run's evaluation, as the comparison tables show it.
 *
 * @param method the tuner id
 * @param beta the Focus-N-Fix constraint weight, NaN when the tuner has none
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
}
