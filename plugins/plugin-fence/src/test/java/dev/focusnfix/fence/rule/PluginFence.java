package dev.focusnfix.fence.rule;

import static com.tngtech.archunit.base.DescribedPredicate.and;
import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.lang.ArchRule;
import java.util.stream.Stream;

/**
 * The rule that fences plugins off the engine: a plugin's classes may use the contract ({@code dev.focusnfix.api})
 * and the SDK ({@code dev.focusnfix.sdk}), their own packages and third-party libraries, but no other framework
 * package. Everything else in the engine is internal and may change without notice.
 */
public final class PluginFence {

    /** The framework packages a plugin may depend on. */
    public static final String[] PUBLISHED = {"dev.focusnfix.api..", "dev.focusnfix.sdk.."};

    private PluginFence() {}

    /** The rule for classes in the given packages (ArchUnit package patterns, for example {@code "com.acme.."}). */
    public static ArchRule forPluginPackages(String... pluginPackages) {
        String[] allowed =
                Stream.concat(Stream.of(PUBLISHED), Stream.of(pluginPackages)).toArray(String[]::new);
        return noClasses()
                .that()
                .resideInAnyPackage(pluginPackages)
                .should()
                .dependOnClassesThat(and(resideInAPackage("dev.focusnfix.."), not(resideInAnyPackage(allowed))))
                .because("plugins build on plugin-api and plugin-sdk only; the rest of the engine is internal");
    }
}
