package dev.focusnfix.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.focusnfix.api.options.DefaultValue;
import dev.focusnfix.api.options.Flatten;
import dev.focusnfix.api.options.Range;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link Flatten}: an embedded record's options are written flat beside the enclosing record's. */
class FlattenBindingTest {

    record Lora(@DefaultValue("4") int rank) {}

    record Shared(
            @DefaultValue("{}") Lora lora,
            @DefaultValue("10") @Range(min = 1) int steps,
            @DefaultValue("0.5") double learningRate) {
        Shared {
            if (!(learningRate > 0)) {
                throw new IllegalArgumentException("learningRate must be positive, got " + learningRate);
            }
        }
    }

    record Tuner(@DefaultValue("2") int truncation, @Flatten Shared training) {}

    record Clashing(@DefaultValue("1") int steps, @Flatten Shared training) {}

    record NotARecord(@Flatten String training) {}

    private final OptionsBinder binder = new OptionsBinder(Path.of("/base"));

    private <T> T bind(String yaml, Class<T> type) {
        return binder.bind(YamlLoader.parse(yaml, "t.yaml"), type, "tuner");
    }

    @Test
    void flatKeysBindTheEmbeddedRecordAndTheRestDefault() {
        Tuner t = bind("truncation: 3\nsteps: 60\nlearning_rate: 0.25\nlora: {rank: 8}", Tuner.class);
        assertEquals(new Tuner(3, new Shared(new Lora(8), 60, 0.25)), t);
        assertEquals(new Tuner(2, new Shared(new Lora(4), 10, 0.5)), bind("{}", Tuner.class));
    }

    @Test
    void errorsNameTheFlatKeyPath() {
        ConfigException range = assertThrows(ConfigException.class, () -> bind("steps: 0", Tuner.class));
        assertEquals("t.yaml:1:8: tuner.steps: value 0 is outside [1, inf]", range.getMessage());
        ConfigException nested = assertThrows(ConfigException.class, () -> bind("lora: {rnk: 2}", Tuner.class));
        assertEquals("t.yaml:1:8: tuner.lora.rnk: unknown key; did you mean 'rank'?", nested.getMessage());
        ConfigException check = assertThrows(ConfigException.class, () -> bind("learningRate: 0", Tuner.class));
        assertTrue(check.getMessage().endsWith("tuner: learningRate must be positive, got 0.0"), check.getMessage());
    }

    @Test
    void unknownKeysAreSuggestedFromBothRecords() {
        ConfigException e = assertThrows(ConfigException.class, () -> bind("stps: 3", Tuner.class));
        assertEquals("t.yaml:1:1: tuner.stps: unknown key; did you mean 'steps'?", e.getMessage());
        ConfigException t = assertThrows(ConfigException.class, () -> bind("truncaton: 3", Tuner.class));
        assertEquals("t.yaml:1:1: tuner.truncaton: unknown key; did you mean 'truncation'?", t.getMessage());
        ConfigException twice = assertThrows(ConfigException.class, () -> bind("steps: 3\nsteps_: 4", Tuner.class));
        assertEquals("t.yaml:2:1: tuner.steps_: same option as 'steps'; write it once", twice.getMessage());
    }

    @Test
    void optionNamesListTheEmbeddedOptionsInPlace() {
        assertEquals(List.of("truncation", "lora", "steps", "learningRate"), OptionsBinder.optionNames(Tuner.class));
    }

    @Test
    void aNameInBothRecordsOrAFlattenedNonRecordIsAProgrammingError() {
        IllegalStateException clash = assertThrows(IllegalStateException.class, () -> bind("{}", Clashing.class));
        assertTrue(clash.getMessage().contains("'steps' twice"), clash.getMessage());
        IllegalStateException scalar = assertThrows(IllegalStateException.class, () -> bind("{}", NotARecord.class));
        assertTrue(scalar.getMessage().contains("only a record component can be flattened"), scalar.getMessage());
    }
}
