package dev.focusnfix.core.experiment;

import dev.focusnfix.core.config.ConfigException;
import dev.focusnfix.core.config.ConfigList;
import dev.focusnfix.core.config.ConfigScalar;
import dev.focusnfix.core.config.Location;
import dev.focusnfix.core.config.OptionsBinder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
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

    /** The largest prompt file read: a list of prompts, not a data set. */
    public static final long MAX_FILE_BYTES = 4L << 20;

    /** The longest prompt line (CLIP reads 77 tokens; this leaves room for any tokenizer). */
    public static final int MAX_LINE_CHARS = 4096;

    /**
     * Reads a prompt file: a regular, readable UTF-8 text file of at most {@link #MAX_FILE_BYTES}, one prompt per
     * line of at most {@link #MAX_LINE_CHARS} characters (blank lines and {@code #} comments skipped). Anything
     * else is refused with a message naming the file and what is wrong.
     */
    static List<String> readPromptFile(Path file, Location at, String path) {
        if (Files.isDirectory(file)) {
            throw new ConfigException(
                    at,
                    path,
                    "prompt file " + file + " is a folder; give a text file with one "
                            + "prompt per line (paths are relative to the experiment file)");
        }
        if (!Files.exists(file)) {
            throw new ConfigException(
                    at,
                    path,
                    "prompt file " + file + " does not exist (paths are relative to the " + "experiment file)");
        }
        if (!Files.isRegularFile(file)) {
            throw new ConfigException(
                    at,
                    path,
                    "prompt file " + file + " is not a regular file; give a text file " + "with one prompt per line");
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes((int) MAX_FILE_BYTES + 1);
        } catch (AccessDeniedException e) {
            throw new ConfigException(at, path, "cannot read prompt file " + file + ": permission denied");
        } catch (IOException e) {
            throw new ConfigException(
                    at,
                    path,
                    "cannot read prompt file " + file + " (" + e.getClass().getSimpleName()
                            + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")");
        }
        if (bytes.length > MAX_FILE_BYTES) {
            throw new ConfigException(
                    at,
                    path,
                    "prompt file " + file + " is larger than " + (MAX_FILE_BYTES >> 20)
                            + " MiB; a prompt file holds one prompt per line, not a data set");
        }
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                throw new ConfigException(
                        at,
                        path,
                        "prompt file " + file + " is a binary file (a NUL byte at offset " + i
                                + "); give a UTF-8 text file with one prompt per line");
            }
        }
        String text;
        try {
            text = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new ConfigException(
                    at,
                    path,
                    "prompt file " + file + " is not UTF-8 text; save it as UTF-8 with " + "one prompt per line");
        }
        List<String> prompts = new ArrayList<>();
        String[] lines = text.split("\r?\n|\r", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (i == 0 && line.startsWith("\uFEFF")) {
                line = line.substring(1).strip();
            }
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.length() > MAX_LINE_CHARS) {
                throw new ConfigException(
                        at,
                        path,
                        "prompt file " + file + " line " + (i + 1) + " is " + line.length()
                                + " characters long (at most " + MAX_LINE_CHARS + "); one prompt per line");
            }
            for (int k = 0; k < line.length(); k++) {
                char c = line.charAt(k);
                if (Character.isISOControl(c) && c != '\t') {
                    throw new ConfigException(
                            at,
                            path,
                            "prompt file " + file + " line " + (i + 1) + " holds the "
                                    + String.format("control character U+%04X", (int) c) + "; give plain text");
                }
            }
            prompts.add(line);
        }
        if (prompts.isEmpty()) {
            throw new ConfigException(at, path, "prompt file " + file + " has no prompts");
        }
        return List.copyOf(prompts);
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
                List<String> prompts = readPromptFile(file, node.location(), path);
                return new PromptSource(prompts, file);
            }
            throw new ConfigException(
                    node.location(),
                    path,
                    "expected a list of prompts or the name of a text file, got " + node.describe());
        };
    }
}
