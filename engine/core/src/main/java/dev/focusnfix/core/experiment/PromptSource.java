package dev.focusnfix.core.experiment;

import dev.focusnfix.core.config.ConfigException;
import dev.focusnfix.core.config.ConfigList;
import dev.focusnfix.core.config.ConfigScalar;
import dev.focusnfix.core.config.OptionsBinder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A list of prompts written inline, or read from a text file (one prompt per line; blank lines and lines starting
 * with {@code #} are skipped).
 *
 * @param prompts the prompts
 * @param file the file they came from, or null when inline
 */
public record PromptSource(List<String> prompts, Path file) {

    /** Copies the list. */
    public PromptSource {
        prompts = List.copyOf(prompts);
    }

    static OptionsBinder.Converter<PromptSource> converter() {
        return (node, path, binder) -> {
            if (node instanceof ConfigList list) {
                List<String> prompts = new ArrayList<>();
                for (int i = 0; i < list.items().size(); i++) {
                    prompts.add(binder.bind(list.items().get(i), String.class, path + "[" + i + "]"));
                }
                if (prompts.isEmpty()) {
                    throw new ConfigException(node.location(), path, "the prompt list is empty");
                }
                return new PromptSource(prompts, null);
            }
            if (node instanceof ConfigScalar s && s.value() instanceof String name) {
                Path file = binder.baseDir().resolve(name).normalize();
                try {
                    List<String> prompts = Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                            .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
                    if (prompts.isEmpty()) {
                        throw new ConfigException(node.location(), path, "prompt file " + file + " has no prompts");
                    }
                    return new PromptSource(prompts, file);
                } catch (IOException e) {
                    throw new ConfigException(node.location(), path, "cannot read prompt file " + file
                            + " (" + e.getClass().getSimpleName() + "); paths are relative to the experiment file");
                }
            }
            throw new ConfigException(node.location(), path,
                    "expected a list of prompts or the name of a text file, got " + node.describe());
        };
    }
}
