package dev.focusnfix.evaluation.metrics;

/**
 * An independent reference for the tests: SSIM straight from its definition, with direct 11x11 windowed sums of a
 * 2-D Gaussian (no separable filtering) and centred moments, over the 'valid' window positions, averaged over channels
 * and positions. Slow and simple on purpose; shares no code with {@link Ssim}.
 */
final class NaiveSsim {

    private NaiveSsim() {}

    /** Mean SSIM of one image pair, channel-major arrays [c, h, w]. */
    static double mean(double[] x, double[] y, int c, int h, int w) {
        double[][] window = new double[11][11];
        double total = 0;
        for (int a = 0; a < 11; a++) {
            for (int b = 0; b < 11; b++) {
                window[a][b] = Math.exp(-((a - 5) * (a - 5) + (b - 5) * (b - 5)) / (2 * 1.5 * 1.5));
                total += window[a][b];
            }
        }
        double c1 = Math.pow(0.01 * 1.0, 2);
        double c2 = Math.pow(0.03 * 1.0, 2);
        double sum = 0;
        int count = 0;
        for (int k = 0; k < c; k++) {
            for (int i = 0; i + 11 <= h; i++) {
                for (int j = 0; j + 11 <= w; j++) {
                    double muX = 0;
                    double muY = 0;
                    for (int a = 0; a < 11; a++) {
                        for (int b = 0; b < 11; b++) {
                            double g = window[a][b] / total;
                            muX += g * x[(k * h + i + a) * w + j + b];
                            muY += g * y[(k * h + i + a) * w + j + b];
                        }
                    }
                    double varX = 0;
                    double varY = 0;
                    double cov = 0;
                    for (int a = 0; a < 11; a++) {
                        for (int b = 0; b < 11; b++) {
                            double g = window[a][b] / total;
                            double dx = x[(k * h + i + a) * w + j + b] - muX;
                            double dy = y[(k * h + i + a) * w + j + b] - muY;
                            varX += g * dx * dx;
                            varY += g * dy * dy;
                            cov += g * dx * dy;
                        }
                    }
                    sum += (2 * muX * muY + c1) * (2 * cov + c2) / ((muX * muX + muY * muY + c1) * (varX + varY + c2));
                    count++;
                }
            }
        }
        return sum / count;
    }
}
