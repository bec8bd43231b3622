package dev.firebreak.k8s;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One YAML document of a manifest, with where it came from. */
record Doc(String source, Map<String, Object> body) {

    String apiVersion() {
        return String.valueOf(body.get("apiVersion"));
    }

    String kind() {
        return String.valueOf(body.get("kind"));
    }

    String name() {
        return path("metadata", "name").map(String::valueOf).orElse("?");
    }

    String id() {
        return kind() + "/" + name() + " (" + source + ")";
    }

    /** The value at a path of map keys, if every step exists. */
    Optional<Object> path(String... keys) {
        Object current = body;
        for (String key : keys) {
            if (!(current instanceof Map<?, ?> map) || !map.containsKey(key)) {
                return Optional.empty();
            }
            current = map.get(key);
        }
        return Optional.ofNullable(current);
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object value) {
        return value instanceof List<?> l ? (List<Object>) l : List.of();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }
}
