package io.sideline.ee.engine;

import io.sideline.ee.config.SidelineConfig;
import io.sideline.ee.testing.LogCapture;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 9, smaller holes: a Redis URL that does not parse never puts its password (or the URL) into an exception
 * or a log record; startup fails with a message that names the key and the reason.
 */
class RedisUrlLeakTest {

    private static final String PASSWORD = "Secr3t-Pw_77q";

    @ParameterizedTest
    @ValueSource(strings = {
            "redis://sideline:" + PASSWORD + " x@127.0.0.1:6379",     // a space
            "redis://sideline:" + PASSWORD + "%zz@127.0.0.1:6379",    // a broken escape
            "redis://sideline:" + PASSWORD + "@127.0.0.1:63x9",       // a port that is not a number
            "redis://sideline:" + PASSWORD + "@redis_host:6379",      // a host URI cannot read
            "redis://sideline:" + PASSWORD + "@[::1:6379"})            // an unclosed IPv6 literal
    void aMalformedUrlFailsStartupWithoutShowingItsPassword(String url) {
        Throwable failure = null;
        try (LogCapture logs = new LogCapture()) {
            try (TestEngine engine = TestEngine.start(Map.of(SidelineConfig.Keys.REDIS_URL, url))) {
                engine.workflows().status("any");
            } catch (Throwable t) {
                failure = t;
            }
            assertNotNull(failure, "a URL that does not parse must fail the start");
            StringWriter trace = new StringWriter();
            failure.printStackTrace(new PrintWriter(trace));
            assertFalse(trace.toString().contains(PASSWORD), "the password in the exception:\n" + trace);
            assertFalse(logs.text().contains(PASSWORD), "the password in the log:\n" + logs.text());
            assertTrue(trace.toString().contains(SidelineConfig.Keys.REDIS_URL), "the error names the key:\n" + trace);
        }
    }
}
