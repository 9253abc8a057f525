/**
 * The plugin SDK: the published building blocks that plugins use besides the contract in {@code plugin-api}.
 *
 * <p><b>What it is.</b> {@code plugin-api} ({@code dev.focusnfix.api}) defines what a plugin is (a backbone, a reward,
 * a region function, a fine-tuner) and the values that cross the boundary. The SDK ({@code dev.focusnfix.sdk},
 * artifact {@code dev.focusnfix:plugin-sdk}) holds the ready-made implementations plugins extend or call, so that a
 * plugin is a thin class and behaves exactly as the shipped ones:
 * <ul>
 *   <li>{@link dev.focusnfix.sdk.backbone}: a backbone for diffusers pipeline folders (Stable Diffusion, SDXL, LDM);
 *   <li>{@link dev.focusnfix.sdk.reward}: rewards over exported image classifiers and dense reward models
 *       (TorchScript or ONNX), with their options;
 *   <li>{@link dev.focusnfix.sdk.clip}: CLIP, open_clip checkpoints, the aesthetic head and the SD safety checker;
 *   <li>{@link dev.focusnfix.sdk.training}: the DRaFT-family training loop tuners run (truncated back-propagation,
 *       micro-batches, reference images, the shared training options);
 *   <li>{@link dev.focusnfix.sdk.sampling}: the engine's sampler for any pipeline;
 *   <li>{@link dev.focusnfix.sdk.io}: atomic writes of files into a run folder.
 * </ul>
 *
 * <p><b>Everything else in the engine is internal.</b> The packages {@code dev.focusnfix.nn}, {@code
 * dev.focusnfix.training}, {@code dev.focusnfix.core}, {@code dev.focusnfix.evaluation}, {@code dev.focusnfix.bench}
 * and {@code dev.focusnfix.cli} may change in any release. The build enforces it for the shipped plugins: the
 * plugin fence ({@code plugins/plugin-fence}, an ArchUnit rule run by {@code mvn verify}) fails when a plugin's main
 * code depends on a framework package other than {@code dev.focusnfix.api..} and {@code dev.focusnfix.sdk..}.
 *
 * <p><b>Stability.</b> Every public SDK type is marked. {@link dev.focusnfix.api.Stable @Stable(since = ...)}: it
 * changes incompatibly only with a new major version. {@link dev.focusnfix.api.Experimental @Experimental}: usable,
 * but it may change in a minor version (the training loop and the CLIP models, whose shape still follows the methods
 * being added). The SDK ships in the application's {@code lib/}; plugins depend on it with scope {@code provided}.
 */
package dev.focusnfix.sdk;
