package dev.firebreak.kit.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

import java.io.IOException;

/**
 * Every text a request binds to a {@code String} is refused if it holds U+0000: PostgreSQL cannot store the
 * character, so a field checked only for its length would pass validation and fail in the database. Refused while
 * the JSON is read, it is a 400 naming the field, like any value of the wrong format. (Texts of free-form maps are
 * checked where they are bound, e.g. the platform's {@code EventLimits}.)
 */
@Singleton
public class NoNulInText implements ObjectMapperCustomizer {

    private final boolean enabled;

    public NoNulInText(HttpSettings.Json settings) {
        this.enabled = settings.refuseNulInText();
    }

    @Override
    public void customize(ObjectMapper mapper) {
        if (!enabled) {
            return;
        }
        SimpleModule module = new SimpleModule("firebreak-no-nul-in-text");
        module.addDeserializer(String.class, new Refusing());
        mapper.registerModule(module);
    }

    private static final class Refusing extends StdScalarDeserializer<String> {

        Refusing() {
            super(String.class);
        }

        @Override
        public String deserialize(JsonParser p, DeserializationContext context) throws IOException {
            String text = StringDeserializer.instance.deserialize(p, context);
            if (text != null && text.indexOf('\u0000') >= 0) {
                // the value is not quoted: it may be personal data, and the answer names the field alone
                throw InvalidFormatException.from(p, "U+0000 is not allowed in a text", null, String.class);
            }
            return text;
        }
    }
}
