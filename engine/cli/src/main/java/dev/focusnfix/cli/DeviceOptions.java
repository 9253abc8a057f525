package dev.focusnfix.cli;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.types.DataType;
import dev.focusnfix.api.services.DeviceSettings;
import dev.focusnfix.core.experiment.DeviceSpec;
import java.util.Locale;
import picocli.CommandLine.Option;

/** {@code --device} and {@code --dtype}, shared by the commands that run networks outside an experiment. */
final class DeviceOptions {

    @Option(names = "--device", defaultValue = "auto", description = "auto, cpu, gpu or gpu:N (default: auto).")
    String device;

    @Option(names = "--dtype", defaultValue = "float32",
            description = "float32, or float16 on a GPU (default: float32).")
    String dtype;

    /** The chosen device (checked against the visible GPUs) and data type. */
    DeviceSettings settings() {
        Device resolved;
        try {
            DeviceSpec spec = DeviceSpec.parse(device);
            resolved = spec.resolve(() -> Engine.getInstance().getGpuCount());
            if (spec.reason(resolved) != null) {
                org.slf4j.LoggerFactory.getLogger(DeviceOptions.class).info(spec.reason(resolved));
            }
        } catch (IllegalArgumentException e) {
            throw new BadInputException("--device: " + e.getMessage());
        }
        DataType type = switch (dtype.toLowerCase(Locale.ROOT)) {
            case "float32" -> DataType.FLOAT32;
            case "float16" -> DataType.FLOAT16;
            case "bfloat16" -> throw new BadInputException(
                    "--dtype bfloat16: DJL 0.35.1's native engine aborts on bfloat16; use float16 or float32");
            default -> throw new BadInputException("--dtype " + dtype + ": expected float32 or float16");
        };
        if (!resolved.isGpu() && type != DataType.FLOAT32) {
            throw new BadInputException("--dtype " + dtype + " needs a GPU; on the CPU use float32");
        }
        return new DeviceSettings(resolved, type);
    }
}
