package dev.focusnfix.core.experiment;

import dev.focusnfix.api.options.DefaultValue;
import dev.focusnfix.nn.kernels.KernelMode;
import java.nio.file.Path;
import java.util.Optional;

/**
 * One experiment as declared in YAML, before any plugin is consulted.
 *
 * @param name the run name; the file name without extension when absent
 * @param seed the experiment seed: every random draw derives from it
 * @param device auto, cpu, gpu or gpu:N
 * @param dtype compute precision
 * @param kernels attention and GroupNorm kernels: auto (fused where they load), fused or composed
 * @param backbone the diffusion model
 * @param reward the reward to maximise
 * @param region the region function (Focus-N-Fix masks); the reward's default when absent
 * @param tuner the tuner
 * @param prompts training and evaluation prompts
 * @param evaluation evaluation settings
 * @param output the folder runs are written under ({@code <output>/<name>/})
 * @param execution where the evaluation's work items run (this process or a Spark cluster)
 * @param training where the tuner trains (this process, or data-parallel on Spark)
 */
public record ExperimentSpec(
        Optional<String> name,
        @DefaultValue("0") long seed,
        @DefaultValue("auto") DeviceSpec device,
        @DefaultValue("float32") Precision dtype,
        @DefaultValue("auto") KernelMode kernels,
        BackboneSection backbone,
        ComponentSection reward,
        Optional<ComponentSection> region,
        ComponentSection tuner,
        PromptsSection prompts,
        @DefaultValue("{}") EvaluationSection evaluation,
        @DefaultValue("runs") Path output,
        @DefaultValue("{}") ExecutionSection execution,
        @DefaultValue("{}") TrainingSection training) {}
