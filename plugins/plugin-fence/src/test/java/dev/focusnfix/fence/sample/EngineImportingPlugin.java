package dev.focusnfix.fence.sample;

import dev.focusnfix.api.options.NoOptions;
import dev.focusnfix.nn.weights.SafetensorsReader;

/** A deliberately bad plugin class: it reaches into the engine's internal weights reader. */
final class EngineImportingPlugin {

    NoOptions options() {
        return new NoOptions();
    }

    Class<?> internal() {
        return SafetensorsReader.class;
    }
}
