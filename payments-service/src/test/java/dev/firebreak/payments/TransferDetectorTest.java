package dev.firebreak.payments;

import dev.firebreak.payments.detect.Finding;
import dev.firebreak.payments.detect.TransferDetector;
import dev.firebreak.payments.detect.TransferDetector.Neighbourhood;
import dev.firebreak.payments.detect.TransferDetector.Transfer;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The per-transfer detectors at their boundaries. */
class TransferDetectorTest {

    private static final Instant T = Instant.parse("2026-06-01T12:00:00Z");
    private final TransferDetector detector = new TransferDetector(TransferDetector.Settings.defaults());

    private static Transfer transfer(String payeeCountry, String amount, String initiatedBy) {
        return new Transfer("t1", T, "payer", "acc-payer", "dev-1", "payee", "acc-payee", payeeCountry, null,
                new BigDecimal(amount), "GBP", null, initiatedBy);
    }

    private static Neighbourhood around(List<String> payerAccount, List<String> payeeAccount, List<String> device, int outgoing) {
        return new Neighbourhood(new TreeSet<>(payerAccount), new TreeSet<>(payeeAccount), new TreeSet<>(device),
                new TreeSet<>(), IntStream.range(0, outgoing).mapToObj(i -> "t" + i).toList());
    }

    private List<String> codes(Transfer t, Neighbourhood n) {
        return detector.inspect(t, n).stream().map(Finding::code).toList();
    }

    @Test
    void anAccountOfOnePartyIsFineAndOfTwoIsShared() {
        Transfer t = transfer("GB", "500", null);
        assertEquals(List.of(), codes(t, around(List.of("payer"), List.of("payee"), List.of("payer"), 1)));
        Finding pm03 = detector.inspect(t, around(List.of("payer"), List.of("payee", "client-9"), List.of("payer"), 1))
                .getFirst();
        assertEquals("PM-03", pm03.code());
        assertEquals(List.of("client-9", "payee"), pm03.parties());
    }

    @Test
    void anAccountOfVeryManyPartiesIsACommonOneAndLinksNobody() {
        List<String> many = IntStream.range(0, 51).mapToObj(i -> "party-" + i).toList();
        List<String> fifty = many.subList(0, 50);
        assertTrue(codes(transfer("GB", "500", null), around(List.of("payer"), fifty, List.of(), 1)).contains("PM-03"));
        assertFalse(codes(transfer("GB", "500", null), around(List.of("payer"), many, List.of(), 1)).contains("PM-03"));
    }

    @Test
    void aDeviceOnTwoCustomersIsShared() {
        Transfer t = transfer("GB", "500", null);
        assertEquals(List.of("PM-04"), codes(t, around(List.of("payer"), List.of("payee"), List.of("other", "payer"), 1)));
    }

    @Test
    void velocityCountsTenInTheWindowNotNine() {
        Transfer t = transfer("GB", "500", null);
        assertFalse(codes(t, around(List.of("payer"), List.of("payee"), List.of(), 9)).contains("PM-05"));
        assertTrue(codes(t, around(List.of("payer"), List.of("payee"), List.of(), 10)).contains("PM-05"));
    }

    /**
     * Issue 30: in a tenant whose payers ordinarily send many transfers a day (an agency's payroll, an EMI's
     * merchants), ten in a day is its ordinary; PM-05 needs more than the tenant's baseline there, and the signal is
     * the same one whatever the baseline (the transfer that reached the catalogue's ten identifies it).
     */
    @Test
    void velocityIsMeasuredAgainstTheTenantsBaseline() {
        Transfer t = transfer("GB", "500", null);
        List<String> twelve = IntStream.range(0, 12).mapToObj(i -> "t" + i).toList();
        Neighbourhood busyTenant = new Neighbourhood(new TreeSet<>(List.of("payer")), new TreeSet<>(List.of("payee")),
                new TreeSet<>(), new TreeSet<>(), twelve, 15);
        assertFalse(codes(t, busyTenant).contains("PM-05"), "12 in a tenant whose busy payers send 15 a day");
        List<String> sixteen = IntStream.range(0, 16).mapToObj(i -> "t" + i).toList();
        Finding above = detector.inspect(t, new Neighbourhood(new TreeSet<>(List.of("payer")), new TreeSet<>(List.of("payee")),
                new TreeSet<>(), new TreeSet<>(), sixteen, 15)).stream().filter(f -> f.code().equals("PM-05")).findFirst().orElseThrow();
        assertEquals(16, above.evidence().get("threshold"));
        assertTrue(above.evidence().get("explanation").toString().contains("above the tenant's baseline of 15 a day"));
        Finding quiet = detector.inspect(t, new Neighbourhood(new TreeSet<>(List.of("payer")), new TreeSet<>(List.of("payee")),
                new TreeSet<>(), new TreeSet<>(), sixteen, 2)).stream().filter(f -> f.code().equals("PM-05")).findFirst().orElseThrow();
        assertEquals(above.triggeringIds(), quiet.triggeringIds());
        assertEquals(10, quiet.evidence().get("threshold"), "a quiet tenant's bar is the catalogue's");
    }

    @Test
    void highRiskDestinationsAndSmallDebitsNotByTheOwner() {
        assertEquals(List.of("PM-07"), codes(transfer("CN", "5000", null), around(List.of(), List.of(), List.of(), 1)));
        assertEquals(List.of("PM-12"), codes(transfer("GB", "100", "worker-party"), around(List.of(), List.of(), List.of(), 1)));
        assertEquals(List.of(), codes(transfer("GB", "100.01", "worker-party"), around(List.of(), List.of(), List.of(), 1)),
                "above the small-debit limit");
        assertEquals(List.of(), codes(transfer("GB", "20", "payer"), around(List.of(), List.of(), List.of(), 1)),
                "initiated by the owner");
    }
}
