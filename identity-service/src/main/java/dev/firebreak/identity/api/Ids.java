package dev.firebreak.identity.api;

/** The shape of the tenant's opaque ids accepted in requests and paths. */
final class Ids {
    static final String PATTERN = "[A-Za-z0-9._:@-]{1,100}";
    static final String MESSAGE = "must be 1-100 characters of letters, digits and . _ : @ -";

    private Ids() {
    }
}
