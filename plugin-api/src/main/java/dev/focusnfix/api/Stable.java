package dev.focusnfix.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a part of the plugin API that third-party plugins can rely on: it changes only with a new major version.
 * Types without this marker, or marked {@link Experimental}, may still change in a minor version.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface Stable {
    /** The framework version that introduced the element. */
    String since();
}
