package io.sideline.sample.devredis;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;

/** The state file that lets a restarted server find the Redis its previous incarnation started. */
final class DevRedisState {

    static final String FILE_NAME = "sideline-sample-redis.properties";

    private final Path file;

    DevRedisState(Path dir) {
        this.file = dir.resolve(FILE_NAME);
    }

    Optional<RedisProcess> read() {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            p.load(in);
            return Optional.of(new RedisProcess(p.getProperty("kind"), p.getProperty("url"),
                    Long.parseLong(p.getProperty("pid")), p.getProperty("run_id")));
        } catch (IOException | RuntimeException unreadable) {
            return Optional.empty(); // a torn or foreign file: provision afresh and overwrite it
        }
    }

    void write(RedisProcess redis) {
        Properties p = new Properties();
        p.setProperty("kind", redis.kind());
        p.setProperty("url", redis.url());
        p.setProperty("pid", Long.toString(redis.pid()));
        p.setProperty("run_id", redis.runId());
        try (Writer out = Files.newBufferedWriter(file)) {
            p.store(out, "sideline sample dev Redis; stopped and deleted when the server stops normally");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void delete() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // best effort at JVM shutdown; a stale file is detected by its run_id next time
        }
    }
}
