package dev.focusnfix.api.options;

import dev.focusnfix.api.Stable;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The value an options record component takes when the YAML omits it, written as it would be in YAML
 * ({@code "0.5"}, {@code "[to_q, to_k]"}, {@code "null"}). A component without a default, that is neither a list,
 * a map nor an {@link java.util.Optional}, is required.
 */
@Stable(since = "0.1.0")
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.PARAMETER, ElementType.FIELD})
public @interface DefaultValue {
    /** The default, as YAML text. */
    String value();
}
