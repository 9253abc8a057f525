package dev.focusnfix.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.focusnfix.api.InvalidInputException;
import dev.focusnfix.core.config.ConfigException;
import dev.focusnfix.nn.weights.WeightsException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import org.junit.jupiter.api.Test;

/** The one mapping of failures to exit codes and messages. */
class ExitCodesTest {

    @Test
    void badInputAnywhereInTheCauseChainIsExitCodeTwo() {
        WeightsException weights = new WeightsException("unet.safetensors: truncated");
        assertEquals(Main.BAD_INPUT, ExitCodes.of(weights));
        assertEquals(Main.BAD_INPUT, ExitCodes.of(new IllegalStateException("while loading", weights)));
        assertEquals(
                Main.BAD_INPUT,
                ExitCodes.of(new UncheckedIOException(
                        new IOException("x", new InvalidInputException("plugin's own bad input")))));
        assertEquals(Main.BAD_INPUT, ExitCodes.of(new ConfigException(null, "tuner.beta", "expected a number")));
        assertEquals(Main.BAD_INPUT, ExitCodes.of(new NoSuchFileException("/data/model.pt")));
        assertEquals(Main.FAILURE, ExitCodes.of(new IllegalStateException("disk on fire")));
        assertEquals(Main.FAILURE, ExitCodes.of(new IllegalArgumentException("an internal shape check")));
    }

    @Test
    void theMessageIsTheMostInformativeLayerOfTheBadInput() {
        InvalidInputException inner = new InvalidInputException("vocab.json: empty vocabulary");
        assertEquals(
                "tokenizer/: vocab.json: empty vocabulary",
                ExitCodes.message(new IllegalArgumentException("tokenizer/: vocab.json: empty vocabulary", inner)));
        assertEquals(
                "vocab.json: empty vocabulary",
                ExitCodes.message(new RuntimeException(inner)),
                "a wrapper's toString-message adds nothing");
        assertEquals(
                "vocab.json: empty vocabulary",
                ExitCodes.message(new IllegalStateException("while opening the pipeline", inner)));
        assertEquals(
                "/data/model.pt does not exist; check the path",
                ExitCodes.message(new NoSuchFileException("/data/model.pt")));
        assertEquals(
                "IllegalStateException: disk on fire", ExitCodes.message(new IllegalStateException("disk on fire")));
    }
}
