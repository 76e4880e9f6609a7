package io.sideline.ee.cdi;

import jakarta.enterprise.inject.spi.Bean;

import java.lang.reflect.Method;

/** A registered job: its name, its CDI bean and its one {@code perform} method. */
public record JobDefinition(String name, Class<?> beanClass, Bean<?> bean, Method perform) {
}
