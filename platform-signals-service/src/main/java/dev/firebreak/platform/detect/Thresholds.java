package dev.firebreak.platform.detect;

import dev.firebreak.kit.tenancy.TenantSettings;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.time.LocalTime;
import java.util.Map;
import java.util.Set;

/**
 * Thresholds and windows of the platform detectors, RED-FLAGS.md's values by default: deployment-wide under
 * {@code firebreak.platform.<key>}, per tenant under {@code firebreak.tenants."<tenant>".platform.<key>}
 * ({@link TenantSettings}), each key the method's name in kebab case ({@code ips-per-account=8}).
 */
@ConfigMapping(prefix = "firebreak.platform")
public interface Thresholds {

    /** PL-01: distinct IPs within {@link #ipWindow()} that make an account hop between networks. */
    @WithDefault("5")
    int ipsPerAccount();

    /** PL-01: the window of {@link #ipsPerAccount()}. */
    @WithDefault("PT1H")
    Duration ipWindow();

    /** PL-01: the speed between two logins' places above which the travel is impossible (km/h). */
    @WithDefault("1000")
    double maxTravelKmh();

    /** PL-02: accounts logging in from one IP within {@link #accountsPerIpWindow()}. */
    @WithDefault("3")
    int accountsPerIp();

    /** PL-02: the window of {@link #accountsPerIp()}. */
    @WithDefault("PT24H")
    Duration accountsPerIpWindow();

    /** PL-02: an IP seen on this many accounts or more is common (a carrier's NAT, a campus) and links nobody. */
    @WithDefault("50")
    int commonIpAccounts();

    /** PL-03: how long a run of activity without a break must last. */
    @WithDefault("PT24H")
    Duration continuousActivity();

    /** PL-03: the longest gap between two events of one run. */
    @WithDefault("PT30M")
    Duration activityGap();

    /** PL-05: accounts one client rates highly within {@link #ratingWindow()}. */
    @WithDefault("3")
    int ratedAccounts();

    /** PL-05: a rating at or above this (out of 5) is high. */
    @WithDefault("4.5")
    double highRating();

    /** PL-05: the window of {@link #ratedAccounts()}. */
    @WithDefault("P7D")
    Duration ratingWindow();

    /** PL-06: bids within {@link #bidWindow()} that, with an acceptance below {@link #minAcceptance()}, are a pattern. */
    @WithDefault("30")
    int bids();

    /** PL-06: the window of the bidding pattern. */
    @WithDefault("P30D")
    Duration bidWindow();

    /** PL-06: the acceptance rate below which many bids are a pattern. */
    @WithDefault("0.05")
    double minAcceptance();

    /** PL-06: bids per login at or above which bidding is a pattern. */
    @WithDefault("10")
    int bidsPerLogin();

    /** PL-07: inactivity before an ownership change that makes it suspicious. */
    @WithDefault("P30D")
    Duration dormancy();

    /** PL-09: ports whose being open means remote access (RDP, VNC, TeamViewer, AnyDesk, ...). */
    @WithDefault("3389,5900,5901,5938,7070,21118")
    Set<Integer> remoteAccessPorts();

    /** PL-10: active events needed before the account's hours are judged. */
    @WithDefault("50")
    int offHoursEvents();

    /** PL-10: the share of events outside the declared working hours that is a pattern. */
    @WithDefault("0.6")
    double offHoursShare();

    /** PL-10: the working day's start where the account declared no hours of its own. */
    @WithDefault("07:00")
    LocalTime dayStart();

    /** PL-10: the working day's end where the account declared no hours of its own. */
    @WithDefault("22:00")
    LocalTime dayEnd();

    /** PL-11: accounts using one device. */
    @WithDefault("2")
    int devicesAccounts();

    /** PL-11: uses of the device by an account for it to count (a relative's laptop borrowed once does not). */
    @WithDefault("2")
    int deviceMinUses();

    /** PL-17: client messages needed before the replies are judged. */
    @WithDefault("10")
    int replyMessages();

    /** PL-17: the median reply delay that is a pattern. */
    @WithDefault("PT24H")
    Duration replyDelay();

    /** PL-18: bids needed before the projects are judged. */
    @WithDefault("10")
    int cryptoBids();

    /** PL-18: the share of bids on crypto/web3 projects that is a pattern. */
    @WithDefault("0.5")
    double cryptoShare();

    /**
     * PL-10, PL-17, PL-18 (judged on an account's whole history, reported once): how long after a report the code is
     * judged again on the events since, and reported again if they still show it, so that its flag lasts while the
     * behaviour goes on (the signals expire: half the shortest of their lifetimes, 30 days).
     */
    @WithDefault("P15D")
    Duration reportAgainAfter();

    /**
     * PL-13: whether the tenant sends {@code ACCOUNT_VERIFIED} for every account it verifies, so that an account bidding
     * without one is unverified. Off by default: a tenant that never sends verifications would otherwise have every
     * bidder flagged. A verification that arrives after the account's first bid is read either way.
     */
    @WithDefault("false")
    boolean verificationEvents();

    /** PL-04: the estimated Jaccard similarity of two texts at or above which they are near-duplicates. */
    @WithDefault("0.8")
    double textSimilarity();

    /**
     * PL-04: the distinct character 5-grams a text needs to be compared at all (80: about a sentence of 90 characters);
     * shorter texts — "I can do this job." — are written alike by many people.
     */
    @WithDefault("80")
    int textMinShingles();

    /** The defaults alone (tests, tools). */
    static Thresholds defaults() {
        return TenantSettings.standalone(Thresholds.class, Map.of(), "");
    }
}
