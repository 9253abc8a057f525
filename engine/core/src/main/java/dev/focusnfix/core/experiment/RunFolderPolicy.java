package dev.focusnfix.core.experiment;

import dev.focusnfix.core.config.ConfigException;
import dev.focusnfix.core.config.Location;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Keeps every run inside its output folder: a run {@code name} is one path segment of safe characters, the run
 * folder {@code <output>/<name>} is checked to stay under {@code output} after normalisation, and {@code output}
 * must be a directory or a folder that can be created (not a regular file, not a system pseudo file system).
 */
public final class RunFolderPolicy {

    /** Letters, digits, dot, dash, underscore, plus and equals; starting with a letter, digit or underscore. */
    public static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._+=-]{0,127}");

    /** Folders no run may be written under: the kernel's pseudo file systems. */
    private static final List<Path> SYSTEM_ROOTS = List.of(Path.of("/proc"), Path.of("/sys"), Path.of("/dev"));

    private RunFolderPolicy() {}

    /** Refuses a run name that is not a single safe path segment; the message says what is allowed. */
    public static void checkName(String name, Location at) {
        if (name == null || !SAFE_NAME.matcher(name).matches() || name.equals(".") || name.equals("..")) {
            throw new ConfigException(
                    at,
                    "name",
                    "'" + printable(name) + "' is not a valid run name: it must be "
                            + "one folder name of letters, digits and . _ - + = (at most 128, not starting with '.' or "
                            + "'-', no '/' or '..'); the run folder is <output>/<name>, use 'output' to choose where");
        }
    }

    /** A default run name derived from a file name: unsafe characters become '_'. */
    public static String sanitize(String raw) {
        String s = raw.replaceAll("[^A-Za-z0-9._+=-]", "_");
        if (s.isEmpty() || !Character.isLetterOrDigit(s.charAt(0)) && s.charAt(0) != '_') {
            s = "_" + s;
        }
        return s.length() > 128 ? s.substring(0, 128) : s;
    }

    /** Refuses an output folder that is a regular file, lies on a system pseudo file system or cannot be created. */
    public static void checkOutput(Path output, Location at) {
        Path abs = output.toAbsolutePath().normalize();
        for (Path root : SYSTEM_ROOTS) {
            if (abs.startsWith(root)) {
                throw new ConfigException(
                        at,
                        "output",
                        abs + " lies under " + root + ", a system pseudo file "
                                + "system; choose a normal folder, e.g. 'output: runs'");
            }
        }
        if (Files.exists(abs) && !Files.isDirectory(abs)) {
            throw new ConfigException(
                    at,
                    "output",
                    abs + " exists and is not a folder; choose a folder for the " + "run folders, e.g. 'output: runs'");
        }
        Path existing = abs;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null || !Files.isDirectory(existing)) {
            throw new ConfigException(
                    at,
                    "output",
                    "cannot create " + abs + ": " + existing + " is not a folder; choose another 'output'");
        }
        if (!Files.isWritable(existing)) {
            throw new ConfigException(
                    at,
                    "output",
                    "cannot create run folders under " + abs + ": " + existing
                            + " is not writable; choose another 'output'");
        }
    }

    /** The run folder {@code <output>/<name>}, checked to stay under {@code output} after normalisation. */
    public static Path resolve(Path output, String name, Location at) {
        checkName(name, at);
        Path base = output.toAbsolutePath().normalize();
        Path runDir = base.resolve(name).normalize();
        if (!runDir.startsWith(base) || runDir.equals(base)) {
            throw new ConfigException(
                    at,
                    "name",
                    "the run folder " + runDir + " would lie outside " + base + "; give a plain folder name");
        }
        return runDir;
    }

    private static String printable(String name) {
        if (name == null) {
            return "null";
        }
        StringBuilder sb = new StringBuilder();
        for (char c : name.toCharArray()) {
            sb.append(Character.isISOControl(c) ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return sb.length() > 80 ? sb.substring(0, 80) + "..." : sb.toString();
    }
}
