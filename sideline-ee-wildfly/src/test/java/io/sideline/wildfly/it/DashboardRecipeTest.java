package io.sideline.wildfly.it;

import io.sideline.ee.dashboard.SecurityHeaders;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The WildFly recipe in docs/dashboard.md is the one {@code DashboardWildFlyIT} runs: the docs show
 * {@link DashboardRecipe#lines} for the placeholder context root, line for line, and those lines set every header of
 * {@link SecurityHeaders#HEADERS} with its value, each on the dashboard's path only.
 */
class DashboardRecipeTest {

    private static final Path DOCS = Path.of("..", "docs", "dashboard.md");
    private static final String PLACEHOLDER = "/<context-root>";

    @Test
    void theDocsShowTheRecipeTheItApplies() throws IOException {
        // the block sits in a list item: compare without its indentation
        String docs = Files.readAllLines(DOCS, StandardCharsets.UTF_8).stream().map(String::strip)
                .collect(Collectors.joining("\n"));
        String recipe = String.join("\n", DashboardRecipe.lines(PLACEHOLDER));

        assertTrue(docs.contains("```\n" + recipe + "\n```"),
                DOCS + " must show DashboardRecipe.lines(\"" + PLACEHOLDER + "\") as one code block:\n" + recipe);
    }

    @Test
    void everyHeaderOfTheFilterIsSetWithItsValueOnTheDashboardsPathOnly() {
        List<String> lines = DashboardRecipe.lines("/app");

        assertEquals(2 * SecurityHeaders.HEADERS.size(), lines.size(), String.join("\n", lines));
        SecurityHeaders.HEADERS.forEach((header, value) -> assertEquals(1, lines.stream()
                .filter(l -> l.contains(":add(header-name=" + header + ", header-value=\"" + value + "\")")).count(),
                header));
        assertEquals(SecurityHeaders.HEADERS.size(), lines.stream()
                .filter(l -> l.startsWith("/subsystem=undertow/server=default-server/host=default-host/filter-ref="))
                .filter(l -> l.endsWith(":add(predicate=\"path-prefix('/app/sideline')\")")).count());
    }
}
