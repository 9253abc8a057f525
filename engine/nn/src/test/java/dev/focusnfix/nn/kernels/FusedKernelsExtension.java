package dev.focusnfix.nn.kernels;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs a test class with the fused kernels active (and the composed ones again afterwards), so a reference test
 * extended with it checks the fused path against the same fixtures and tolerances.
 */
public final class FusedKernelsExtension implements BeforeAllCallback, AfterAllCallback {

    @Override
    public void beforeAll(ExtensionContext context) {
        Kernels.use(Kernels.fused());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        Kernels.use(Kernels.composed());
    }
}
