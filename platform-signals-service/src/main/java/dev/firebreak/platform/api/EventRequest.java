package dev.firebreak.platform.api;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import dev.firebreak.platform.event.EventType;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One element of {@code POST /api/v1/events}: the common fields, plus the type's own fields (kept as they
 * came, e.g. {@code declaredCountry} and {@code declaredTimezone} of {@code ACCOUNT_CREATED}).
 */
@EventLimits
public class EventRequest {

    static final String ID = "[A-Za-z0-9._:@-]{1,100}";
    /** The characters an IP address may have (the IPAddress library then checks it is one). */
    static final String IP = "[0-9A-Fa-f:.]{2,45}";

    @NotBlank
    @Size(max = 200)
    public String eventId;

    @NotNull
    public EventType type;

    @NotBlank
    @Pattern(regexp = ID, message = "must be 1-100 characters of letters, digits and . _ : @ -")
    public String accountId;

    @Pattern(regexp = ID, message = "must be 1-100 characters of letters, digits and . _ : @ -")
    public String workerId;

    @NotNull
    @JsonDeserialize(using = EventTimes.class)
    public Instant occurredAt;

    @Pattern(regexp = IP, message = "must be an IPv4 or IPv6 address")
    public String ip;

    @Size(max = 200)
    public String deviceId;

    private final Map<String, Object> fields = new LinkedHashMap<>();

    @JsonAnySetter
    public void field(String name, Object value) {
        fields.put(name, value);
    }

    @JsonAnyGetter
    public Map<String, Object> fields() {
        return fields;
    }
}
