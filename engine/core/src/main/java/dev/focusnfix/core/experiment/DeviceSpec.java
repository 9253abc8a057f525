package dev.focusnfix.core.experiment;

import ai.djl.Device;
import dev.focusnfix.core.config.ConfigException;
import dev.focusnfix.core.config.ConfigScalar;
import dev.focusnfix.core.config.OptionsBinder;
import java.util.function.IntSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code device:} setting: {@code auto} (the first GPU when one is visible, else the CPU), {@code cpu},
 * {@code gpu} (GPU 0) or {@code gpu:N}.
 *
 * @param text the setting as written
 * @param gpuIndex the GPU index, -1 for the CPU, null for auto
 */
public record DeviceSpec(String text, Integer gpuIndex) {

    private static final Pattern FORM = Pattern.compile("auto|cpu|gpu(?::(\\d+))?");

    /** Parses a setting; throws {@link IllegalArgumentException} naming the accepted forms. */
    public static DeviceSpec parse(String text) {
        Matcher m = FORM.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("unknown device '" + text + "'; expected auto, cpu, gpu or gpu:N");
        }
        String t = text.trim();
        if (t.equals("auto")) {
            return new DeviceSpec(t, null);
        }
        if (t.equals("cpu")) {
            return new DeviceSpec(t, -1);
        }
        return new DeviceSpec(t, m.group(1) == null ? 0 : Integer.parseInt(m.group(1)));
    }

    /**
     * The device, asking for the number of visible GPUs only when the setting is not {@code cpu} (the probe logs
     * CUDA's complaints on machines without a GPU).
     */
    public Device resolve(IntSupplier visibleGpus) {
        return gpuIndex != null && gpuIndex < 0 ? Device.cpu() : resolve(visibleGpus.getAsInt());
    }

    /** Why {@code auto} chose {@code device}, for the log; null for an explicit setting. */
    public String reason(Device device) {
        if (gpuIndex != null) {
            return null;
        }
        return device.isGpu()
                ? "device auto chose " + device + ": a GPU is visible"
                : "device auto chose the CPU: no GPU is visible to the PyTorch engine";
    }

    /** The device, checked against the GPUs visible to the engine. */
    public Device resolve(int visibleGpus) {
        if (gpuIndex == null) {
            return visibleGpus > 0 ? Device.gpu(0) : Device.cpu();
        }
        if (gpuIndex < 0) {
            return Device.cpu();
        }
        if (gpuIndex >= visibleGpus) {
            throw new IllegalArgumentException("device '" + text + "' requested, but " + visibleGpus
                    + " GPU(s) are visible; use 'device: cpu' or 'auto', or check CUDA and PYTORCH_FLAVOR (--debug shows"
                    + " what the CUDA probe reported)");
        }
        return Device.gpu(gpuIndex);
    }

    static OptionsBinder.Converter<DeviceSpec> converter() {
        return (node, path, binder) -> {
            if (node instanceof ConfigScalar s && s.value() != null) {
                try {
                    return parse(s.text());
                } catch (IllegalArgumentException e) {
                    throw new ConfigException(node.location(), path, e.getMessage());
                }
            }
            throw new ConfigException(
                    node.location(), path, "expected auto, cpu, gpu or gpu:N, got " + node.describe());
        };
    }
}
