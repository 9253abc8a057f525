package dev.focusnfix.nn.sampling;

import com.google.gson.JsonObject;
import dev.focusnfix.api.InvalidInputException;
import dev.focusnfix.api.sampling.PredictionType;
import dev.focusnfix.nn.config.ConfigJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The noise-schedule part of a diffusers {@code scheduler_config.json}. PNDM, Euler and DDIM configs all carry the
 * betas, so any of them builds a DDIM sampler; a key that is absent takes the diffusers 0.25 {@code DDIMScheduler}
 * default (as {@code DDIMScheduler.from_config} does). Keys that only other schedulers use are ignored.
 *
 * @param source              where the config came from, for messages
 * @param numTrainTimesteps   {@code num_train_timesteps} (default 1000)
 * @param betaStart           {@code beta_start} (default 0.0001)
 * @param betaEnd             {@code beta_end} (default 0.02)
 * @param betaSchedule        {@code beta_schedule}: linear (default), scaled_linear, squaredcos_cap_v2
 * @param trainedBetas        {@code trained_betas}, or null
 * @param rescaleBetasZeroSnr {@code rescale_betas_zero_snr} (default false)
 * @param clipSample          {@code clip_sample} (default true)
 * @param clipSampleRange     {@code clip_sample_range} (default 1.0)
 * @param setAlphaToOne       {@code set_alpha_to_one} (default true)
 * @param stepsOffset         {@code steps_offset} (default 0)
 * @param predictionType      {@code prediction_type}: epsilon (default), v_prediction or sample
 * @param timestepSpacing     {@code timestep_spacing} (default leading)
 */
public record SchedulerConfig(
        String source,
        int numTrainTimesteps,
        double betaStart,
        double betaEnd,
        String betaSchedule,
        double[] trainedBetas,
        boolean rescaleBetasZeroSnr,
        boolean clipSample,
        double clipSampleRange,
        boolean setAlphaToOne,
        int stepsOffset,
        PredictionType predictionType,
        TimestepSpacing timestepSpacing) {

    /** Accepted {@code beta_schedule} values. */
    public static final List<String> BETA_SCHEDULES = List.of("linear", "scaled_linear", "squaredcos_cap_v2");

    /** The prediction types a DDIM config may name (flow-matching models use other schedulers). */
    public static final List<PredictionType> PREDICTION_TYPES =
            List.of(PredictionType.EPSILON, PredictionType.V_PREDICTION, PredictionType.SAMPLE);

    /** How inference timesteps are placed on the training schedule (Lin et al. 2023, table 2). */
    public enum TimestepSpacing {
        LEADING,
        TRAILING,
        LINSPACE;

        /** The config spelling. */
        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The most training timesteps a schedule may have (every published model has 1000). */
    public static final int MAX_TRAIN_TIMESTEPS = 100_000;

    /** Validates every value against the range the sampler can work with. */
    public SchedulerConfig {
        if (numTrainTimesteps <= 0 || numTrainTimesteps > MAX_TRAIN_TIMESTEPS) {
            throw invalid(
                    source, "num_train_timesteps", numTrainTimesteps, "an integer from 1 to " + MAX_TRAIN_TIMESTEPS);
        }
        if (trainedBetas == null && !(betaStart > 0 && betaStart < 1 && betaEnd > 0 && betaEnd < 1)) {
            throw invalid(source, "beta_start/beta_end", betaStart + "/" + betaEnd, "numbers between 0 and 1");
        }
        if (trainedBetas != null) {
            for (double beta : trainedBetas) {
                if (!(beta > 0 && beta < 1)) {
                    throw invalid(source, "trained_betas", beta, "numbers between 0 and 1");
                }
            }
        }
        if (stepsOffset < 0 || stepsOffset >= numTrainTimesteps) {
            throw invalid(source, "steps_offset", stepsOffset, "an integer from 0 to num_train_timesteps - 1");
        }
        if (!BETA_SCHEDULES.contains(betaSchedule) && trainedBetas == null) {
            throw invalid(source, "beta_schedule", "\"" + betaSchedule + "\"", String.join(", ", BETA_SCHEDULES));
        }
        if (trainedBetas != null && trainedBetas.length != numTrainTimesteps) {
            throw new InvalidInputException(source + ": trained_betas has " + trainedBetas.length
                    + " values but num_train_timesteps is " + numTrainTimesteps);
        }
        if (clipSampleRange <= 0) {
            throw invalid(source, "clip_sample_range", clipSampleRange, "a positive number");
        }
        if (predictionType == null || timestepSpacing == null) {
            throw new InvalidInputException(source + ": prediction_type and timestep_spacing are required");
        }
        if (!PREDICTION_TYPES.contains(predictionType)) {
            throw invalid(source, "prediction_type", predictionType.key(), "epsilon, v_prediction, sample");
        }
        trainedBetas = trainedBetas == null ? null : trainedBetas.clone();
    }

    @Override
    public double[] trainedBetas() {
        return trainedBetas == null ? null : trainedBetas.clone();
    }

    /** The DDIM defaults of diffusers 0.25. */
    public static SchedulerConfig defaults() {
        return fromJson(new JsonObject(), "default DDIM config");
    }

    /** Reads {@code scheduler_config.json}, given the file or the {@code scheduler} folder holding it. */
    public static SchedulerConfig read(Path fileOrFolder) throws IOException {
        Path file = Files.isDirectory(fileOrFolder) ? fileOrFolder.resolve("scheduler_config.json") : fileOrFolder;
        return from(ConfigJson.parse(ConfigJson.readText(file), file.toString(), InvalidInputException::new));
    }

    /** Parses a config object; {@code source} names it in error messages. */
    public static SchedulerConfig fromJson(JsonObject json, String source) {
        return from(new ConfigJson(json, source));
    }

    private static SchedulerConfig from(ConfigJson config) {
        String source = config.source();
        if (config.bool("thresholding", false)) {
            throw invalid(source, "thresholding", "true", "false (dynamic thresholding is not supported)");
        }
        String spacing = config.string("timestep_spacing", "leading");
        String prediction = config.string("prediction_type", "epsilon");
        return new SchedulerConfig(
                source,
                config.integer("num_train_timesteps", 1000),
                config.number("beta_start", 0.0001),
                config.number("beta_end", 0.02),
                config.string("beta_schedule", "linear"),
                config.numbers("trained_betas"),
                config.bool("rescale_betas_zero_snr", false),
                config.bool("clip_sample", true),
                config.number("clip_sample_range", 1.0),
                config.bool("set_alpha_to_one", true),
                config.integer("steps_offset", 0),
                choice(PREDICTION_TYPES, prediction, "prediction_type", source),
                choice(List.of(TimestepSpacing.values()), spacing, "timestep_spacing", source));
    }

    private static <E extends Enum<E>> E choice(List<E> choices, String value, String key, String source) {
        for (E e : choices) {
            if (e.name().toLowerCase(Locale.ROOT).equals(value)) {
                return e;
            }
        }
        StringBuilder accepted = new StringBuilder();
        for (E e : choices) {
            accepted.append(accepted.length() == 0 ? "" : ", ").append(e.name().toLowerCase(Locale.ROOT));
        }
        throw invalid(source, key, "\"" + value + "\"", accepted.toString());
    }

    private static InvalidInputException invalid(String source, String key, Object value, String accepted) {
        return new InvalidInputException(source + ": unsupported " + key + " = " + value + "; accepted: " + accepted);
    }
}
