package io.sideline.ee.engine;

/**
 * Proves that a job name read from Redis never loads a class: its initializer sets the system property
 * {@link #LOADED} (the test reads the property, never this class, which would initialize it).
 */
public final class Canary {

    public static final String LOADED = "sideline.test.canary.initialized";

    static {
        System.setProperty("sideline.test.canary.initialized", "true");
    }

    private Canary() {
    }
}
