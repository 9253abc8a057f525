package dev.focusnfix.core.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Builds real plugin jars inside a test: compiles Java sources against the test class path (PF4J's annotation
 * processor writes the extension index, as in a real build) and packs the classes with a PF4J manifest. The classes
 * exist only in the jar, so the host must load them through a plugin class loader.
 */
public final class TestPluginBuilder {

    private final String id;
    private String version = "1.0.0";
    private String requires = "";
    private boolean descriptor = true;
    private final Map<String, String> sources = new LinkedHashMap<>();

    private TestPluginBuilder(String id) {
        this.id = id;
    }

    private final java.util.Set<String> omitted = new java.util.HashSet<>();

    /** A plugin with a PF4J id. */
    public static TestPluginBuilder plugin(String id) {
        return new TestPluginBuilder(id);
    }

    /** The plugin version. */
    public TestPluginBuilder version(String v) {
        this.version = v;
        return this;
    }

    /** The framework versions the plugin requires, e.g. {@code >=9.0.0}. */
    public TestPluginBuilder requires(String constraint) {
        this.requires = constraint;
        return this;
    }

    /** Leaves the PF4J descriptor out of the manifest. */
    public TestPluginBuilder withoutDescriptor() {
        this.descriptor = false;
        return this;
    }

    /** Adds a source file by its fully qualified class name. */
    public TestPluginBuilder source(String className, String code) {
        sources.put(className, code);
        return this;
    }

    /** Leaves a compiled class out of the jar (so that a class referring to it fails to load). */
    public TestPluginBuilder omit(String className) {
        omitted.add(className.replace('.', '/') + ".class");
        return this;
    }

    /** Compiles and writes {@code <dir>/<id>.jar}. */
    public Path buildInto(Path dir) throws IOException {
        Path work = Files.createTempDirectory("plugin-" + id);
        Path src = Files.createDirectories(work.resolve("src"));
        Path classes = Files.createDirectories(work.resolve("classes"));
        List<String> files = new ArrayList<>();
        for (Map.Entry<String, String> e : sources.entrySet()) {
            Path file = src.resolve(e.getKey().replace('.', '/') + ".java");
            Files.createDirectories(file.getParent());
            Files.writeString(file, e.getValue());
            files.add(file.toString());
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            throw new IllegalStateException("tests need a JDK (javax.tools) to build plugin jars");
        }
        List<String> args = new ArrayList<>(List.of(
                "-classpath",
                System.getProperty("java.class.path"),
                "-d",
                classes.toString(),
                "--release",
                "17",
                "-implicit:none"));
        args.addAll(files);
        java.io.ByteArrayOutputStream errors = new java.io.ByteArrayOutputStream();
        int rc = javac.run(null, errors, errors, args.toArray(String[]::new));
        if (rc != 0) {
            throw new IllegalStateException(
                    "test plugin " + id + " does not compile:\n" + errors.toString(StandardCharsets.UTF_8));
        }
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        if (descriptor) {
            main.putValue("Plugin-Id", id);
            main.putValue("Plugin-Version", version);
            main.putValue("Plugin-Provider", "tests");
            if (!requires.isEmpty()) {
                main.putValue("Plugin-Requires", requires);
            }
        }
        Files.createDirectories(dir);
        Path jar = dir.resolve(id + ".jar");
        try (OutputStream out = Files.newOutputStream(jar);
                JarOutputStream jos = new JarOutputStream(out, manifest);
                Stream<Path> walk = Files.walk(classes)) {
            for (Path p : walk.filter(Files::isRegularFile)
                    .filter(p ->
                            !omitted.contains(classes.relativize(p).toString().replace('\\', '/')))
                    .sorted()
                    .toList()) {
                jos.putNextEntry(new JarEntry(classes.relativize(p).toString().replace('\\', '/')));
                Files.copy(p, jos);
                jos.closeEntry();
            }
        }
        return jar;
    }

    /** Source of a reward extension with an id and a constructor body, injecting the process-wide progress reporter. */
    public static String rewardSource(String pkg, String className, String rewardId, String constructorBody) {
        return """
                package %1$s;

                import dev.focusnfix.api.*;
                import dev.focusnfix.api.options.*;
                import dev.focusnfix.api.services.*;
                import jakarta.inject.Inject;
                import org.pf4j.Extension;

                @Extension
                public class %2$s implements RewardModel<%2$s.Options> {
                    public record Options(@DefaultValue("1.0") float scale) {}
                    private final String injected;

                    @Inject
                    public %2$s(ProgressReporter progress) {
                        %4$s
                        this.injected = progress.getClass().getSimpleName();
                    }

                    public String id() { return "%3$s"; }
                    public Class<Options> optionsType() { return Options.class; }
                    public String description() { return "injected " + injected; }
                    public boolean isDifferentiable(Options o) { return true; }
                    public Reward open(Options o, ExtensionContext c) {
                        return new Reward() {
                            public boolean isDifferentiable() { return true; }
                            public RewardOutput score(ImageBatch images, PromptBatch prompts) {
                                ai.djl.ndarray.NDArray p = images.pixels();
                                return RewardOutput.of(p.reshape(p.getShape().get(0), -1).mean(new int[] {1}).mul(o.scale()));
                            }
                        };
                    }
                }
                """
                .formatted(pkg, className, rewardId, constructorBody);
    }
}
