package dev.focusnfix.core.experiment;

import dev.focusnfix.api.NamedExtension;
import dev.focusnfix.core.plugin.RegisteredExtension;

/**
 * An extension selected by an experiment, with its options bound and validated.
 *
 * @param registered the extension and its plugin
 * @param options the bound options (an instance of the extension's options type)
 * @param section the YAML section it came from
 */
public record BoundExtension(RegisteredExtension registered, Object options, ComponentSection section) {

    /** The extension, typed for calling it with {@link #options()}. */
    public <E extends NamedExtension<?>> E extension(Class<E> type) {
        return type.cast(registered.extension());
    }

    /** The extension id. */
    public String id() {
        return registered.id();
    }
}
