package io.sideline.ee.test.liberty;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The launcher against a stand-in {@code bin/server} script: what it passes and that its deadline holds. */
class LibertyServerTest {

    @TempDir
    Path wlp;

    @Test
    void aCommandThatHangsWhileHoldingItsOutputOpenTimesOutAndItsChildrenAreDestroyed() throws IOException {
        // like a server script whose forked JVM keeps stdout open: reading the output to its end would never return
        script("echo starting; sleep 600 & echo $! > \"" + wlp.resolve("child.pid") + "\"; wait");
        LibertyServer server = new LibertyServer(wlp, "s1", Duration.ofSeconds(2));

        IllegalStateException timedOut = assertTimeoutPreemptively(Duration.ofSeconds(30),
                () -> assertThrows(IllegalStateException.class, server::start));

        assertTrue(timedOut.getMessage().contains("timed out") && timedOut.getMessage().contains("starting"),
                timedOut.getMessage());
        long child = Long.parseLong(Files.readString(wlp.resolve("child.pid")).trim());
        assertTrue(ProcessHandle.of(child).map(p -> p.onExit().join()).map(p -> !p.isAlive()).orElse(true),
                "the script's child is destroyed with it");
    }

    @Test
    void theActionTheNameAndTheEnvironmentReachTheScript() throws IOException {
        script("echo \"Server $2 $1 with process ID 4242 sideline=$SIDELINE_X started.\"");
        LibertyServer server = new LibertyServer(wlp, "s1");

        server.start(Map.of("SIDELINE_X", "y"));

        assertEquals("Server s1 start with process ID 4242 sideline=y started.\n", server.command("start", Map.of("SIDELINE_X", "y")));
        assertEquals(4242, server.pid());
    }

    @Test
    void aStartThatDoesNotReportStartedFails() throws IOException {
        script("echo \"CWWKE0005E: The runtime environment could not be launched.\"");
        LibertyServer server = new LibertyServer(wlp, "s1");

        IllegalStateException failed = assertThrows(IllegalStateException.class, server::start);
        assertTrue(failed.getMessage().contains("CWWKE0005E"), failed.getMessage());
        assertFalse(server.pidFromFile().isPresent(), "no pid file: not running");
    }

    private void script(String body) throws IOException {
        Path bin = Files.createDirectories(wlp.resolve("bin"));
        Path server = bin.resolve("server");
        Files.writeString(server, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(server, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
