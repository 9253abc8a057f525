package dev.focusnfix.core.evaluation;

import java.util.Map;

/**
 * The measurements of one evaluation image: a prompt and seed, the base model's image against the tuned (or guided)
 * one from the same initial latents.
 *
 * @param promptIndex index of the prompt among the evaluation prompts
 * @param prompt the prompt
 * @param seed the seed of the initial latents
 * @param rewardBefore the target reward of the base image
 * @param rewardAfter the target reward of the tuned image
 * @param otherRewards further rewards, by name: {@code [before, after]}
 * @param psnr PSNR of tuned against base in dB (+infinity for identical images)
 * @param ssim SSIM of tuned against base
 * @param lpips LPIPS distance, NaN when not configured
 * @param psnrInside PSNR inside the base image's mask (NaN without mask pixels)
 * @param psnrOutside PSNR outside the mask
 * @param ssimInside SSIM inside the mask
 * @param ssimOutside SSIM outside the mask
 * @param maskFraction the share of pixels inside the mask (NaN without a region function)
 */
public record ImageEvaluation(
        int promptIndex,
        String prompt,
        long seed,
        double rewardBefore,
        double rewardAfter,
        Map<String, double[]> otherRewards,
        double psnr,
        double ssim,
        double lpips,
        double psnrInside,
        double psnrOutside,
        double ssimInside,
        double ssimOutside,
        double maskFraction)
        implements java.io.Serializable {}
