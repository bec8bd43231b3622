package dev.firebreak.platform.api;

import jakarta.inject.Singleton;
import jakarta.validation.Path;
import jakarta.validation.TraversableResolver;

import java.lang.annotation.ElementType;

/**
 * The service's validation reads and cascades every property: what it validates are events, plain objects, and its
 * two entities have no lazy attributes. Quarkus uses this bean instead of its default, which asks JPA of every property
 * of every event whether it is loaded; that question was half the cost of validating a batch of events.
 */
@Singleton
public class EveryPropertyReachable implements TraversableResolver {

    @Override
    public boolean isReachable(Object bean, Path.Node property, Class<?> rootType, Path pathToProperty, ElementType elementType) {
        return true;
    }

    @Override
    public boolean isCascadable(Object bean, Path.Node property, Class<?> rootType, Path pathToProperty, ElementType elementType) {
        return true;
    }
}
