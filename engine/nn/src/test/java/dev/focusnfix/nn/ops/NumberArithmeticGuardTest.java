package dev.focusnfix.nn.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.focusnfix.api.tensor.Scalars;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the rule of {@code dev.focusnfix.api.tensor}: main code of framework-nn, plugin-api and plugin-sdk calls no
 * {@code mul}, {@code div}, {@code pow}, {@code maximum} or {@code minimum} (nor their in-place forms) with a Java
 * number, because on DJL's CPU engine autograd then reads freed memory after a garbage collection. Use
 * {@link Scalars} instead.
 *
 * <p>The scan is textual. An argument counts as a number when it starts with a numeric literal, a primitive cast,
 * {@code Math.}/{@code Float.}/{@code Double.}/..., a variable declared in the same file with a primitive or boxed
 * number type, or a call of a method that the module declares only with a primitive return type.
 */
class NumberArithmeticGuardTest {

    private static final Path MAIN_SOURCES = Path.of("src/main/java");
    /** The code the engine shares with plugins: the contract's tensor helpers and the plugin SDK (from engine/nn). */
    private static final List<Path> SHARED_SOURCES =
            List.of(Path.of("../../plugin-api/src/main/java"), Path.of("../../plugin-sdk/src/main/java"));

    private static final Pattern CALL =
            Pattern.compile("(\\w+)?\\s*\\.\\s*(mul|div|pow|maximum|minimum|muli|divi|powi)\\s*\\(");
    private static final Pattern NUMERIC_START =
            Pattern.compile("^[-+(\\s]*(\\d|\\.\\d|\\(\\s*(float|double|int|long|short|byte)\\s*\\)"
                    + "|(Math|StrictMath|Float|Double|Integer|Long|Short|Byte)\\s*\\.)");
    private static final Pattern NUMBER_VARIABLE = Pattern.compile(
            "\\b(?:float|double|int|long|short|byte|Float|Double|Integer|Long|Short|Byte|Number)\\s+(\\w+)\\s*[=;,):]");
    private static final Pattern NUMBER_METHOD = Pattern.compile(
            "\\b(?:float|double|int|long|short|byte|Float|Double|Integer|Long|Number)\\s+(\\w+)\\s*\\(");
    private static final Pattern OTHER_METHOD = Pattern.compile("\\b([A-Z]\\w*(?:<[^>]*>)?)\\s+(\\w+)\\s*\\(");
    private static final Pattern LEADING_IDENTIFIER = Pattern.compile("^\\s*(?:this\\s*\\.\\s*)?(\\w+)\\s*(.?)");
    /** {@code a.b().c(x)}: group 1 is the name of the last method called. */
    private static final Pattern CALL_CHAIN =
            Pattern.compile("(?:\\w+\\s*(?:\\([^()]*\\))?\\s*\\.\\s*)*(\\w+)\\s*\\([^()]*\\)\\s*");

    @Test
    void mainSourcesUseNoNumberArithmeticOnArrays() throws IOException {
        Map<Path, String> sources = new TreeMap<>(readSources(MAIN_SOURCES));
        assertTrue(sources.size() > 50, "expected the framework-nn sources under " + MAIN_SOURCES.toAbsolutePath());
        for (Path shared : SHARED_SOURCES) {
            Map<Path, String> more = readSources(shared);
            assertTrue(more.size() > 5, "expected sources under " + shared.toAbsolutePath());
            sources.putAll(more);
        }
        Set<String> numberMethods = numberMethods(sources.values());
        List<String> violations = new ArrayList<>();
        for (Map.Entry<Path, String> e : sources.entrySet()) {
            if (e.getKey().endsWith(Path.of("tensor", "Scalars.java"))) {
                continue;
            }
            violations.addAll(violations(e.getKey().normalize().toString(), e.getValue(), numberMethods));
        }
        assertEquals(
                List.of(),
                violations,
                "use dev.focusnfix.api.tensor.Scalars instead of NDArray operations with Java"
                        + " numbers (see the package documentation of dev.focusnfix.api.tensor)");
    }

