package dev.firebreak.console.web;

import jakarta.ws.rs.core.NewCookie;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * "What changed since your last visit": the time of the person's latest visit is kept in a cookie of their browser
 * (the console keeps no state of its own); a visit compares with the one before it for as long as the browser session
 * lasts, so the marks do not vanish on the next click. A cookie names its person, so another person on the same
 * browser starts afresh. The cookie holds only a user name and a time, and is HttpOnly.
 */
final class Visits {

    private static final int LAST_DAYS = 90;

    private Visits() {
    }

    /** The time to compare with: this browser session's, else the person's previous visit; null on a first visit. */
    static Instant since(String person, String visit, String last) {
        Instant current = read(person, visit);
        if (visit != null && visit.startsWith(encode(person) + "|")) {
            return current; // this session's comparison (may be "none": a first visit)
        }
        return read(person, last);
    }

    /** The cookies to set: this session's comparison (once per session), and now as the latest visit. */
    static List<NewCookie> cookies(String person, String visit, Instant since) {
        List<NewCookie> cookies = new ArrayList<>();
        if (visit == null || !visit.startsWith(encode(person) + "|")) {
            cookies.add(cookie(QueueResource.VISIT, encode(person) + "|" + (since == null ? "-" : since.toString()), -1));
        }
        cookies.add(cookie(QueueResource.LAST, encode(person) + "|" + Instant.now(), LAST_DAYS * 86_400));
        return cookies;
    }

    private static Instant read(String person, String value) {
        if (value == null || !value.startsWith(encode(person) + "|")) {
            return null;
        }
        try {
            String at = value.substring(value.indexOf('|') + 1);
            return at.equals("-") ? null : Instant.parse(at);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The user name in a cookie-safe form. */
    private static String encode(String person) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(person.getBytes(StandardCharsets.UTF_8));
    }

    private static NewCookie cookie(String name, String value, int maxAge) {
        return new NewCookie.Builder(name).value(value).path("/").httpOnly(true).sameSite(NewCookie.SameSite.LAX)
                .maxAge(maxAge).build();
    }
}
