package dev.firebreak.platform.stream;

import dev.firebreak.platform.detect.Activity;
import dev.firebreak.platform.detect.AnonymisingNetwork;
import dev.firebreak.platform.detect.GeoLocator;
import dev.firebreak.platform.event.EventType;
import dev.firebreak.platform.event.Sighting;
import dev.firebreak.platform.signal.StreamMessages;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The identifiers an account's events show, each one observation for the aggregator's links the first time the
 * account shows it: the worker behind the account, devices, IPs, the countries logins come from (with a City
 * database), the declared country and time zone, and the account that referred it.
 */
final class AccountObservations {

    private final GeoLocator geo;
    private final AnonymisingNetwork.Lookup networks;

    AccountObservations(GeoLocator geo, AnonymisingNetwork.Lookup networks) {
        this.geo = geo;
        this.networks = networks;
    }

    private AnonymisingNetwork.Verdict anonymous(String ip) {
        AnonymisingNetwork.Verdict verdict = networks.verdict(ip);
        return verdict == null || verdict.types().isEmpty() ? null : verdict;
    }

    /**
     * @param newIp whether the event's IP is new to the account (the store marked it as it placed the event)
     */
    List<StreamMessages.Message> of(String tenant, AccountStore.Account account, Activity e, boolean newIp) {
        List<Sighting> sightings = new ArrayList<>();
        String origin = "event:" + e.eventId();
        if (e.workerId() != null && account.firstShown("W" + e.workerId())) {
            sightings.add(new Sighting(e.workerId(), e.accountId(), "PLATFORM_ACCOUNT", e.accountId(), "account:" + e.accountId()));
        }
        if (e.device() != null && account.firstShown("D" + e.device())) {
            sightings.add(new Sighting(e.workerId(), e.accountId(), "DEVICE", e.device(), origin));
        }
        if (newIp) {
            sightings.add(new Sighting(e.workerId(), e.accountId(), "IP", e.ip(), origin));
        }
        if (e.ip() != null && e.is(EventType.LOGIN) && anonymous(e.ip()) == null) {
            // where the login came from, when a City database is loaded (the aggregator compares it with the declared
            // country: ID-03); behind a VPN, proxy, Tor or hosting exit where the person is is unknown, and the exit's
            // country is not theirs (a VPN user who picks a Dutch exit does not live in the Netherlands)
            geo.locate(e.ip()).map(GeoLocator.Place::country).filter(c -> c != null && c.matches("[A-Z]{2}"))
                    .filter(c -> account.firstShown("C" + c))
                    .ifPresent(c -> sightings.add(new Sighting(e.workerId(), e.accountId(), "LOGIN_COUNTRY", c, origin)));
        }
        if (e.is(EventType.ACCOUNT_CREATED)) {
            Optional.ofNullable(e.text("declaredCountry")).map(c -> c.toUpperCase(Locale.ROOT)).filter(c -> c.matches("[A-Z]{2}"))
                    .ifPresent(c -> sightings.add(new Sighting(e.workerId(), e.accountId(), "DECLARED_COUNTRY", c, origin)));
            Optional.ofNullable(e.text("declaredTimezone"))
                    .ifPresent(z -> sightings.add(new Sighting(e.workerId(), e.accountId(), "DECLARED_TIMEZONE", z, origin)));
        }
        if (e.is(EventType.REFERRAL)) {
            // the event's account was recommended by referrerAccountId: the aggregator links the two (NW-02)
            Optional.ofNullable(e.text("referrerAccountId")).filter(a -> a.matches("[A-Za-z0-9._:@-]{1,100}"))
                    .filter(a -> !a.equals(e.accountId()))
                    .ifPresent(a -> sightings.add(new Sighting(e.workerId(), e.accountId(), "REFERRAL", a, origin)));
        }
        List<StreamMessages.Message> out = new ArrayList<>(sightings.size());
        for (Sighting s : sightings) {
            out.add(StreamMessages.observation(tenant, e.at(), s));
        }
        return out;
    }
}
