package dev.focusnfix.api.testkit;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.focusnfix.api.DiffusionPipeline;
import dev.focusnfix.api.ExtensionContext;
import dev.focusnfix.api.RegionMasker;
import dev.focusnfix.api.Reward;
import dev.focusnfix.api.SamplingSettings;
import dev.focusnfix.api.TuningContext;
import dev.focusnfix.api.services.ModelLocator;
import dev.focusnfix.api.services.OutputFolders;
import dev.focusnfix.api.services.ProgressReporter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A {@link TuningContext} for tests: framework services (device, data type, manager, model locator, seed) from
 * another context such as {@link TestExtensionContext}, the parts the test opened, and a run folder whose
 * sub-folders {@link #outputs()} creates. The {@code with...} methods give a copy with one part replaced, for tests
 * that resume, interrupt or swap the backbone.
 *
 * @param services device, data type, manager, model locator and seed come from here
 * @param progress the progress reporter
 * @param backbone the backbone to tune
 * @param reward the reward
 * @param region the region function, or null
 * @param trainPrompts training prompts
 * @param sampling sampling settings during training
 * @param runDirectory the run folder
 * @param resume whether to continue from the latest valid checkpoint
 * @param experimentHash the hash of the experiment stored in checkpoints
 */
public record TestTuningContext(
        ExtensionContext services,
        ProgressReporter progress,
        DiffusionPipeline backbone,
        Reward reward,
        RegionMasker region,
        List<String> trainPrompts,
        SamplingSettings sampling,
        Path runDirectory,
        boolean resume,
        String experimentHash)
        implements TuningContext {

    /** Copies the prompt list. */
    public TestTuningContext {
        trainPrompts = List.copyOf(trainPrompts);
    }

    /** A fresh (not resuming) run with silent progress and the experiment hash {@code test}. */
    public TestTuningContext(
            ExtensionContext services,
            DiffusionPipeline backbone,
            Reward reward,
            RegionMasker region,
            List<String> trainPrompts,
            SamplingSettings sampling,
            Path runDirectory) {
        this(
                services,
                ProgressReporter.silent(),
                backbone,
                reward,
                region,
                trainPrompts,
                sampling,
                runDirectory,
                false,
                "test");
    }

    /** The same context resuming (or not). */
    public TestTuningContext withResume(boolean newResume) {
        return new TestTuningContext(
                services,
                progress,
                backbone,
                reward,
                region,
                trainPrompts,
                sampling,
                runDirectory,
                newResume,
                experimentHash);
    }

    /** The same context with another experiment hash. */
    public TestTuningContext withExperimentHash(String newHash) {
        return new TestTuningContext(
                services, progress, backbone, reward, region, trainPrompts, sampling, runDirectory, resume, newHash);
    }

    /** The same context with another backbone. */
    public TestTuningContext withBackbone(DiffusionPipeline newBackbone) {
        return new TestTuningContext(
                services,
                progress,
                newBackbone,
                reward,
                region,
                trainPrompts,
                sampling,
                runDirectory,
                resume,
                experimentHash);
    }

    /** The same context with another reward. */
    public TestTuningContext withReward(Reward newReward) {
        return new TestTuningContext(
                services,
                progress,
                backbone,
                newReward,
                region,
                trainPrompts,
                sampling,
                runDirectory,
                resume,
                experimentHash);
    }

    /** The same context with another progress reporter. */
    public TestTuningContext withProgress(ProgressReporter newProgress) {
        return new TestTuningContext(
                services,
                newProgress,
                backbone,
                reward,
                region,
                trainPrompts,
                sampling,
                runDirectory,
                resume,
                experimentHash);
    }

    @Override
    public Device device() {
        return services.device();
    }

    @Override
    public DataType dataType() {
        return services.dataType();
    }

    @Override
    public NDManager manager() {
        return services.manager();
    }

    @Override
    public ModelLocator models() {
        return services.models();
    }

    @Override
    public OutputFolders outputs() {
        return new OutputFolders() {
            @Override
            public Path root() {
                return runDirectory;
            }

            @Override
            public Path folder(String name) throws IOException {
                return Files.createDirectories(runDirectory.resolve(name));
            }
        };
    }

    @Override
    public long seed() {
        return services.seed();
    }
}
