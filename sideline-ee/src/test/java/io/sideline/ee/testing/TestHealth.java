package io.sideline.ee.testing;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A plain MicroProfile Health response builder, installed with {@link #install()}: the tests call the
 * health checks directly, outside a server (in Liberty, its mpHealth feature provides the builder).
 */
public final class TestHealth extends HealthCheckResponseBuilder {

    private String name;
    private HealthCheckResponse.Status status = HealthCheckResponse.Status.DOWN;
    private final Map<String, Object> data = new LinkedHashMap<>();

    public static void install() {
        HealthCheckResponse.setResponseProvider(TestHealth::new);
    }

    /** The response as its JSON would carry it: name, status and every data entry. */
    public static String render(HealthCheckResponse response) {
        return response.getName() + " " + response.getStatus() + " " + response.getData().orElse(Map.of());
    }

    @Override
    public HealthCheckResponseBuilder name(String name) {
        this.name = name;
        return this;
    }

    @Override
    public HealthCheckResponseBuilder withData(String key, String value) {
        data.put(key, value);
        return this;
    }

    @Override
    public HealthCheckResponseBuilder withData(String key, long value) {
        data.put(key, value);
        return this;
    }

    @Override
    public HealthCheckResponseBuilder withData(String key, boolean value) {
        data.put(key, value);
        return this;
    }

    @Override
    public HealthCheckResponseBuilder up() {
        status = HealthCheckResponse.Status.UP;
        return this;
    }

    @Override
    public HealthCheckResponseBuilder down() {
        status = HealthCheckResponse.Status.DOWN;
        return this;
    }

    @Override
    public HealthCheckResponseBuilder status(boolean up) {
        status = up ? HealthCheckResponse.Status.UP : HealthCheckResponse.Status.DOWN;
        return this;
    }

    @Override
    public HealthCheckResponse build() {
        return new HealthCheckResponse(name, status, data.isEmpty() ? Optional.empty() : Optional.of(Map.copyOf(data)));
    }
}
