package dev.firebreak.kit.api;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.Instant;

/**
 * An instant something happened, in the window every service accepts (from 2000-01-01 to a day past the service's
 * clock): a time outside it is a client's error, and downstream it would be refused or make everything after it late.
 * Null is valid (use {@code @NotNull} as well where the time is required).
 */
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.METHOD,
        ElementType.TYPE_USE})
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = EventTime.Check.class)
public @interface EventTime {

    String message() default "must be between 2000-01-01T00:00:00Z and one day past the service's clock";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    final class Check implements ConstraintValidator<EventTime, Instant> {
        @Override
        public boolean isValid(Instant value, ConstraintValidatorContext context) {
            return value == null || InputLimits.inWindow(value, Instant.now());
        }
    }
}
