package io.sideline.ee.test;

/** Where the test kit found its Redis, in the order it looks. */
public enum RedisSource {
    /** {@code SIDELINE_TEST_REDIS_URL} names one (a CI service, a Redis you started yourself). */
    ENVIRONMENT,
    /** A {@code redis:7.0} container: Testcontainers is on the class path and a Docker engine answers. */
    TESTCONTAINERS,
    /** A private {@code redis-server} from the PATH. */
    REDIS_SERVER,
    /** The redis-server binary bundled in {@code com.github.codemonstur:embedded-redis} (Redis 6.2). */
    EMBEDDED
}
