package dev.focusnfix.core.plugin;

import dev.focusnfix.api.InvalidInputException;

/** Two plugins claim the same id for the same extension point; the user must remove one of them. */
public class DuplicateExtensionException extends InvalidInputException {

    private static final long serialVersionUID = 1L;

    /** Names both claimants. */
    public DuplicateExtensionException(
            ExtensionKind kind, String id, RegisteredExtension first, RegisteredExtension second) {
        super(String.format(
                "%s id '%s' is claimed by two plugins: %s (%s, %s) and %s (%s, %s); remove one of "
                        + "them from the plugins folder",
                kind.section(),
                id,
                first.pluginId(),
                first.extension().getClass().getName(),
                first.pluginVersion(),
                second.pluginId(),
                second.extension().getClass().getName(),
                second.pluginVersion()));
    }

    /** Names both claimants as given (their jar files and plugins). */
    public DuplicateExtensionException(ExtensionKind kind, String id, String first, String second) {
        super(String.format(
                "%s id '%s' is claimed by two plugins: %s and %s; remove one of them from the plugins " + "folder",
                kind.section(), id, first, second));
    }

    DuplicateExtensionException(String message) {
        super(message);
    }
}
