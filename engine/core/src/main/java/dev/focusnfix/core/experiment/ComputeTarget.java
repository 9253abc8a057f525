package dev.focusnfix.core.experiment;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import java.util.function.IntSupplier;
import org.slf4j.LoggerFactory;

/**
 * Where an experiment computes: its device and data type, resolved once when the experiment is validated
 * ({@code device: auto} becomes GPU 0 when one is visible, else the CPU) and fixed for the whole run.
 *
 * @param device where every tensor of the run lives
 * @param dataType the compute data type
 */
public record ComputeTarget(Device device, DataType dataType) {

    /** The reference target: the CPU in float32. */
    public static ComputeTarget cpuFloat32() {
        return new ComputeTarget(Device.cpu(), DataType.FLOAT32);
    }

    /**
     * Resolves a device setting against the visible GPUs and checks that the data type works on that device: the one
     * check of device and data type, shared by experiments and the commands that take {@code --device/--dtype}.
     *
     * @throws InvalidComputeException naming which of the two settings is wrong, why, and what to use instead
     */
    public static ComputeTarget resolve(DeviceSpec device, Precision precision, IntSupplier visibleGpus) {
        Device resolved;
        try {
            // The supplier is asked only when the setting is not 'cpu': the probe logs CUDA's complaints.
            resolved = device.resolve(visibleGpus);
        } catch (IllegalArgumentException e) {
            throw new InvalidComputeException(InvalidComputeException.Setting.DEVICE, e.getMessage());
        }
        String reason = device.reason(resolved);
        if (reason != null) {
            LoggerFactory.getLogger(ComputeTarget.class).info(reason);
        }
        if (precision == Precision.BFLOAT16) {
            // DJL 0.35.1's PyTorch JNI has no mapping for bfloat16: the first bfloat16 tensor aborts the JVM.
            throw new InvalidComputeException(
                    InvalidComputeException.Setting.DTYPE,
                    "bfloat16 is not supported: "
                            + "DJL 0.35.1's PyTorch JNI aborts the JVM on bfloat16 tensors; use float16 on a GPU, or float32");
        }
        if (!resolved.isGpu() && precision != Precision.FLOAT32) {
            throw new InvalidComputeException(
                    InvalidComputeException.Setting.DTYPE,
                    precision.yamlName()
                            + " needs a GPU, but the run would compute on the CPU (device '" + device.text()
                            + "'); on the CPU use float32");
        }
        return new ComputeTarget(resolved, precision.dataType());
    }

    /** Why a device or data type setting cannot be used. */
    public static final class InvalidComputeException extends IllegalArgumentException {

        private static final long serialVersionUID = 1L;

        /** The setting at fault. */
        public enum Setting {
            /** {@code device}. */
            DEVICE,
            /** {@code dtype}. */
            DTYPE
        }

        private final Setting setting;

        InvalidComputeException(Setting setting, String message) {
            super(message);
            this.setting = setting;
        }

        /** Which setting is wrong. */
        public Setting setting() {
            return setting;
        }
    }
}
