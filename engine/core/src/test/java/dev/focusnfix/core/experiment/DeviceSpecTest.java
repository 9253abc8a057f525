package dev.focusnfix.core.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import org.junit.jupiter.api.Test;

/** The device setting: no GPU probe for {@code cpu}, and {@code auto} says what it chose and why. */
class DeviceSpecTest {

    @Test
    void cpuNeverProbesTheGpus() {
        assertEquals(Device.cpu(), DeviceSpec.parse("cpu").resolve(() -> {
            throw new AssertionError("the CUDA probe must not run for device: cpu");
        }));
    }

    @Test
    void autoExplainsItsChoice() {
        DeviceSpec auto = DeviceSpec.parse("auto");
        assertEquals(Device.cpu(), auto.resolve(() -> 0));
        assertEquals("device auto chose the CPU: no GPU is visible to the PyTorch engine", auto.reason(Device.cpu()));
        assertEquals(Device.gpu(0), auto.resolve(() -> 2));
        assertTrue(auto.reason(Device.gpu(0)).contains("chose gpu(0)"), auto.reason(Device.gpu(0)));
        assertNull(DeviceSpec.parse("gpu").reason(Device.gpu(0)), "explicit settings need no reason");
    }

    @Test
    void anExplicitGpuWithoutOneFailsWithAMessage() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> DeviceSpec.parse("gpu").resolve(() -> 0));
        assertTrue(e.getMessage().contains("device 'gpu' requested, but 0 GPU(s) are visible"), e.getMessage());
    }
}
