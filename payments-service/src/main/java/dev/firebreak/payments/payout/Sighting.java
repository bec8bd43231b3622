package dev.firebreak.payments.payout;

/** "This worker used this identifier", for {@code entity.observations} (value hashed where DESIGN.md says so). */
public record Sighting(String type, String value, String originId) {
}
