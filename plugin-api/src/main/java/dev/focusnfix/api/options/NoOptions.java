package dev.focusnfix.api.options;

import dev.focusnfix.api.Stable;

/** The options type of an extension that takes none: any key under its section is reported as unknown. */
@Stable(since = "0.1.0")
public record NoOptions() {}
