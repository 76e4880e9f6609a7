package io.sideline.ee.arch;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Main code names a type by its simple name and an import, never {@code java.util.List<...>} written inside a
 * method (issue 13): an inline package path hides what a class depends on and makes lines long. Javadoc may keep a
 * qualified name (where an import would be unused otherwise); imports, package lines and string literals are not
 * code uses. Scans the main sources of the library, the test kit, the dashboard and the sample.
 */
class InlineQualifiedNamesTest {

    private static final Path ROOT = Path.of("..");
    private static final List<String> MODULES =
            List.of("sideline-ee", "sideline-ee-test", "sideline-ee-dashboard", "sideline-ee-sample-war");
    /** A lower-case package path of at least two segments followed by a type name, not itself part of a name. */
    private static final Pattern QUALIFIED =
            Pattern.compile("(?<![\\w.\"])(?:java|javax|jakarta|io|redis|org|com)(?:\\.[a-z][a-z0-9]*)+\\.[A-Z]\\w*");

    @Test
    void mainCodeNamesNoTypeByItsFullyQualifiedName() {
        List<Path> sources = mainSources();
        assertFalse(sources.isEmpty(), "the main sources should be found from " + ROOT.toAbsolutePath());
        List<String> found = new ArrayList<>();
        for (Path source : sources) {
            found.addAll(inlineNames(source));
        }
        assertEquals(List.of(), found, "inline fully-qualified names in main code (import them instead)");
    }

    @Test
    void theCheckSeesANameInCodeButNotInAnImportACommentOrAString() {
        assertTrue(QUALIFIED.matcher(code("        java.util.List<String> names = List.of();")).find());
        assertTrue(QUALIFIED.matcher(code("    } catch (io.sideline.ee.RedisUnavailableException e) {")).find());
        assertFalse(QUALIFIED.matcher(code("import java.util.List;")).find());
        assertFalse(QUALIFIED.matcher(code("     * {@link io.sideline.ee.RunState}")).find());
        assertFalse(QUALIFIED.matcher(code("    String type = \"java.util.List\"; // java.util.Map")).find());
    }

    private static List<Path> mainSources() {
        List<Path> sources = new ArrayList<>();
        for (String module : MODULES) {
            Path dir = ROOT.resolve(module).resolve("src/main/java");
            if (Files.isDirectory(dir)) {
                try (Stream<Path> files = Files.walk(dir)) {
                    files.filter(f -> f.toString().endsWith(".java")).forEach(sources::add);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return sources;
    }

    private static List<String> inlineNames(Path source) {
        List<String> found = new ArrayList<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(source);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        boolean inComment = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            String trimmed = line.strip();
            boolean opens = trimmed.startsWith("/*");
            boolean comment = inComment || opens || trimmed.startsWith("*") || trimmed.startsWith("//");
            if (opens) {
                inComment = true;
            }
            if (inComment && trimmed.contains("*/")) {
                inComment = false;
            }
            if (comment) {
                continue;
            }
            Matcher m = QUALIFIED.matcher(code(line));
            while (m.find()) {
                found.add(ROOT.relativize(source) + ":" + (i + 1) + " " + m.group());
            }
        }
        return found;
    }

    /** The line without imports, package lines, string literals and trailing comments: only code remains. */
    private static String code(String line) {
        String trimmed = line.strip();
        if (trimmed.startsWith("import ") || trimmed.startsWith("package ") || trimmed.startsWith("*")
                || trimmed.startsWith("/*") || trimmed.startsWith("//")) {
            return "";
        }
        String noStrings = line.replaceAll("\"(?:\\\\.|[^\"\\\\])*\"", "\"\"");
        int comment = noStrings.indexOf("//");
        return comment < 0 ? noStrings : noStrings.substring(0, comment);
    }
}
