package io.sideline.benchmark.api;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** The benchmark's endpoints, under {@code /bench/api}; BenchmarkIT is their only client. */
@ApplicationPath("api")
public class BenchmarkApplication extends Application {
}
