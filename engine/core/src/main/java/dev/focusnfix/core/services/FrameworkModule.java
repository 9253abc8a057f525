package dev.focusnfix.core.services;

import com.google.inject.AbstractModule;
import dev.focusnfix.api.services.ProgressReporter;

/**
 * Binds the process-wide services extensions may inject: the framework's {@link FrameworkInfo} and the
 * {@link ProgressReporter}. Everything that belongs to one run (device, data type, model locator, output folders,
 * seed) reaches extensions through their {@code ExtensionContext} only: extensions are created once, when the plugin
 * host starts, so a value injected then could not be right for every run.
 */
public final class FrameworkModule extends AbstractModule {

    private final FrameworkInfo info;
    private final ProgressReporter progress;

    /** Services for one process. */
    public FrameworkModule(FrameworkInfo info, ProgressReporter progress) {
        this.info = info;
        this.progress = progress;
    }

    @Override
    protected void configure() {
        bind(FrameworkInfo.class).toInstance(info);
        bind(ProgressReporter.class).toInstance(progress);
    }
}
