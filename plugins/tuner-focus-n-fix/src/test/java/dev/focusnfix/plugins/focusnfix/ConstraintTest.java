package dev.focusnfix.plugins.focusnfix;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.focusnfix.api.Conditioning;
import dev.focusnfix.api.ImageBatch;
import dev.focusnfix.api.PromptBatch;
import dev.focusnfix.api.Reward;
import dev.focusnfix.api.RewardOutput;
import dev.focusnfix.api.SamplingSettings;
import dev.focusnfix.api.services.ProgressReporter;
import dev.focusnfix.api.tensor.Scalars;
import dev.focusnfix.api.testkit.TestData;
import dev.focusnfix.api.testkit.TestExtensionContext;
import dev.focusnfix.api.testkit.TestTuningContext;
import dev.focusnfix.nn.pipeline.LatentDiffusionPipeline;
import dev.focusnfix.nn.pipeline.Sampler;
import dev.focusnfix.sdk.training.LearningRateSchedule;
import dev.focusnfix.sdk.training.LoraOptions;
import dev.focusnfix.sdk.training.MicroBatch;
import dev.focusnfix.sdk.training.TrainingDraws;
import dev.focusnfix.sdk.training.TrainingOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On toy-shapes (64x64) with a reward that penalises redness and a fixed central mask, a large beta keeps the image
 * outside the mask much closer to the pretrained model's image than beta = 0 (DRaFT) after a few steps.
 */
class ConstraintTest {

    private static final SamplingSettings SAMPLING = new SamplingSettings(64, 64, 8, 5f, 0f);
    private static final List<String> PROMPTS = List.of(
            "a circle on a blue background", "a square on a green background", "a triangle on a white background");
    private static final long SEED = 21L;

    @TempDir
    Path temp;

    /** {@code r = mean(0.5 (G + B) - R)}: less red is better, everywhere in the image. */
    static final class LessRed implements Reward {
        @Override
        public boolean isDifferentiable() {
            return true;
        }

        @Override
        public RewardOutput score(ImageBatch images, PromptBatch prompts) {
            NDArray p = images.pixels();
            NDArray r = p.get(":, 0");
            NDArray gb = Scalars.mul(p.get(":, 1").add(p.get(":, 2")), 0.5);
            return RewardOutput.of(gb.sub(r).reshape(images.size(), -1).mean(new int[] {1}));
        }
    }

    private record Outcome(double outsideDistance, double rewardGain) {}

    private Outcome train(double beta) throws Exception {
        Path modelDir = TestData.root().getParent().resolve("models/toy-shapes");
        Reward reward = new LessRed();
        try (TestExtensionContext services = new TestExtensionContext(TestData.root(), temp, SEED);
                LatentDiffusionPipeline pipeline =
                        LatentDiffusionPipeline.load(modelDir, null, SAMPLING, Device.cpu(), DataType.FLOAT32)) {
            TestTuningContext context = new TestTuningContext(
                    services,
                    ProgressReporter.silent(),
                    pipeline,
                    reward,
                    new FixedRegion(),
                    PROMPTS,
                    SAMPLING,
                    temp.resolve("beta-" + beta),
                    false,
                    "constraint");
            FocusNFixOptions options = new FocusNFixOptions(
                    beta,
                    0,
                    2,
                    new TrainingOptions(
                            new LoraOptions(4, 4f, List.of()),
                            1e-2,
                            LearningRateSchedule.CONSTANT,
                            0.0,
                            0.0,
                            4,
                            2,
                            1,
                            0,
                            1,
                            3,
                            false));
            new FocusNFixTuner().tune(options, context);

            // The first four training samples, with the trained adapters and with them switched off.
            TrainingDraws draws = new TrainingDraws(SEED);
            List<String> prompts = new ArrayList<>();
            List<Long> seeds = new ArrayList<>();
            for (long k = 0; k < 4; k++) {
                prompts.add(PROMPTS.get(draws.promptIndex(k, PROMPTS.size())));
                seeds.add(draws.initialLatentSeed(k));
            }
            try (NDManager m = NDManager.newBaseManager(Device.cpu());
                    Conditioning c = pipeline.encodePrompts(PromptBatch.of(prompts), m)) {
                NDArray xT = MicroBatch.latentsFromSeeds(pipeline, SAMPLING, seeds, m);
                NDArray tuned = pipeline.decode(Sampler.of(pipeline).sample(c, xT, SAMPLING));
                pipeline.adapters().setScale(0f);
                NDArray base = pipeline.decode(Sampler.of(pipeline).sample(c, xT, SAMPLING));
                pipeline.adapters().setScale(1f);
                NDArray box =
                        Scalars.constant(m, FixedRegion.boxMask(64, 64), new Shape(1, 1, 64, 64), DataType.FLOAT32);
                NDArray outside = tuned.sub(base).mul(Scalars.rsub(1, box));
                double distance = outside.square()
                        .reshape(4, -1)
                        .sum(new int[] {1})
                        .sqrt()
                        .mean()
                        .getFloat();
                PromptBatch batch = PromptBatch.of(prompts);
                double gain = reward.score(new ImageBatch(tuned), batch)
                                .reward()
                                .mean()
                                .getFloat()
                        - reward.score(new ImageBatch(base), batch)
                                .reward()
                                .mean()
                                .getFloat();
                return new Outcome(distance, gain);
            }
        }
    }

    @Test
    void aLargeBetaKeepsTheImageOutsideTheMaskCloserToTheReference() throws Exception {
        Outcome draft = train(0);
        Outcome constrained = train(100);
        System.out.println("beta 0: " + draft + ", beta 100: " + constrained);
        assertTrue(draft.rewardGain() > 0, "beta 0 (DRaFT) must raise the reward: " + draft);
        assertTrue(draft.outsideDistance() > 0.5, "DRaFT must change the image outside the mask: " + draft);
        assertTrue(
                constrained.outsideDistance() < 0.5 * draft.outsideDistance(),
                "beta 100 must keep the outside closer to I0: " + constrained + " vs " + draft);
    }
}
