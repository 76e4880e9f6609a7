package io.sideline.sample.it;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 9, smaller holes, over REST: bodies over 1 MiB are a 413 (declared or streamed), and what the library or
 * the sample refuses to start is a 400 naming the path: a Record sleeping more than a minute, a queue name outside
 * the rule, the reserved no-op job, delays that overflow.
 */
class RestLimitsIT {

    private static final SampleApi API = SampleApi.fromSystemProperties();
    private static final int MIB = 1024 * 1024;
    private static final String SMALL_RUN = "{\"job\":\"Record\",\"args\":[\"limits\"]}";

    @BeforeAll
    static void serverIsUp() {
        API.awaitReady(Duration.ofSeconds(120));
    }

    /** A valid workflow padded with JSON whitespace to exactly {@code size} bytes. */
    private static String padded(int size) {
        return SMALL_RUN + " ".repeat(size - SMALL_RUN.length());
    }

    @Test
    void aBodyOfOneMebibyteIsAcceptedAndOneByteMoreIsA413() {
        assertEquals(201, API.post("sample/api/workflows", padded(MIB)).statusCode());

        HttpResponse<String> response = API.post("sample/api/workflows", padded(MIB + 1));

        assertEquals(413, response.statusCode(), response.body());
        assertTrue(SampleApi.json(response).getString("error").contains("1048576"), response.body());
    }

    @Test
    void aStreamedBodyWithoutContentLengthIsCutAtOneMebibyte() throws IOException, InterruptedException {
        byte[] body = padded(4 * MIB).getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + System.getProperty("http.port")
                        + "/sample/api/workflows"))
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))) // chunked
                .build();

        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());

        assertEquals(413, response.statusCode(), response.body());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            Record sleeping over a minute | {"chain":[{"job":"Record","args":["A"]},{"job":"Record","args":["B",60001]}]} | $.chain[1].args[1]
            Record sleeping 9e18 ms       | {"group":[{"job":"Record","args":["A",9e18]}]}                                | $.group[0].args[1]
            queue name with a space       | {"chain":[{"job":"Record","args":["A"],"queue":"mail queue"}]}                | $.chain[0].queue
            queue name of 65 characters   | {"job":"Record","args":["A"],"queue":"qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq"} | $.queue
            the reserved no-op job        | {"chain":[{"job":"Record","args":["A"]},{"job":"sideline.noop"}]}             | $.chain[1].job
            nested delays overflowing     | {"delay":9223372036854775807,"step":{"delay":1,"step":{"job":"Record","args":["A"]}}} | $.delay
            """)
    void whatCannotRunAsWrittenIsA400NamingThePath(String problem, String body, String path) {
        HttpResponse<String> response = API.post("sample/api/workflows", body);

        assertEquals(400, response.statusCode(), problem + ": " + response.body());
        String error = SampleApi.json(response).getString("error");
        assertTrue(error.startsWith(path), () -> problem + ": error should name " + path + ": " + error);
    }
}
