package dev.firebreak.payments.payout;

import dev.firebreak.kit.api.ProblemException;
import org.iban4j.BicFormatException;
import org.iban4j.BicUtil;
import org.iban4j.IbanFormatException;
import org.iban4j.IbanUtil;
import org.iban4j.InvalidCheckDigitException;
import org.iban4j.UnsupportedCountryException;

import java.util.Locale;
import java.util.Optional;

/**
 * The normalised identity of a payment account (DESIGN.md "Identifiers"): compact upper-case IBAN,
 * {@code BIC|NUMBER}, or lower-case wallet address; its country from the IBAN, the BIC's letters 5-6 or the
 * declared bank country. IBAN and BIC are validated with iban4j; a bad one is a 400 naming the field.
 */
public record AccountIdentity(String kind, String normalised, String mask, String country) {

    public static AccountIdentity of(String iban, String number, String bic, String country, String wallet, String chain) {
        boolean hasIban = present(iban);
        boolean hasDomestic = present(number) || present(bic);
        boolean hasWallet = present(wallet) || present(chain);
        if ((hasIban ? 1 : 0) + (hasDomestic ? 1 : 0) + (hasWallet ? 1 : 0) != 1) {
            throw ProblemException.invalidField("account",
                    "give exactly one of: iban; number + bic + country; wallet + chain");
        }
        if (hasIban) {
            String compact = iban.replace(" ", "").toUpperCase(Locale.ROOT);
            try {
                IbanUtil.validate(compact);
            } catch (IbanFormatException | InvalidCheckDigitException | UnsupportedCountryException e) {
                throw ProblemException.invalidField("account.iban", "not a valid IBAN");
            }
            return new AccountIdentity("IBAN", compact, mask(compact), compact.substring(0, 2));
        }
        if (hasDomestic) {
            if (!present(number) || !present(bic) || !present(country)) {
                throw ProblemException.invalidField("account", "a domestic account needs number, bic and country");
            }
            String normalisedBic = bic.strip().toUpperCase(Locale.ROOT);
            try {
                BicUtil.validate(normalisedBic);
            } catch (BicFormatException | UnsupportedCountryException e) {
                throw ProblemException.invalidField("account.bic", "not a valid BIC");
            }
            String digits = number.replaceAll("[\\s-]", "").toUpperCase(Locale.ROOT);
            if (!digits.matches("[A-Z0-9]{4,34}")) {
                throw ProblemException.invalidField("account.number", "must be 4-34 letters or digits");
            }
            String declared = country.toUpperCase(Locale.ROOT);
            String bicCountry = normalisedBic.substring(4, 6);
            if (!bicCountry.equals(declared)) {
                throw ProblemException.invalidField("account.country", "disagrees with the BIC's country " + bicCountry);
            }
            return new AccountIdentity("DOMESTIC", normalisedBic + "|" + digits, mask(digits), declared);
        }
        if (!present(wallet) || !present(chain)) {
            throw ProblemException.invalidField("account", "a wallet needs both wallet and chain");
        }
        Optional<String> problem = WalletAddress.problem(chain, wallet);
        if (problem.isPresent()) {
            throw ProblemException.invalidField("account.wallet", problem.get() + " on chain " + chain.strip());
        }
        String address = wallet.strip().toLowerCase(Locale.ROOT);
        return new AccountIdentity("WALLET", address, mask(address), null);
    }

    private static boolean present(String s) {
        return s != null && !s.isBlank();
    }

    private static String mask(String value) {
        return "…" + value.substring(Math.max(0, value.length() - 4));
    }
}
