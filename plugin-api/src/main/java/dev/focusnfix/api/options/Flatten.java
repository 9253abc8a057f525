package dev.focusnfix.api.options;

import dev.focusnfix.api.Stable;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Embeds a record component's own components in the enclosing options record, so that a group of options several
 * extensions share is written once in Java and read flat in YAML. With
 * {@code record DraftOptions(int truncation, @Flatten TrainingOptions training)} an experiment writes
 * {@code tuner: {truncation: 2, steps: 60, learningRate: 2e-3}}: {@code steps} and {@code learningRate} bind to
 * {@code training}'s components, and errors name them {@code tuner.steps}, {@code tuner.learningRate}. The
 * component's type must be a record; a flattened record's names must not clash with the enclosing record's.
 * Defaults, ranges and checks of the embedded record apply as they would to a nested section; a
 * {@link DefaultValue} on the flattened component itself is not used.
 */
@Stable(since = "0.1.0")
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.PARAMETER, ElementType.FIELD})
public @interface Flatten {}
