package dev.focusnfix.nn.kernels;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place the networks' attention and GroupNorm implementation is chosen. Every attention and GroupNorm layer
 * asks {@link #active()} at each call, so a run picks its kernels once, before it builds or runs a network, with
 * {@link #select(KernelMode)}. The fused kernels load once per process and are kept.
 */
public final class Kernels {

    private static final Logger LOG = LoggerFactory.getLogger(Kernels.class);

    private static volatile NetworkKernels active = ComposedKernels.INSTANCE;
    private static FusedKernels fused;
    private static KernelUnavailableException fusedFailure;

    private Kernels() {}

    /** The kernels the layers use now ({@code composed} until a run selects others). */
    public static NetworkKernels active() {
        return active;
    }

    /** The composed reference kernels. */
    public static NetworkKernels composed() {
        return ComposedKernels.INSTANCE;
    }

    /**
     * The fused kernels, loading them on the first call.
     *
     * @throws KernelUnavailableException when they cannot load here (the failure is remembered)
     */
    public static synchronized FusedKernels fused() {
        if (fused == null) {
            if (fusedFailure != null) {
                throw fusedFailure;
            }
            try {
                fused = FusedKernels.load();
            } catch (KernelUnavailableException e) {
                fusedFailure = e;
                throw e;
            }
        }
        return fused;
    }

    /**
     * Resolves a mode to kernels without making them active: {@code fused} loads them or throws, {@code auto} falls
     * back to composed (logging why), {@code composed} is the reference.
     */
    public static NetworkKernels resolve(KernelMode mode) {
        switch (mode) {
            case COMPOSED:
                return ComposedKernels.INSTANCE;
            case FUSED:
                return fused();
            case AUTO:
            default:
                try {
                    return fused();
                } catch (KernelUnavailableException e) {
                    LOG.warn("kernels: auto uses composed kernels: {}", e.getMessage());
                    return ComposedKernels.INSTANCE;
                }
        }
    }

    /**
     * Makes the kernels for {@code mode} active for every network in this process, logs the choice and returns the
     * kernels now in use.
     *
     * @throws KernelUnavailableException for {@code fused} where the kernels cannot load
     */
    public static NetworkKernels select(KernelMode mode) {
        NetworkKernels chosen = resolve(mode);
        use(chosen);
        LOG.info("kernels: {} -> {}", mode.label(), chosen.name());
        return chosen;
    }

    /** Makes {@code kernels} active and returns the ones active before (for tests and benchmarks to restore). */
    public static NetworkKernels use(NetworkKernels kernels) {
        NetworkKernels previous = active;
        active = kernels;
        return previous;
    }

    /** Forgets a remembered load failure and the loaded kernels, so the next call loads again (for tests). */
    public static synchronized void reset() {
        if (fused != null && active == fused) {
            active = ComposedKernels.INSTANCE;
        }
        if (fused != null) {
            fused.close();
        }
        fused = null;
        fusedFailure = null;
    }
}
