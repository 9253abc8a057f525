package dev.focusnfix.core.testing;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** YAML documents that cost a careless parser minutes or gigabytes: alias bombs, deep nesting, huge files. */
public final class YamlBombs {

    private YamlBombs() {}

    /**
     * A billion-laughs document: level {@code i} is a list of two aliases of level {@code i - 1}, so the last level
     * expands to {@code 2^levels} scalars while the text stays a few kilobytes.
     */
    public static String billionLaughs(int levels) {
        StringBuilder yaml = new StringBuilder("name: exp\nl0: &l0 [lol, lol]\n");
        for (int i = 1; i <= levels; i++) {
            yaml.append('l')
                    .append(i)
                    .append(": &l")
                    .append(i)
                    .append(" [*l")
                    .append(i - 1)
                    .append(", *l")
                    .append(i - 1)
                    .append("]\n");
        }
        return yaml.toString();
    }

    /** A value nested {@code depth} lists deep. */
    public static String nested(int depth) {
        return "name: exp\nseed: " + "[".repeat(depth) + "1" + "]".repeat(depth) + "\n";
    }

    /** Writes a syntactically plain YAML file of about {@code bytes} bytes (a long list of prompts). */
    public static void writeLarge(Path file, long bytes) throws IOException {
        Files.deleteIfExists(file);
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("name: exp\nprompts:\n  train:\n");
            String line = "    - a circle on a blue background, drawn again and again\n";
            for (long written = 0; written < bytes; written += line.length()) {
                out.write(line);
            }
        }
    }
}
