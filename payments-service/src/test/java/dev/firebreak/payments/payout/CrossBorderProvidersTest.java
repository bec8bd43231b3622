package dev.firebreak.payments.payout;

import org.iban4j.CountryCode;
import org.iban4j.Iban;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An EMI's cross-border account says nothing about the worker's country; an ordinary bank's account does. */
class CrossBorderProvidersTest {

    private static AccountIdentity iban(CountryCode country, String bank) {
        String iban = new Iban.Builder(new Random(7)).countryCode(country).bankCode(bank).buildRandom().toString();
        return AccountIdentity.of(iban, null, null, null, null, null);
    }

    @Test
    void revolutAndWiseAccountsAreTheProvidersNotTheWorkers() {
        assertTrue(CrossBorderProviders.holds(iban(CountryCode.LT, "32500")), "Revolut, Lithuania");
        assertTrue(CrossBorderProviders.holds(iban(CountryCode.BE, "967")), "Wise, Belgium");
        assertTrue(CrossBorderProviders.holds(iban(CountryCode.GB, "REVO")), "Revolut, UK");
        // a Lithuanian or Belgian bank's own customer, and a domestic account, state their country
        assertFalse(CrossBorderProviders.holds(iban(CountryCode.LT, "73000")), "Swedbank, Lithuania");
        assertFalse(CrossBorderProviders.holds(iban(CountryCode.BE, "001")), "BNP Paribas Fortis");
        assertFalse(CrossBorderProviders.holds(AccountIdentity.of(null, "1050431292", "CHASUS33", "US", null, null)));
    }
}
