package dev.focusnfix.cli;

import ai.djl.engine.Engine;
import dev.focusnfix.core.experiment.ComputeTarget;
import dev.focusnfix.core.experiment.DeviceSpec;
import dev.focusnfix.core.experiment.Precision;
import picocli.CommandLine.Option;

/**
 * {@code --device} and {@code --dtype}, shared by the commands that run networks outside an experiment; checked by
 * {@link ComputeTarget#resolve}, the same check experiments go through at validation.
 */
final class DeviceOptions {

    @Option(names = "--device", defaultValue = "auto", description = "auto, cpu, gpu or gpu:N (default: auto).")
    String device;

    @Option(
            names = "--dtype",
            defaultValue = "float32",
            description = "float32, or float16 on a GPU (default: float32).")
    String dtype;

    /** The chosen device (checked against the visible GPUs) and data type. */
    ComputeTarget settings() {
        DeviceSpec deviceSpec;
        Precision precision;
        try {
            deviceSpec = DeviceSpec.parse(device);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("--device: " + e.getMessage());
        }
        try {
            precision = Precision.parse(dtype);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("--dtype: " + e.getMessage());
        }
        try {
            return ComputeTarget.resolve(
                    deviceSpec, precision, () -> Engine.getInstance().getGpuCount());
        } catch (ComputeTarget.InvalidComputeException e) {
            boolean badDevice = e.setting() == ComputeTarget.InvalidComputeException.Setting.DEVICE;
            throw new BadInputException(
                    (badDevice ? "--device " + device : "--dtype " + dtype) + ": " + e.getMessage());
        }
    }
}
