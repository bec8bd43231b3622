package dev.firebreak.identity.nexus;

/**
 * "This worker used this identifier", for the {@code entity.observations} topic: {@code type} is one of the
 * observation types of DESIGN.md, {@code value} already hashed where the design says so.
 */
public record Sighting(String type, String value, String originId) {
}
