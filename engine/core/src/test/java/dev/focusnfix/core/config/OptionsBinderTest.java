package dev.focusnfix.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.focusnfix.api.options.DefaultValue;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OptionsBinderTest {

    enum Schedule {
        CONSTANT,
        INVERSE_SQRT
    }

    record Lora(@DefaultValue("4") int rank, @DefaultValue("[to_q, to_k]") List<String> targets) {}

    record Options(
            @DefaultValue("1") int batchSize,
            @DefaultValue("constant") Schedule schedule,
            @DefaultValue("{}") Lora lora,
            Optional<Path> init,
            Map<String, Double> weights) {}

    private final OptionsBinder binder = new OptionsBinder(Path.of("/base"));

    private Options bind(String yaml) {
        return binder.bind(YamlLoader.parse(yaml, "t.yaml"), Options.class, "tuner");
    }

    @Test
    void camelSnakeAndKebabKeysAllBindTheComponent() {
        assertEquals(8, bind("batchSize: 8").batchSize());
        assertEquals(8, bind("batch_size: 8").batchSize());
        assertEquals(8, bind("batch-size: 8").batchSize());
    }

    @Test
    void writingOneOptionTwiceInDifferentSpellingsIsAnError() {
        ConfigException e = assertThrows(ConfigException.class, () -> bind("batch_size: 8\nbatchSize: 4"));
        assertEquals("t.yaml:2:1: tuner.batchSize: same option as 'batch_size'; write it once", e.getMessage());
    }

    @Test
    void defaultsNestedRecordsEnumsPathsAndMaps() {
        Options o = bind("schedule: inverse-sqrt\ninit: adapters/a.safetensors\nweights: {a: 0.5, b: 2}");
        assertEquals(1, o.batchSize());
        assertEquals(Schedule.INVERSE_SQRT, o.schedule());
        assertEquals(new Lora(4, List.of("to_q", "to_k")), o.lora());
        assertEquals(Optional.of(Path.of("/base/adapters/a.safetensors")), o.init());
        assertEquals(Map.of("a", 0.5, "b", 2.0), o.weights());
        assertEquals(Optional.empty(), bind("{}").init());
    }

    @Test
    void nestedErrorsCarryTheFullKeyPath() {
        ConfigException e = assertThrows(ConfigException.class, () -> bind("lora:\n  rank: [1]"));
        assertEquals("t.yaml:2:9: tuner.lora.rank: expected a whole number, got a list", e.getMessage());
        ConfigException f = assertThrows(ConfigException.class, () -> bind("lora:\n  rnk: 2"));
        assertEquals("t.yaml:2:3: tuner.lora.rnk: unknown key; did you mean 'rank'?", f.getMessage());
    }

    @Test
    void integersOutOfRangeAndFractionsAreRefusedForWholeNumbers() {
        assertEquals(
                "t.yaml:1:12: tuner.batchSize: value 99999999999 is out of range for an integer",
                assertThrows(ConfigException.class, () -> bind("batchSize: 99999999999"))
                        .getMessage());
        assertEquals(
                "t.yaml:1:12: tuner.batchSize: expected a whole number, got a number '1.5'",
                assertThrows(ConfigException.class, () -> bind("batchSize: 1.5"))
                        .getMessage());
    }

    record Numbers(@DefaultValue("1.0") float scale, @DefaultValue("2.0") double beta, List<Float> mean) {}

    @Test
    void nonFiniteNumbersAreRefusedForEveryFloatingPointComponent() {
        for (String yaml : List.of(
                "scale: .nan", "scale: .inf", "beta: -.inf", "beta: .NaN", "mean: [0.5, .nan]", "scale: 1e39")) {
            ConfigException e = assertThrows(
                    ConfigException.class,
                    () -> binder.bind(YamlLoader.parse(yaml, "n.yaml"), Numbers.class, "reward"),
                    yaml);
            assertEquals(
                    true,
                    e.getMessage().startsWith("n.yaml:1:") && e.getMessage().contains("expected a finite number"),
                    e.getMessage());
        }
        assertEquals(
                "n.yaml:1:8: reward.scale: expected a finite number, got a number '.nan'",
                assertThrows(
                                ConfigException.class,
                                () -> binder.bind(YamlLoader.parse("scale: .nan", "n.yaml"), Numbers.class, "reward"))
                        .getMessage());
        assertEquals(
                2.5,
                binder.bind(YamlLoader.parse("beta: 2.5", "n.yaml"), Numbers.class, "reward")
                        .beta());
    }
}
