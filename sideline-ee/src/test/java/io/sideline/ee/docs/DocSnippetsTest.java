package io.sideline.ee.docs;

import org.junit.jupiter.api.Test;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Every Java snippet of the README and of {@code docs/} compiles against the library as it is: an example that
 * drifted from the API would mislead exactly the newcomer it is written for. A snippet is a compilation unit
 * (types, not loose statements); the imports every snippet would repeat (the library's API and model, CDI,
 * {@code jakarta.inject}, Bean Validation's constraints, {@code java.util}) are added for it, and {@code public}
 * is dropped from its top-level types so that several may share one snippet.
 */
class DocSnippetsTest {

    private static final Path ROOT = Path.of("..");
    private static final Pattern JAVA_BLOCK = Pattern.compile("```java\n(.*?)```", Pattern.DOTALL);
    private static final String IMPORTS = String.join("\n",
            "import io.sideline.ee.*;",
            "import io.sideline.ee.model.*;",
            "import jakarta.enterprise.context.*;",
            "import jakarta.inject.*;",
            "import jakarta.validation.constraints.*;",
            "import java.util.*;",
            "");

    /** Pages whose snippets need the test kit: sideline-ee-test's TestingPageTest compiles them against it. */
    private static final java.util.Set<String> KIT_PAGES = java.util.Set.of("testing.md");

    @Test
    void everyJavaSnippetOfTheReadmeAndTheDocsCompiles() throws IOException {
        List<JavaFileObject> units = new ArrayList<>();
        for (Path page : pages()) {
            Matcher block = JAVA_BLOCK.matcher(Files.readString(page));
            for (int i = 1; block.find(); i++) {
                units.add(unit(page, i, block.group(1)));
            }
        }
        assertFalse(units.isEmpty(), "the README and docs/ should show Java");

        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        Path out = Files.createTempDirectory("doc-snippets");
        try (StandardJavaFileManager files = compiler.getStandardFileManager(diagnostics, null, null)) {
            List<String> options = List.of("-proc:none", "-d", out.toString(), "-classpath", testClassPath());
            compiler.getTask(null, files, diagnostics, options, null, units).call();
        }
        List<String> errors = diagnostics.getDiagnostics().stream().filter(d -> d.getKind() == Diagnostic.Kind.ERROR)
                .map(d -> d.getSource().getName() + " line " + d.getLineNumber() + ": " + d.getMessage(null))
                .collect(Collectors.toList());
        assertEquals(List.of(), errors, "the Java snippets of the README and docs/ should compile");
    }

    private static List<Path> pages() throws IOException {
        List<Path> pages = new ArrayList<>(List.of(ROOT.resolve("README.md")));
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md") && !KIT_PAGES.contains(p.getFileName().toString()))
                    .sorted().forEach(pages::add);
        }
        return pages;
    }

    /** One snippet as a source file of its own package, so that two pages may each define a {@code Task1}. */
    private static JavaFileObject unit(Path page, int index, String snippet) {
        String pkg = "snippet." + page.getFileName().toString().replace(".md", "").replace('-', '_').toLowerCase() + ".b" + index;
        StringBuilder imports = new StringBuilder(IMPORTS);
        StringBuilder body = new StringBuilder();
        for (String line : snippet.split("\n", -1)) {
            if (line.startsWith("import ")) {
                imports.append(line).append('\n');
            } else {
                body.append(line.replaceFirst("^public (class|record|interface|enum) ", "$1 ")).append('\n');
            }
        }
        String source = "package " + pkg + ";\n" + imports + body;
        URI uri = URI.create("string:///" + pkg.replace('.', '/') + "/Snippet.java");
        return new SimpleJavaFileObject(uri, JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return source;
            }

            @Override
            public String getName() {
                return page.getFileName() + " snippet " + index;
            }
        };
    }

    /** Surefire's test class path (the library and its provided APIs), else this JVM's. */
    private static String testClassPath() {
        String path = System.getProperty("surefire.test.class.path");
        if (path == null || path.isBlank()) {
            path = System.getProperty("java.class.path");
        }
        if (path == null || path.isBlank()) {
            throw new UncheckedIOException(new IOException("no class path to compile the snippets against"));
        }
        return path;
    }
}
