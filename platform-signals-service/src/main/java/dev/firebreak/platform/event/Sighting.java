package dev.firebreak.platform.event;

/** "This subject used this identifier", for {@code entity.observations} (value hashed where DESIGN.md says so). */
public record Sighting(String workerId, String accountId, String type, String value, String originId) {
}
