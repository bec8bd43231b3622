package dev.firebreak.payments.payout;

import org.iban4j.Iban;

import java.util.Set;

/**
 * Accounts of e-money institutions and online banks that open accounts for customers of many countries under one
 * licence: Revolut's Lithuanian IBANs, Wise's Belgian ones, N26's German ones. Such an account's country is the
 * provider's, not the worker's, so it says nothing about the worker's nationality (ID-02 across services compares
 * nationalities, issue 30). Recognised by the IBAN's country and bank code (iban4j). Written here: no library lists
 * these providers; the list is the providers freelancers are commonly paid through, and a deployment that meets
 * another adds it here.
 */
final class CrossBorderProviders {

    /** Country and bank code of the IBAN. */
    private static final Set<String> BANKS = Set.of(
            "LT:32500",    // Revolut Bank UAB
            "IE:REVO",     // Revolut Bank UAB, Irish branch
            "GB:REVO",     // Revolut Ltd
            "BE:967",      // Wise Europe SA
            "GB:TRWI",     // Wise Payments Ltd
            "DE:10011001", // N26 Bank
            "LT:35000",    // Paysera LT
            "FR:16958",    // Qonto
            "EE:77");      // LHV Pank (also EMIs' customer accounts)

    private CrossBorderProviders() {
    }

    /** Whether the account is one of these providers' (an IBAN only; a domestic account names its own bank). */
    static boolean holds(AccountIdentity account) {
        if (!"IBAN".equals(account.kind())) {
            return false;
        }
        try {
            Iban iban = Iban.valueOf(account.normalised());
            return BANKS.contains(iban.getCountryCode().getAlpha2() + ":" + iban.getBankCode());
        } catch (RuntimeException e) {
            return false;
        }
    }
}
