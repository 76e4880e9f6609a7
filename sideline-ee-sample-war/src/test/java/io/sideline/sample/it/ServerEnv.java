package io.sideline.sample.it;

import io.sideline.ee.test.liberty.LibertyServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The shared sample server's {@code server.env}, for the ITs that restart it with other environment variables and
 * must restore it byte for byte (and the server ready) before they end, so the other ITs see the usual server.
 */
final class ServerEnv {

    private static final Duration RESTART_TIMEOUT = Duration.ofSeconds(180);

    private ServerEnv() {
    }

    /** The file's bytes, or null when there is none. */
    static byte[] read(Path file) {
        try {
            return Files.exists(file) ? Files.readAllBytes(file) : null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops the server normally, writes (null: deletes) its server.env, starts it and waits until it is ready. */
    static void restartWith(LibertyServer server, SampleApi api, byte[] content) {
        Path serverEnv = server.serverEnv();
        server.stop();
        try {
            if (content == null) {
                Files.deleteIfExists(serverEnv);
            } else {
                Files.write(serverEnv, content);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.start();
        api.awaitReady(RESTART_TIMEOUT);
    }
}
