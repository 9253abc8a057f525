package dev.focusnfix.api;

import java.nio.file.Path;

/**
 * The settings every backbone shares, from the experiment's {@code backbone:} section.
 *
 * @param model the pipeline folder (diffusers layout)
 * @param sampling default sampling settings
 */
@Stable(since = "0.1.0")
public record BackboneSettings(Path model, SamplingSettings sampling) {}
