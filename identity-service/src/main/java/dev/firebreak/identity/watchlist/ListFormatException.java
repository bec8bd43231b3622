package dev.firebreak.identity.watchlist;

/** A list file that does not follow its official format; the message names where. */
public class ListFormatException extends RuntimeException {
    public ListFormatException(String message, Throwable cause) {
        super(message, cause);
    }

    public ListFormatException(String message) {
        super(message);
    }
}
