package io.sideline.sample.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/**
 * Plain HTTP to the sample's server as a chosen user (or none), for the dashboard's ITs: the development users of
 * server-config/server.xml are {@code admin} (role sideline-admin) and {@code viewer} (no role).
 */
final class DashboardHttp {

    static final String ADMIN = "admin";
    static final String VIEWER = "viewer";
    /** Under the sample's context root. */
    static final String API = "sample/sideline/api/";

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final URI base = URI.create("http://127.0.0.1:" + System.getProperty("http.port") + "/");
    private final String user;
    private final boolean requestedBy;

    private DashboardHttp(String user, boolean requestedBy) {
        this.user = user;
        this.requestedBy = requestedBy;
    }

    /** As admin, sending X-Requested-By as the page does. */
    static DashboardHttp admin() {
        return new DashboardHttp(ADMIN, true);
    }

    /** As this user (password = name, as in server.xml), or anonymous for null; no X-Requested-By. */
    static DashboardHttp as(String user) {
        return new DashboardHttp(user, false);
    }

    /** The Authorization header value of a development user (password = name). */
    static String basic(String user) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + user).getBytes(StandardCharsets.UTF_8));
    }

    HttpResponse<String> get(String path) {
        return send(request(path).GET());
    }

    /** A GET with {@code If-None-Match: etag}. */
    HttpResponse<String> getIfNoneMatch(String path, String etag) {
        return send(request(path).header("If-None-Match", etag).GET());
    }

    HttpResponse<String> post(String path) {
        return send(request(path).POST(HttpRequest.BodyPublishers.noBody()));
    }

    HttpResponse<String> delete(String path) {
        return send(request(path).DELETE());
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30));
        if (user != null) {
            b.header("Authorization", basic(user));
        }
        if (requestedBy) {
            b.header("X-Requested-By", "dashboard-it");
        }
        return b;
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
