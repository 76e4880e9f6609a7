package io.sideline.ee.docs;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The README's Guarantees table names, for every guarantee, the tests that prove it. A test renamed or deleted
 * would leave a guarantee that nothing proves any more: every class (and method, where one is named) in its
 * "Proven by" column must exist among the test sources of the project's modules.
 */
class GuaranteesTableTest {

    private static final Path ROOT = Path.of("..");
    /** `Class`, `Class.method` or `Class.methodPrefix…` (an ellipsis shortens a long test name). */
    private static final Pattern TEST_REFERENCE = Pattern.compile("`([A-Z][A-Za-z0-9]*(?:Test|IT))(?:\\.([A-Za-z0-9_]+)(…)?)?`");

    @Test
    void everyTestTheGuaranteesTableNamesExists() {
        List<String> references = provenByReferences();
        assertFalse(references.isEmpty(), "the README's Guarantees table should name the tests that prove each row");
        Map<String, Path> sources = testSources();
        List<String> missing = new ArrayList<>();
        for (String reference : references) {
            Matcher m = TEST_REFERENCE.matcher(reference);
            m.matches(); // every reference was found by this pattern
            Path source = sources.get(m.group(1));
            if (source == null) {
                missing.add(reference + " (no such test class)");
            } else if (m.group(2) != null && !declaresMethod(source, m.group(2), m.group(3) != null)) {
                missing.add(reference + " (no such test method in " + ROOT.relativize(source) + ")");
            }
        }
        assertEquals(List.of(), missing, "tests named in the README's Guarantees table");
    }

    /** Every backticked test reference in the third column of the table under "## Guarantees". */
    private static List<String> provenByReferences() {
        String readme = read(ROOT.resolve("README.md"));
        String table = readme.substring(readme.indexOf("\n## Guarantees"));
        List<String> references = new ArrayList<>();
        for (String line : table.split("\n")) {
            String[] cells = line.split("\\|");
            if (line.startsWith("|") && cells.length >= 4 && !line.startsWith("|---")) {
                Matcher m = TEST_REFERENCE.matcher(cells[3]);
                while (m.find()) {
                    references.add(m.group());
                }
            }
        }
        return references;
    }

    private static Map<String, Path> testSources() {
        try (Stream<Path> files = Files.walk(ROOT, 12)) {
            return files.filter(p -> p.toString().replace('\\', '/').contains("/src/test/java/"))
                    .filter(p -> p.getFileName().toString().endsWith(".java"))
                    .collect(Collectors.toMap(p -> p.getFileName().toString().replace(".java", ""), p -> p,
                            (first, second) -> first));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean declaresMethod(Path source, String method, boolean prefix) {
        Pattern declaration = Pattern.compile("void\\s+" + Pattern.quote(method) + (prefix ? "\\w*" : "") + "\\s*\\(");
        return declaration.matcher(read(source)).find();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
