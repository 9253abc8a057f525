package dev.focusnfix.core.services;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import dev.focusnfix.api.services.DeviceSettings;
import dev.focusnfix.api.services.ModelCache;
import dev.focusnfix.api.services.ModelLocator;
import dev.focusnfix.api.services.OutputFolders;
import dev.focusnfix.api.services.ProgressReporter;

/** Binds the framework services extensions may inject. */
public final class FrameworkModule extends AbstractModule {

    private final FrameworkInfo info;
    private final RunScope scope;
    private final ProgressReporter progress;
    private final ProcessModelCache cache;

    /** Services for one process. */
    public FrameworkModule(FrameworkInfo info, RunScope scope, ProgressReporter progress, ProcessModelCache cache) {
        this.info = info;
        this.scope = scope;
        this.progress = progress;
        this.cache = cache;
    }

    @Override
    protected void configure() {
        bind(FrameworkInfo.class).toInstance(info);
        bind(RunScope.class).toInstance(scope);
        bind(ProgressReporter.class).toInstance(progress);
        bind(ModelCache.class).toInstance(cache);
        bind(ProcessModelCache.class).toInstance(cache);
        bind(ModelLocator.class).to(DefaultModelLocator.class);
        bind(OutputFolders.class).to(RunOutputFolders.class);
    }

    /** The current experiment's device settings, read when injected. */
    @Provides
    DeviceSettings deviceSettings() {
        return scope.deviceSettings();
    }
}
