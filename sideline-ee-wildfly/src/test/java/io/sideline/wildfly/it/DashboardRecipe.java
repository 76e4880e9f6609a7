package io.sideline.wildfly.it;

import io.sideline.ee.dashboard.SecurityHeaders;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * docs/dashboard.md's WildFly recipe, generated from {@link SecurityHeaders#HEADERS} so that it cannot drift from the
 * headers the dashboard's own filter sets: one Undertow {@code response-header} filter per header, referenced from
 * the default host with a {@code path-prefix} predicate on the dashboard's path. The filter runs before the
 * deployment, so the container's own 401 challenge and 403 carry the headers too (a servlet filter runs only after
 * the security constraint let a request through). {@code DashboardRecipeTest} holds the docs to {@link #lines}.
 */
final class DashboardRecipe {

    /** How long the offline CLI may take on a loaded machine (it boots an embedded, admin-only server). */
    private static final long CLI_TIMEOUT_SECONDS = 300;

    private DashboardRecipe() {
    }

    /**
     * The CLI commands, two per header (in header name order): for a WAR under {@code contextRoot} ("/app"), or
     * the docs' placeholder ("/&lt;context-root&gt;").
     */
    static List<String> lines(String contextRoot) {
        List<String> lines = new ArrayList<>();
        new TreeMap<>(SecurityHeaders.HEADERS).forEach((header, value) -> {
            if (value.contains("\"") || value.contains("\\")) {
                throw new IllegalArgumentException(header + ": a value with a quote or backslash needs escaping here");
            }
            String filter = "sideline-" + header.toLowerCase(Locale.ROOT);
            lines.add("/subsystem=undertow/configuration=filter/response-header=" + filter
                    + ":add(header-name=" + header + ", header-value=\"" + value + "\")");
            lines.add("/subsystem=undertow/server=default-server/host=default-host/filter-ref=" + filter
                    + ":add(predicate=\"path-prefix('" + contextRoot + "/sideline')\")");
        });
        return lines;
    }

    /**
     * Applies the recipe offline to a server's base directory ({@code jboss.server.base.dir}, whose configuration is
     * a copy of the dist's), with the dist's own {@code jboss-cli.sh} and an embedded server, before the server
     * starts; the CLI's output goes to {@code log}.
     */
    static void applyOffline(Path wildflyHome, Path baseDir, String serverConfig, String contextRoot, Path log)
            throws IOException, InterruptedException {
        List<String> script = new ArrayList<>();
        script.add("embed-server --server-config=" + serverConfig + " --std-out=discard");
        script.addAll(lines(contextRoot));
        script.add("stop-embedded-server");
        Path file = log.resolveSibling("dashboard-headers.cli");
        Files.write(file, script, StandardCharsets.UTF_8);

        ProcessBuilder cli = new ProcessBuilder(wildflyHome.resolve("bin/jboss-cli.sh").toString(), "--file=" + file)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        cli.environment().put("JAVA_HOME", System.getProperty("java.home"));
        cli.environment().put("JAVA_OPTS", "-Djboss.server.base.dir=" + baseDir);
        Process process = cli.start();
        if (!process.waitFor(CLI_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("jboss-cli did not finish within " + CLI_TIMEOUT_SECONDS + " s; see " + log);
        }
        if (process.exitValue() != 0) {
            throw new IOException("jboss-cli failed (" + process.exitValue() + ") on " + file + ": "
                    + Files.readString(log, StandardCharsets.UTF_8));
        }
    }
}
