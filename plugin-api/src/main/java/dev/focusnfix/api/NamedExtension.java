package dev.focusnfix.api;

/**
 * What every extension shares: a stable id that experiments name it by, and the options type the framework fills
 * from the experiment's YAML and validates before anything heavy is loaded.
 *
 * <p>Ids are lower-case words joined by dashes ({@code sd14}, {@code focus-n-fix}); two plugins claiming the same id
 * for the same extension point are rejected at start-up. Constructors must stay cheap: the framework instantiates
 * every extension to list and validate it, and loads models only in {@code open}.
 *
 * @param <O> the options type: a record whose components are bound from YAML (see {@link dev.focusnfix.api.options})
 */
@Stable(since = "0.1.0")
public interface NamedExtension<O> {

    /** The id experiments use to select this extension; constant for the life of the plugin. */
    String id();

    /** The record type the framework binds this extension's YAML options to. */
    Class<O> optionsType();

    /**
     * The model references ({@code builtin:NAME}, paths) these options name, so that {@code framework validate} can
     * report a missing file before anything loads. The default names none.
     */
    default java.util.List<String> modelReferences(O options) {
        return java.util.List.of();
    }

    /** One line that {@code framework plugins} shows beside the id. */
    default String description() {
        return "";
    }
}
