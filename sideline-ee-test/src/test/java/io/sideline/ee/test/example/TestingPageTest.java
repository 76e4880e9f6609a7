package io.sideline.ee.test.example;

import org.junit.jupiter.api.Test;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * {@code docs/testing.md} shows what runs: its example is this module's {@link OrderWorkflowTest} (without the
 * package and the imports every snippet gets), and every Java block of the page compiles against the library and
 * the kit, with those imports added as the library's {@code DocSnippetsTest} adds them (which leaves this page,
 * whose snippets need the kit, to this test).
 */
class TestingPageTest {

    private static final Path PAGE = Path.of("..", "docs", "testing.md");
    private static final Path EXAMPLE = Path.of("src", "test", "java", "io", "sideline", "ee", "test", "example",
            "OrderWorkflowTest.java");
    private static final Pattern JAVA_BLOCK = Pattern.compile("```java\n(.*?)```", Pattern.DOTALL);
    private static final List<String> IMPORTS = List.of(
            "import io.sideline.ee.*;",
            "import io.sideline.ee.model.*;",
            "import jakarta.enterprise.context.*;",
            "import jakarta.inject.*;",
            "import jakarta.validation.constraints.*;",
            "import java.util.*;");

    @Test
    void theExampleOnThePageIsTheExampleTest() throws IOException {
        List<String> blocks = javaBlocks();
        assertFalse(blocks.isEmpty(), "docs/testing.md should show the example test");
        List<String> source = new ArrayList<>(Files.readAllLines(EXAMPLE));
        source.removeIf(line -> line.startsWith("package ") || IMPORTS.contains(line));
        assertEquals(String.join("\n", source).strip(), blocks.get(0).strip(),
                "docs/testing.md's example should be OrderWorkflowTest.java without its package and the common imports");
    }

    @Test
    void everyJavaBlockOfThePageCompiles() throws IOException {
        List<JavaFileObject> units = new ArrayList<>();
        List<String> blocks = javaBlocks();
        for (int i = 0; i < blocks.size(); i++) {
            units.add(unit(i + 1, blocks.get(i)));
        }
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        Path out = Files.createTempDirectory("testing-page");
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        try (StandardJavaFileManager files = compiler.getStandardFileManager(diagnostics, null, null)) {
            compiler.getTask(null, files, diagnostics, List.of("-proc:none", "-d", out.toString(), "-classpath",
                    classPath), null, units).call();
        }
        List<String> errors = diagnostics.getDiagnostics().stream().filter(d -> d.getKind() == Diagnostic.Kind.ERROR)
                .map(d -> d.getSource().getName() + " line " + d.getLineNumber() + ": " + d.getMessage(null)).toList();
        assertEquals(List.of(), errors, "the Java blocks of docs/testing.md should compile");
    }

    private static List<String> javaBlocks() throws IOException {
        Matcher block = JAVA_BLOCK.matcher(Files.readString(PAGE));
        List<String> blocks = new ArrayList<>();
        while (block.find()) {
            blocks.add(block.group(1));
        }
        return blocks;
    }

    private static JavaFileObject unit(int index, String snippet) {
        String pkg = "snippet.testing.b" + index;
        String source = "package " + pkg + ";\n" + String.join("\n", IMPORTS) + "\n" + snippet;
        return new SimpleJavaFileObject(URI.create("string:///" + pkg.replace('.', '/') + "/Snippet.java"),
                JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return source;
            }

            @Override
            public String getName() {
                return "testing.md snippet " + index;
            }
        };
    }
}
