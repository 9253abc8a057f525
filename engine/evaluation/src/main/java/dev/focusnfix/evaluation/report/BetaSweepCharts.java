package dev.focusnfix.evaluation.report;

import dev.focusnfix.evaluation.tables.MethodResult;
import java.math.BigDecimal;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The paper's beta sweep: reward gain against the image change from the base model (PSNR, SSIM, LPIPS), one point
 * per beta labelled with it, joined in order of beta. Beta = 0 is DRaFT: the largest gain and the largest change;
 * growing beta trades gain for faithfulness.
 */
public final class BetaSweepCharts {

    private BetaSweepCharts() {}

    /** Three figures (gain vs PSNR, SSIM, LPIPS) from the results that have a beta; none if no result has one. */
    public static List<Figure> of(List<MethodResult> results) {
        List<MethodResult> sweep = results.stream()
                .filter(r -> Double.isFinite(r.beta()))
                .sorted(Comparator.comparingDouble(MethodResult::beta))
                .toList();
        if (sweep.isEmpty()) {
            return List.of();
        }
        return List.of(
                figure(sweep, "PSNR", "PSNR against base (dB)", MethodResult::psnr),
                figure(sweep, "SSIM", "SSIM against base", MethodResult::ssim),
                figure(sweep, "LPIPS", "LPIPS against base", MethodResult::lpips));
    }

    private static Figure figure(
            List<MethodResult> sweep, String metric, String xLabel, ToDoubleFunction<MethodResult> change) {
        List<SvgScatterChart.LabelledPoint> points = sweep.stream()
                .map(r ->
                        new SvgScatterChart.LabelledPoint(change.applyAsDouble(r), r.gain(), "β=" + betaText(r.beta())))
                .toList();
        String title = "Reward gain vs " + metric;
        String svg = SvgScatterChart.builder(title)
                .xLabel(xLabel)
                .yLabel("reward gain")
                .connect(true)
                .series("β sweep", points)
                .build()
                .toSvg();
        return new Figure(title + " (one point per β; β = 0 is DRaFT)", svg);
    }

    /** The shortest exact decimal: 0.0005, 0.001, 0. */
    static String betaText(double beta) {
        String text = BigDecimal.valueOf(beta).stripTrailingZeros().toPlainString();
        return text.equals("-0") ? "0" : text;
    }
}
