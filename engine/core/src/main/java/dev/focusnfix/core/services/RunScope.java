package dev.focusnfix.core.services;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import dev.focusnfix.api.services.DeviceSettings;
import java.nio.file.Path;

/**
 * What the services need to know about the experiment being run: its device, data type, folder and run folder.
 * Extensions are created when the host starts, before any experiment is read, so services read this scope when
 * they are used rather than when they are built.
 */
public final class RunScope {

    private volatile DeviceSettings deviceSettings = new DeviceSettings(Device.cpu(), DataType.FLOAT32);
    private volatile Path experimentDirectory = Path.of("").toAbsolutePath();
    private volatile Path runDirectory;

    /** Enters an experiment. */
    public void enter(DeviceSettings settings, Path experimentDir, Path runDir) {
        this.deviceSettings = settings;
        this.experimentDirectory = experimentDir;
        this.runDirectory = runDir;
    }

    /** The device and data type of the current experiment (CPU and float32 before one is entered). */
    public DeviceSettings deviceSettings() {
        return deviceSettings;
    }

    /** The folder of the current experiment file. */
    public Path experimentDirectory() {
        return experimentDirectory;
    }

    /** The current run folder. */
    public Path runDirectory() {
        if (runDirectory == null) {
            throw new IllegalStateException("no experiment is running: output folders are not known yet");
        }
        return runDirectory;
    }
}
