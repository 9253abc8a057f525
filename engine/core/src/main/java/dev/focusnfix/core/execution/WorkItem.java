package dev.focusnfix.core.execution;

import java.io.Serializable;

/**
 * One unit of evaluation work: a variant's image for one prompt and seed, or one forgetting-probe image. Everything
 * random about the image (its initial noise) derives from the item, so any process that evaluates it gets the same
 * bits.
 *
 * @param variant the run (variant) it belongs to, for messages
 * @param probeIndex the probe's index among the evaluation's probes; -1 for an evaluation image
 * @param probeName the probe's name, or null for an evaluation image
 * @param promptIndex the prompt's index among the evaluation prompts (or the probe's prompts)
 * @param prompt the prompt
 * @param seed the seed of the image's initial latents
 */
public record WorkItem(String variant, int probeIndex, String probeName, int promptIndex, String prompt, long seed)
        implements Serializable {

    private static final long serialVersionUID = 1L;

    /** An evaluation image. */
    public static WorkItem image(String variant, int promptIndex, String prompt, long seed) {
        return new WorkItem(variant, -1, null, promptIndex, prompt, seed);
    }

    /** A forgetting-probe image. */
    public static WorkItem probe(
            String variant, int probeIndex, String probeName, int promptIndex, String prompt, long seed) {
        return new WorkItem(variant, probeIndex, probeName, promptIndex, prompt, seed);
    }

    /** Whether this is a probe image. */
    public boolean isProbe() {
        return probeIndex >= 0;
    }

    /** A file-name-safe identity, unique within one evaluation. */
    public String id() {
        String kind = isProbe() ? "probe" + probeIndex : "image";
        return kind + "-" + String.format("%03d", promptIndex) + "-seed" + seed;
    }

    /** The item for people: variant, prompt and seed. */
    public String describe() {
        return variant + ": prompt " + promptIndex + " '" + prompt + "', seed " + seed
                + (isProbe() ? " (probe '" + probeName + "')" : "");
    }
}
