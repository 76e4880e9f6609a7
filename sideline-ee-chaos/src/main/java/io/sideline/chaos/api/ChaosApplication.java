package io.sideline.chaos.api;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** The driver's entry point into a chaos server: {@code /chaos/api}. */
@ApplicationPath("api")
public class ChaosApplication extends Application {
}
