package dev.firebreak.kit.api;

import io.quarkus.runtime.annotations.StaticInitSafe;
import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.Optional;

/** The HTTP layer's own limits and JSON reading ({@code firebreak.http.*}, {@code firebreak.json.*}). */
public interface HttpSettings {

    /** {@code firebreak.http.*}. */
    @ConfigMapping(prefix = "firebreak.http")
    interface Limits {

        /** The body limit of ordinary endpoints (absent: {@code quarkus.http.limits.max-body-size}'s). */
        Optional<MemorySize> maxBodySize();

        /** The path prefix of endpoints that take files (list uploads), limited only by Quarkus's own limit. */
        Optional<String> largeBodyPathPrefix();
    }

    /** {@code firebreak.json.*}: read while Jackson's mapper is built, at static initialisation. */
    @StaticInitSafe
    @ConfigMapping(prefix = "firebreak.json")
    interface Json {

        /**
         * Whether the mapper refuses U+0000 in any text; off where every text is checked where it is bound anyway and
         * the mapper's speed matters (a custom String deserializer takes Jackson's untyped values off their fast path).
         */
        @WithDefault("true")
        boolean refuseNulInText();
    }
}
