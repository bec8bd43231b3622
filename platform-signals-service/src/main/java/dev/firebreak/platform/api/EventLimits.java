package dev.firebreak.platform.api;

import dev.firebreak.kit.api.InputLimits;
import dev.firebreak.platform.event.EventContract;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What an event must keep beyond its fields' own constraints, checked alike for a REST batch element and a message of
 * {@code platform.events}: {@code occurredAt} in the window every service accepts ({@link InputLimits#inWindow});
 * the type's own fields bounded (how many, their names, the length of a text, the size of a list, the depth of an
 * object); ids without control characters; and the type's contract ({@link EventContract}: the fields it must carry,
 * and the kind of each field it names, e.g. a {@code declaredTimezone} is a time zone of the IANA database).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = EventLimits.Check.class)
public @interface EventLimits {

    /** Fields of its own an event may carry. */
    int MAX_FIELDS = 50;
    /** A text field (a message, a bid, a profile's summary). */
    int MAX_TEXT = 20_000;
    /** Elements of a list field (tags, changed fields, open ports). */
    int MAX_LIST = 200;
    /** Objects within objects. */
    int MAX_DEPTH = 4;
    /**
     * The characters of all an event's texts together: an event stays well under the broker's message size (1 MB)
     * on its way through the outbox and the topics, whatever the encoding.
     */
    int MAX_TOTAL_TEXT = 100_000;

    String message() default "is not an acceptable event";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    final class Check implements ConstraintValidator<EventLimits, EventRequest> {

        private static final Pattern FIELD_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,63}");

        @Override
        public boolean isValid(EventRequest e, ConstraintValidatorContext context) {
            if (e == null) {
                return true;
            }
            String problem = problem(e);
            if (problem == null) {
                return true;
            }
            int colon = problem.indexOf(": ");
            context.disableDefaultConstraintViolation();
            context.buildConstraintViolationWithTemplate(escape(problem.substring(colon + 2)))
                    .addPropertyNode(problem.substring(0, colon)).addConstraintViolation();
            return false;
        }

        /** The first problem as {@code field: what is wrong}, or null. */
        static String problem(EventRequest e) {
            if (e.occurredAt != null && !InputLimits.inWindow(e.occurredAt, Instant.now())) {
                return "occurredAt: must be " + InputLimits.window();
            }
            if (e.eventId != null && !InputLimits.printable(e.eventId)) {
                return "eventId: must have no control characters";
            }
            if (e.deviceId != null && !InputLimits.printable(e.deviceId)) {
                return "deviceId: must have no control characters";
            }
            Map<String, Object> fields = e.fields();
            if (fields.size() > MAX_FIELDS) {
                return "fields: an event has at most " + MAX_FIELDS + " fields of its own";
            }
            for (Map.Entry<String, Object> field : fields.entrySet()) {
                String name = field.getKey();
                if (!FIELD_NAME.matcher(name).matches()) {
                    return "fields: a field name is a letter then up to 63 letters, digits or _";
                }
                String wrong = bounded(field.getValue(), 1);
                if (wrong != null) {
                    return name + ": " + wrong;
                }
            }
            if (textLength(fields, 0) > MAX_TOTAL_TEXT) {
                return "fields: an event's texts have at most " + MAX_TOTAL_TEXT + " characters together";
            }
            // the type's own fields: those it must carry, and the kind of each it names (issue 27)
            return e.type == null ? null : EventContract.problem(e.type, fields);
        }

        private static String bounded(Object value, int depth) {
            if (depth > MAX_DEPTH && (value instanceof Collection<?> || value instanceof Map<?, ?>)) {
                return "must not nest lists or objects deeper than " + MAX_DEPTH;
            }
            return switch (value) {
                case null -> null;
                case String s when s.length() > MAX_TEXT -> "must be at most " + MAX_TEXT + " characters";
                case String s when !text(s) -> "must have no control characters other than line breaks and tabs";
                case Collection<?> list when list.size() > MAX_LIST -> "must have at most " + MAX_LIST + " elements";
                case Collection<?> list -> {
                    for (Object element : list) {
                        String wrong = bounded(element, depth + 1);
                        if (wrong != null) {
                            yield wrong;
                        }
                    }
                    yield null;
                }
                case Map<?, ?> object when object.size() > MAX_FIELDS -> "must have at most " + MAX_FIELDS + " fields";
                case Map<?, ?> object -> {
                    for (Map.Entry<?, ?> entry : object.entrySet()) {
                        if (!(entry.getKey() instanceof String key) || key.length() > 64 || !InputLimits.printable(key)) {
                            yield "a field name must be at most 64 printable characters";
                        }
                        String wrong = bounded(entry.getValue(), depth + 1);
                        if (wrong != null) {
                            yield wrong;
                        }
                    }
                    yield null;
                }
                default -> null; // numbers and booleans
            };
        }

        /** The characters of every text and field name in the value, counted up to just past the limit. */
        private static long textLength(Object value, int depth) {
            if (depth > MAX_DEPTH + 1) {
                return 0; // deeper is refused on its own
            }
            return switch (value) {
                case String s -> s.length();
                case Collection<?> list -> {
                    long n = 0;
                    for (Object element : list) {
                        n += textLength(element, depth + 1);
                        if (n > MAX_TOTAL_TEXT) {
                            break;
                        }
                    }
                    yield n;
                }
                case Map<?, ?> object -> {
                    long n = 0;
                    for (Map.Entry<?, ?> entry : object.entrySet()) {
                        n += String.valueOf(entry.getKey()).length() + textLength(entry.getValue(), depth + 1);
                        if (n > MAX_TOTAL_TEXT) {
                            break;
                        }
                    }
                    yield n;
                }
                case null, default -> 0;
            };
        }

        /** Printable, or a line break or tab (a message's text has them). */
        private static boolean text(String s) {
            return InputLimits.printable(s.replace('\n', ' ').replace('\r', ' ').replace('\t', ' '));
        }

        /** The message as Bean Validation's template reads it: braces and dollars literal. */
        private static String escape(String message) {
            return message.replace("\\", "\\\\").replace("{", "\\{").replace("}", "\\}").replace("$", "\\$");
        }
    }
}
