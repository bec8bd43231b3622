package dev.firebreak.contract;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * Who a message is about: a worker, a platform account or a payment party (the tenant's own opaque ids).
 * At least one is present.
 */
public record Subject(String workerId, String accountId, String partyId) {
    public Subject {
        if (blank(workerId) && blank(accountId) && blank(partyId)) {
            throw new IllegalArgumentException("a subject needs a workerId, accountId or partyId");
        }
    }

    public static Subject worker(String workerId) {
        return new Subject(workerId, null, null);
    }

    public static Subject account(String accountId) {
        return new Subject(null, accountId, null);
    }

    public static Subject party(String partyId) {
        return new Subject(null, null, partyId);
    }

    /** The message key of DESIGN.md: {@code tenantId:} + workerId, else {@code acct:}accountId, else {@code party:}partyId. */
    public String messageKey(String tenantId) {
        return tenantId + ":" + canonical();
    }

    /** The subject as one string, the way it enters a deterministic id. */
    @JsonIgnore
    public String canonical() {
        if (!blank(workerId)) {
            return workerId;
        }
        if (!blank(accountId)) {
            return "acct:" + accountId;
        }
        return "party:" + partyId;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
