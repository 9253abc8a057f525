package dev.focusnfix.core.experiment;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * An experiment whose plugins exist, whose options bind, and whose parts fit together; nothing heavy loaded yet.
 *
 * @param experiment the experiment
 * @param modelPath the resolved backbone model folder
 * @param backbone the backbone
 * @param reward the reward
 * @param region the region function, if configured
 * @param tuner the tuner
 * @param evaluationRewards further rewards scored during evaluation
 * @param probeRewards the rewards of forgetting probes that name their own, by probe name
 * @param compute the device and data type the run computes with, resolved once at validation
 */
public record ValidatedExperiment(
        Experiment experiment,
        Path modelPath,
        BoundExtension backbone,
        BoundExtension reward,
        Optional<BoundExtension> region,
        BoundExtension tuner,
        List<BoundExtension> evaluationRewards,
        java.util.Map<String, BoundExtension> probeRewards,
        ComputeTarget compute) {}
