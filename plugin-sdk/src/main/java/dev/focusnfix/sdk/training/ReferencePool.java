package dev.focusnfix.sdk.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import dev.focusnfix.api.Conditioning;
import dev.focusnfix.api.DiffusionPipeline;
import dev.focusnfix.api.Experimental;
import dev.focusnfix.api.PromptBatch;
import dev.focusnfix.api.TuningContext;
import java.util.ArrayList;
import java.util.List;

/**
 * A fixed pool of {@code N} (prompt, seed) pairs whose reference images and masks are computed once (on first use)
 * and reused: saves the reference sampling and the region function at every step, at the price of training on
 * {@code N} fixed starting points. Entry {@code j}'s prompt and seed, and which entry sample {@code k} uses, derive
 * from the experiment seed, so a resumed run uses the same entries.
 */
@Experimental
public final class ReferencePool implements AutoCloseable {

    private static final long PROMPT_STREAM = TrainingDraws.FIRST_TUNER_STREAM + 1;
    private static final long LATENT_STREAM = TrainingDraws.FIRST_TUNER_STREAM + 2;
    private static final long PICK_STREAM = TrainingDraws.FIRST_TUNER_STREAM + 3;

    private final TuningContext context;
    private final TrainingDraws draws;
    private final NDManager manager;
    private final Reference[] entries;
    private final int size;

    /** A pool of {@code size} entries for the tuner of {@code context}, drawing from {@code draws}. */
    public ReferencePool(TuningContext context, TrainingDraws draws, int size) {
        if (context.sampling().eta() > 0) {
            throw new IllegalArgumentException("referencePool needs deterministic sampling (eta 0, got "
                    + context.sampling().eta() + "): a pooled reference image must be the image the same x_T"
                    + " gives; use referencePool: 0");
        }
        this.context = context;
        this.draws = draws;
        this.size = size;
        this.entries = new Reference[size];
        this.manager = context.manager().newSubManager();
        manager.setName("focus-n-fix-reference-pool");
    }

    /** The pool entries of a micro-batch's samples. */
    public List<Integer> pick(MicroBatch batch) {
        List<Integer> picked = new ArrayList<>();
        for (long sample : batch.sampleIndices()) {
            picked.add(TrainingDraws.uniformIndex(draws.derive(PICK_STREAM, sample), size));
        }
        return picked;
    }

    /** The prompts of entries. */
    public PromptBatch prompts(List<Integer> picked) {
        List<String> all = context.trainPrompts();
        return PromptBatch.of(picked.stream()
                .map(j -> all.get(TrainingDraws.uniformIndex(draws.derive(PROMPT_STREAM, j), all.size())))
                .toList());
    }

    /** The initial latents of entries, in {@code target}. */
    public NDArray initialLatents(List<Integer> picked, NDManager target) {
        return MicroBatch.latentsFromSeeds(
                context.backbone(),
                context.sampling(),
                picked.stream().map(j -> draws.derive(LATENT_STREAM, j)).toList(),
                target);
    }

    /** The references of entries (computed on first use), as one batch in {@code target}. */
    public Reference references(List<Integer> picked, NDManager target) {
        NDList images = new NDList();
        NDList keeps = new NDList();
        for (int j : picked) {
            Reference entry = entry(j);
            images.add(entry.image());
            keeps.add(entry.keep());
        }
        NDArray image = NDArrays.concat(images, 0);
        NDArray keep = NDArrays.concat(keeps, 0);
        image.attach(target);
        keep.attach(target);
        return new Reference(image, keep);
    }

    private Reference entry(int j) {
        if (entries[j] == null) {
            DiffusionPipeline pipeline = context.backbone();
            List<Integer> one = List.of(j);
            PromptBatch prompts = prompts(one);
            try (NDManager scratch = manager.newSubManager();
                    Conditioning conditioning = pipeline.encodePrompts(prompts, scratch)) {
                NDArray xT = initialLatents(one, scratch);
                Reference computed = Reference.compute(
                        pipeline,
                        conditioning,
                        xT,
                        prompts,
                        context.sampling(),
                        0L,
                        context.region(),
                        context.reward(),
                        scratch);
                computed.image().attach(manager);
                computed.keep().attach(manager);
                entries[j] = computed;
            }
        }
        return entries[j];
    }

    @Override
    public void close() {
        manager.close();
    }
}
