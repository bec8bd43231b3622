package dev.firebreak.platform.detect;

import java.time.Duration;
import java.time.LocalTime;
import java.util.Set;

/** Thresholds and windows of the platform detectors (RED-FLAGS.md defaults), per tenant from configuration. */
public record Thresholds(
        int ipsPerAccount, Duration ipWindow, double maxTravelKmh,
        int accountsPerIp, Duration accountsPerIpWindow, int commonIpAccounts,
        Duration continuousActivity, Duration activityGap,
        int ratedAccounts, double highRating, Duration ratingWindow,
        int bids, Duration bidWindow, double minAcceptance, int bidsPerLogin,
        Duration dormancy,
        Set<Integer> remoteAccessPorts,
        int offHoursEvents, double offHoursShare, LocalTime dayStart, LocalTime dayEnd,
        int devicesAccounts, int deviceMinUses,
        int replyMessages, Duration replyDelay,
        int cryptoBids, double cryptoShare,
        double textSimilarity) {

    public static Thresholds defaults() {
        return new Thresholds(
                5, Duration.ofHours(1), 1000,
                3, Duration.ofHours(24), 50,
                Duration.ofHours(24), Duration.ofMinutes(30),
                3, 4.5, Duration.ofDays(7),
                30, Duration.ofDays(30), 0.05, 10,
                Duration.ofDays(30),
                Set.of(3389, 5900, 5901, 5938, 7070, 21118),
                50, 0.6, LocalTime.of(7, 0), LocalTime.of(22, 0),
                2, 2,
                10, Duration.ofHours(24),
                10, 0.5,
                0.8);
    }
}
