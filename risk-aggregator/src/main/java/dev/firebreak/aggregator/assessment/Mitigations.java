package dev.firebreak.aggregator.assessment;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The advisory's "Mitigations" section, verbatim, per tenant role (hiring firms, freelance platforms, EMIs/MSBs),
 * each with the red-flag codes that make it the fitting next step. An assessment recommends the mitigations of
 * the tenant's role selected by its active flags, each naming the first (gravest) flag that selected it.
 */
public final class Mitigations {

    /** Tenant roles of DESIGN.md ({@code tenant_role} claim). */
    public enum Role { HIRING_FIRM, PLATFORM, EMI }

    private record Mitigation(Role role, String text, Set<String> codes) {
    }

    private static final List<Mitigation> ALL = List.of(
            // UK firms hiring IT workers
            m(Role.HIRING_FIRM, "Be vigilant against requests to communicate outside the original freelance platform website.", "PL-12"),
            m(Role.HIRING_FIRM, "Conduct video interviews.", "ID-11", "ID-06", "ID-13", "NW-01"),
            m(Role.HIRING_FIRM, "Ensure IT worker's information is consistent across profiles (freelance platforms, social media, "
                    + "external websites, payment platforms) and declared location and working hours.",
                    "ID-01", "ID-02", "ID-03", "ID-04", "ID-06", "PL-10", "ID-13"),
            m(Role.HIRING_FIRM, "Conduct preemployment background checks.", "ID-05", "ID-09", "ID-10", "NW-01", "NW-02"),
            m(Role.HIRING_FIRM, "Check identity verification documents for forgery.", "ID-07", "ID-08", "ID-10", "ID-02"),
            m(Role.HIRING_FIRM, "Verify contact information provided by IT worker.", "ID-04", "PL-17"),
            m(Role.HIRING_FIRM, "Verify employment and higher education history.", "ID-05"),
            m(Role.HIRING_FIRM, "Require freelancers to shut off commercial VPNs when accessing company networks.", "PL-08", "PL-01"),
            m(Role.HIRING_FIRM, "Consider disabling remote collaboration applications on computers supplied to freelance IT workers.", "PL-09"),
            m(Role.HIRING_FIRM, "Monitor the IP addresses of remote IT workers.", "PL-01", "PL-02", "PL-08", "PL-03", "ID-03"),
            m(Role.HIRING_FIRM, "Use extra caution when interacting with freelance developers through remote collaboration applications.", "PL-09"),
            m(Role.HIRING_FIRM, "Flag IT workers who cannot receive equipment at address listed on their identification documents.", "ID-12"),
            m(Role.HIRING_FIRM, "Avoid payments in cryptocurrency.", "PM-10", "PL-18"),
            m(Role.HIRING_FIRM, "Limit access in accordance with Zero Trust and Need-to-Know policies.",
                    "PL-15", "PL-09", "PL-11", "NW-01", "PM-01", "PM-11"),
            m(Role.HIRING_FIRM, "Avoid granting access to proprietary information.", "PL-15", "PL-16"),
            m(Role.HIRING_FIRM, "Avoid recruiting freelance workers directly through online IT competitions.", "PL-16"),
            m(Role.HIRING_FIRM, "Be vigilant for unauthorised, small-scale transactions.", "PM-12"),
            // Freelance work platform companies
            m(Role.PLATFORM, "Require video verification.", "ID-11", "ID-06", "ID-07", "ID-13", "PL-07"),
            m(Role.PLATFORM, "Reject low-quality verification images.", "ID-07", "ID-06"),
            m(Role.PLATFORM, "Provide extra scrutiny to newly established accounts.", "PL-13", "PL-07"),
            m(Role.PLATFORM, "Flag accounts with high numbers of project bids but low-bid acceptance rates, or low numbers of account logins.", "PL-06"),
            m(Role.PLATFORM, "Flag accounts using the same/similar documentation.", "ID-08", "PL-04"),
            m(Role.PLATFORM, "Flag accounts receiving high ratings from a single client account in a short of time.", "PL-05"),
            m(Role.PLATFORM, "Deny activity in newly established accounts prior to full account verification.", "PL-13"),
            m(Role.PLATFORM, "Flag accounts that use the same digital payment service accounts.", "PM-03", "PM-11", "NW-01"),
            m(Role.PLATFORM, "Use port checking utilities to determine if the platform is being accessed remotely via desktop "
                    + "sharing software, VPN or VPS.", "PL-09", "PL-08", "PL-01", "PL-02", "PL-11"),
            // Electronic Money Institutions / Money Service Businesses
            m(Role.EMI, "Require verification of banking information in line with other identifying documents.",
                    "PM-01", "PM-02", "PM-11", "ID-02", "ID-07"),
            m(Role.EMI, "Be vigilant against frequent transfers of funds to or from China-based bank accounts.", "PM-07", "PM-05"),
            m(Role.EMI, "Be vigilant against funds routed through one or more companies to disguise their ultimate destination.",
                    "PM-08", "PM-09"),
            m(Role.EMI, "Flag customers that share the same device for multiple accounts.", "PM-04", "PL-11"),
            m(Role.EMI, "Flag accounts that use similar or identical documentation.", "ID-08", "PM-03"),
            m(Role.EMI, "Flag accounts that frequently receive funds from or deposit them to each other.", "PM-06", "PM-09"));

    private Mitigations() {
    }

    private static Mitigation m(Role role, String text, String... codes) {
        return new Mitigation(role, text, Set.of(codes));
    }

    /** The tenant role from its claim value, or null when the token carries none (or an unknown one). */
    public static Role role(String claim) {
        if (claim == null) {
            return null;
        }
        try {
            return Role.valueOf(claim.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * The role's mitigations selected by these active codes, in the advisory's order, each with the first of the
     * codes (given gravest first) that selected it. Without a role, every role's mitigations are offered.
     */
    public static List<Assessment.RecommendedAction> recommend(Role role, Collection<String> activeCodesGravestFirst) {
        Map<String, String> selected = new LinkedHashMap<>();
        for (Mitigation mitigation : ALL) {
            if (role != null && mitigation.role() != role) {
                continue;
            }
            for (String code : activeCodesGravestFirst) {
                if (mitigation.codes().contains(code)) {
                    selected.putIfAbsent(mitigation.text(), code);
                    break;
                }
            }
        }
        List<Assessment.RecommendedAction> actions = new ArrayList<>();
        selected.forEach((text, code) -> actions.add(new Assessment.RecommendedAction(text, code)));
        return actions;
    }
}