    @Test
    void theScanRecognisesNumbersAndLeavesArraysAlone() {
        String source =
                """
                class Example {
                    private final double scale = 2;
                    float factor() { return 1f; }
                    NDArray mask() { return null; }
                    NDArray f(NDArray x, NDArray y, int steps, Float boxed) {
                        x.mul(0.5);
                        x.div((float) scale);
                        x.pow(-2);
                        x.maximum(Float.MIN_NORMAL);
                        x.minimum(Math.sqrt(2));
                        x.mul(scale);
                        x.divi(steps);
                        x.mul(this.scale * 2);
                        x.mul(boxed);
                        x.mul(config.factor());
                        // x.mul(3) in a comment is fine
                        x.mul(y);
                        x.mul(mask());
                        x.div(y.sum());
                        Scalars.mul(x, 0.5);
                        return x.mul(y.add(1));
                    }
                }
                """;
        List<String> found = violations("Example.java", source, numberMethods(List.of(source)));
        assertEquals(10, found.size(), String.join("\n", found));
        assertTrue(found.get(0).contains("x.mul(0.5)"), found.get(0));
        assertTrue(found.get(9).contains("config.factor()"), found.get(9));
    }

    private static Map<Path, String> readSources(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(p -> p.toString().endsWith(".java"))
                    .collect(Collectors.toMap(p -> p, NumberArithmeticGuardTest::read));
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Methods declared with a number return type and never with another return type. */
    private static Set<String> numberMethods(Iterable<String> sources) {
        Set<String> numbers = new HashSet<>();
        Set<String> others = new HashSet<>();
        for (String source : sources) {
            String code = withoutComments(source);
            Matcher m = NUMBER_METHOD.matcher(code);
            while (m.find()) {
                numbers.add(m.group(1));
            }
            Matcher o = OTHER_METHOD.matcher(code);
            while (o.find()) {
                if (!Set.of("new", "return").contains(o.group(1))) {
                    others.add(o.group(2));
                }
            }
        }
        numbers.removeAll(others);
        return numbers;
    }

    private static List<String> violations(String file, String source, Set<String> numberMethods) {
        String code = withoutComments(source);
        Set<String> numberVariables = new HashSet<>();
        Matcher declared = NUMBER_VARIABLE.matcher(code);
        while (declared.find()) {
            numberVariables.add(declared.group(1));
        }
        List<String> found = new ArrayList<>();
        Matcher call = CALL.matcher(code);
        while (call.find()) {
            if ("Scalars".equals(call.group(1))) {
                continue;
            }
            String argument = argument(code, call.end());
            if (isNumber(argument, numberVariables, numberMethods)) {
                int line = (int) code.substring(0, call.start())
                                .chars()
                                .filter(c -> c == '\n')
                                .count()
                        + 1;
                found.add(file + ":" + line + ": ." + call.group(2) + "(" + argument + ")  in  "
                        + code.split("\n", -1)[line - 1].trim());
            }
        }
        return found;
    }

    /** The text of the first argument of a call whose opening parenthesis ends at {@code start}. */
    private static String argument(String code, int start) {
        int depth = 0;
        for (int i = start; i < code.length(); i++) {
            char c = code.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')' || c == ',' && depth == 0) {
                if (depth == 0) {
                    return code.substring(start, i).trim();
                }
                depth--;
            }
        }
        return code.substring(start).trim();
    }

    private static boolean isNumber(String argument, Set<String> numberVariables, Set<String> numberMethods) {
        if (NUMERIC_START.matcher(argument).find()) {
            return true;
        }
        Matcher identifier = LEADING_IDENTIFIER.matcher(argument);
        if (identifier.find()
                && numberVariables.contains(identifier.group(1))
                && !".".equals(identifier.group(2))
                && !"(".equals(identifier.group(2))) {
            return true;
        }
        Matcher chain = CALL_CHAIN.matcher(argument);
        return chain.matches() && numberMethods.contains(chain.group(1));
    }

    /** The source with comments blanked out (line breaks kept, so line numbers stay right). */
    private static String withoutComments(String source) {
        StringBuilder out = new StringBuilder(source.length());
        int i = 0;
        while (i < source.length()) {
            char c = source.charAt(i);
            if (c == '\'') {
                // A character literal, possibly an escaped quote.
                int end = source.indexOf('\'', i + (source.charAt(i + 1) == '\\' ? 3 : 2));
                end = end < 0 ? source.length() - 1 : end;
                out.append(source, i, end + 1);
                i = end + 1;
            } else if (c == '"') {
                int end = i + 1;
                while (end < source.length() && source.charAt(end) != '"' && source.charAt(end) != '\n') {
                    end += source.charAt(end) == '\\' ? 2 : 1;
                }
                out.append(source, i, Math.min(end + 1, source.length()));
                i = end + 1;
            } else if (source.startsWith("//", i)) {
                while (i < source.length() && source.charAt(i) != '\n') {
                    i++;
                }
            } else if (source.startsWith("/*", i)) {
                int end = source.indexOf("*/", i + 2);
                end = end < 0 ? source.length() : end + 2;
                source.substring(i, end).chars().filter(ch -> ch == '\n').forEach(ch -> out.append('\n'));
                i = end;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }
}
