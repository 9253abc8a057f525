package dev.focusnfix.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import java.net.URL;
import org.junit.jupiter.api.Test;

/** The shipped logging configuration keeps DJL's CUDA probe quiet on machines without a GPU. */
class LoggingConfigTest {

    @Test
    void theCudaProbeWarningIsSilencedButErrorsShow() throws Exception {
        // Tests log through a test configuration; read the one the distribution ships, from the main resources.
        URL shipped = Main.class.getClassLoader().getResource("logback.xml");
        assertNotNull(shipped, "engine/cli ships logback.xml");
        LoggerContext context = new LoggerContext();
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(shipped);
        assertEquals(
                Level.ERROR,
                context.getLogger("ai.djl.util.cuda.CudaUtils").getEffectiveLevel(),
                "'Failed to detect GPU count' is a WARN: it must not print on every command");
        assertEquals(Level.WARN, context.getLogger("ai.djl.engine").getEffectiveLevel(), "other DJL warnings show");
        assertEquals(
                Level.INFO,
                context.getLogger("dev.focusnfix.core.run.ExperimentRunner").getEffectiveLevel(),
                "device: auto's choice is logged at INFO");
        context.stop();
    }
}
