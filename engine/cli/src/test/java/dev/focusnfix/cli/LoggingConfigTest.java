package dev.focusnfix.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The shipped logging configuration keeps DJL's CUDA probe quiet on machines without a GPU. */
class LoggingConfigTest {

    @Test
    void theCudaProbeWarningIsSilencedButErrorsShow() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        assertEquals(Level.ERROR, context.getLogger("ai.djl.util.cuda.CudaUtils").getEffectiveLevel(),
                "'Failed to detect GPU count' is a WARN: it must not print on every command");
        assertEquals(Level.WARN, context.getLogger("ai.djl.engine").getEffectiveLevel(), "other DJL warnings show");
        assertEquals(Level.INFO, context.getLogger("dev.focusnfix.core.run.ExperimentRunner").getEffectiveLevel(),
                "device: auto's choice is logged at INFO");
    }
}
