package dev.firebreak.platform.detect;

import java.util.Optional;

/** Where an IP is, when the operator loaded a geolocation database (else nothing is known). */
public interface GeoLocator {

    /** A location with its accuracy radius (MaxMind's {@code accuracy_radius}, km). */
    record Place(double latitude, double longitude, int accuracyKm, String country) {
    }

    Optional<Place> locate(String ip);

    GeoLocator NONE = ip -> Optional.empty();

    /** Great-circle distance (haversine, mean Earth radius 6371 km). */
    static double distanceKm(Place a, Place b) {
        double lat1 = Math.toRadians(a.latitude());
        double lat2 = Math.toRadians(b.latitude());
        double dLat = lat2 - lat1;
        double dLon = Math.toRadians(b.longitude() - a.longitude());
        double h = Math.sin(dLat / 2) * Math.sin(dLat / 2)
                + Math.cos(lat1) * Math.cos(lat2) * Math.sin(dLon / 2) * Math.sin(dLon / 2);
        return 2 * 6371.0 * Math.asin(Math.min(1, Math.sqrt(h)));
    }
}
