package dev.firebreak.payments.detect;

import dev.firebreak.names.NameNormaliser;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A payout account held by the worker's own company: "Nowak Software Sp. z o.o." for Piotr Nowak, "Okafor Consulting
 * Ltd" for Chinedu Okafor. Contractors commonly invoice through a one-person company, and the advisory's PM-01 is about
 * "someone else's name" (issue 30). A holder is such a company when its name ends in a legal form and contains a part of
 * the worker's own name (two letters or more, after the name-matching module's normalisation). Written here: no library
 * at hand lists legal forms; this list covers the forms of the jurisdictions freelancers commonly invoice from.
 */
final class OwnCompany {

    /** Legal forms as the name normaliser writes them (lower case; dots and commas are separators there). */
    private static final Set<List<String>> LEGAL_FORMS = Set.of(
            List.of("ltd"), List.of("llc"), List.of("inc"), List.of("corp"), List.of("co", "ltd"), List.of("plc"),
            List.of("llp"), List.of("pty", "ltd"), List.of("gmbh"), List.of("ug"), List.of("ag"), List.of("sp", "z", "o", "o"),
            List.of("s", "a"), List.of("sa"), List.of("srl"), List.of("s", "r", "l"), List.of("sarl"), List.of("sas"),
            List.of("bv"), List.of("b", "v"), List.of("nv"), List.of("s", "r", "o"), List.of("sro"), List.of("ou"),
            List.of("kft"), List.of("ab"), List.of("as"), List.of("aps"), List.of("oy"), List.of("ltda"), List.of("eireli"),
            List.of("mei"), List.of("kk"), List.of("pvt", "ltd"), List.of("private", "ltd"), List.of("fzco"), List.of("fze"),
            List.of("tov"), List.of("ooo"), List.of("jsc"), List.of("doo"), List.of("d", "o", "o"), List.of("sdn", "bhd"),
            List.of("pte", "ltd"), List.of("opc"));

    private OwnCompany() {
    }

    /** The company's name without its legal form, if the holder is a company bearing a part of the worker's name. */
    static Optional<String> of(String holderName, String workerName) {
        List<String> holder = NameNormaliser.tokens(holderName);
        int form = legalFormStart(holder);
        if (form <= 0) {
            return Optional.empty();
        }
        List<String> name = holder.subList(0, form);
        for (String part : NameNormaliser.tokens(workerName)) {
            if (part.length() >= 2 && name.contains(part)) {
                return Optional.of(String.join(" ", name));
            }
        }
        return Optional.empty();
    }

    /** Where the trailing legal form starts, or -1. */
    private static int legalFormStart(List<String> tokens) {
        for (int length = 4; length >= 1; length--) {
            if (tokens.size() > length && LEGAL_FORMS.contains(tokens.subList(tokens.size() - length, tokens.size()))) {
                return tokens.size() - length;
            }
        }
        return -1;
    }
}
