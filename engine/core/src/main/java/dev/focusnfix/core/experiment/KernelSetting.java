package dev.focusnfix.core.experiment;

import dev.focusnfix.core.config.ConfigException;
import dev.focusnfix.nn.kernels.KernelMode;
import dev.focusnfix.nn.kernels.KernelUnavailableException;
import dev.focusnfix.nn.kernels.Kernels;
import dev.focusnfix.nn.kernels.NetworkKernels;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Activates the experiment's {@code kernels:} choice for the run, refusing {@code fused} where it cannot load. */
public final class KernelSetting {

    private static final Logger LOG = LoggerFactory.getLogger(KernelSetting.class);

    private KernelSetting() {}

    /**
     * Makes the kernels of {@code mode} active and logs which ones run.
     *
     * @throws ConfigException at {@code kernels} when {@code fused} cannot load here
     */
    public static NetworkKernels activate(KernelMode mode) {
        NetworkKernels kernels;
        try {
            kernels = Kernels.resolve(mode);
        } catch (KernelUnavailableException e) {
            throw new ConfigException(null, "kernels", e.getMessage(), e);
        }
        if (Kernels.use(kernels) != kernels) {
            LOG.info("kernels: {} -> {}", mode.label(), kernels.name());
        }
        return kernels;
    }

    /** The {@code run.properties} lines recording the choice: {@code kernels} (as asked) and {@code kernelsUsed}. */
    public static String runProperties(KernelMode mode, NetworkKernels used) {
        return "kernels=" + mode.label() + "\nkernelsUsed=" + used.name() + "\n";
    }
}
