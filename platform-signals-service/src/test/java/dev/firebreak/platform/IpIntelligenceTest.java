package dev.firebreak.platform;

import dev.firebreak.platform.detect.Activity;
import dev.firebreak.platform.detect.AnonymisingNetwork;
import dev.firebreak.platform.detect.Finding;
import dev.firebreak.platform.detect.GeoLocator;
import dev.firebreak.platform.event.EventType;
import dev.firebreak.platform.ip.IpIntelligence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * IP intelligence from the operator's data: a plain-text CIDR list and MaxMind City/ASN/Anonymous-IP databases
 * written for the tests by {@code src/test/resources/ip/write-test-mmdb.pl} and committed beside it
 * ({@link MmdbTestResource}); PL-08 on top of it.
 */
class IpIntelligenceTest {

    private static IpIntelligence intelligence;

    @BeforeAll
    static void writeDatabases() {
        Map<String, String> config = new MmdbTestResource().start();
        intelligence = new IpIntelligence(Map.of(IpIntelligence.Type.VPN, Path.of(config.get("firebreak.ip-intelligence.lists.vpn"))),
                Path.of(config.get("firebreak.ip-intelligence.city-db")), Path.of(config.get("firebreak.ip-intelligence.asn-db")),
                Path.of(config.get("firebreak.ip-intelligence.anonymous-ip-db")));
    }

    @AfterAll
    static void close() {
        intelligence.close();
    }

    @Test
    void listsAndTheAnonymousIpDatabaseClassifyNetworks() {
        assertEquals(Set.of(IpIntelligence.Type.VPN), intelligence.classify("192.0.2.77").types());
        assertEquals(Set.of(IpIntelligence.Type.VPN), intelligence.classify("192.0.2.200").types());
        assertTrue(intelligence.classify("192.0.2.201").types().isEmpty(), "outside the /25 and not the single address");
        assertEquals(Set.of(IpIntelligence.Type.VPN), intelligence.classify("2001:db8:ff::1").types());
        assertEquals(Set.of(IpIntelligence.Type.VPN), intelligence.classify("203.0.113.5").types());
        IpIntelligence.Network hosting = intelligence.classify("203.0.113.20");
        assertEquals(Set.of(IpIntelligence.Type.HOSTING), hosting.types());
        assertEquals(64500, hosting.asn());
        assertEquals("Example Hosting Ltd", hosting.asOrganisation());
        assertEquals(Set.of(IpIntelligence.Type.TOR), intelligence.classify("203.0.113.33").types());
        assertEquals(Set.of(IpIntelligence.Type.PROXY), intelligence.classify("203.0.113.50").types());
        IpIntelligence.Network broadband = intelligence.classify("198.51.100.3");
        assertTrue(broadband.types().isEmpty());
        assertEquals(64501, broadband.asn());
    }

    @Test
    void theCityDatabaseLocates() {
        GeoLocator.Place london = intelligence.locate("198.51.100.3").orElseThrow();
        assertEquals("GB", london.country());
        assertEquals(20, london.accuracyKm());
        assertEquals("KP", intelligence.locate("198.51.100.40").orElseThrow().country());
        assertEquals("PL", intelligence.locate("2001:db8:1::9").orElseThrow().country());
        assertTrue(intelligence.locate("192.0.2.1").isEmpty());
        assertTrue(intelligence.locate("not an ip").isEmpty());
    }

    @Test
    void whatIsNotLoadedIsSaidNotSilentlyPassed() {
        IpIntelligence none = IpIntelligence.none();
        assertTrue(none.status().get("city-db").startsWith("not loaded: PL-01 impossible travel"));
        assertEquals("not loaded", none.status().get("vpn-list"));
        assertTrue(!none.classifies() && !none.locates());
        assertEquals("4 networks", intelligence.status().get("vpn-list"));
        assertEquals("GeoIP2-City", intelligence.status().get("city-db"));
    }

    @Test
    void pl08NamesTheNetworkTypeAndTheSources() {
        Activity login = new Activity("e-1", EventType.LOGIN, "acct-1", null, Instant.parse("2026-11-20T10:00:00Z"),
                "203.0.113.33", null, Map.of());
        IpIntelligence.Network network = intelligence.classify(login.ip());
        Finding f = new AnonymisingNetwork().inspect(login, new AnonymisingNetwork.Verdict(
                network.types().stream().map(Enum::name).collect(Collectors.toSet()), network.asn(),
                network.asOrganisation(), network.sources())).orElseThrow();
        assertEquals("PL-08", f.code());
        assertEquals(0.9, f.confidence());
        assertTrue(f.evidence().get("explanation").toString().contains("tor"), f.evidence().toString());
        Activity home = new Activity("e-2", EventType.LOGIN, "acct-1", null, Instant.parse("2026-11-20T10:00:00Z"),
                "198.51.100.3", null, Map.of());
        IpIntelligence.Network clean = intelligence.classify(home.ip());
        assertTrue(new AnonymisingNetwork().inspect(home, new AnonymisingNetwork.Verdict(Set.of(), clean.asn(),
                clean.asOrganisation(), clean.sources())).isEmpty());
    }
}
