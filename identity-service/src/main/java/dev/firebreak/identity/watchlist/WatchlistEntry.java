package dev.firebreak.identity.watchlist;

import java.util.List;
import java.util.stream.Stream;

/**
 * One entry of a sanctions list, in the form screening needs: the list's own id ({@code entryId}: UN reference
 * number, SDN ent_num, UK group id), names, dates or years of birth, nationalities and exact identifiers
 * (passport numbers, wallet addresses).
 */
public record WatchlistEntry(String source, String entryId, String type, String primaryName, List<String> aliases,
                             List<String> datesOfBirth, List<String> nationalities, List<String> identifiers) {

    public WatchlistEntry {
        aliases = List.copyOf(aliases);
        datesOfBirth = List.copyOf(datesOfBirth);
        nationalities = List.copyOf(nationalities);
        identifiers = List.copyOf(identifiers);
    }

    /** Every name the entry is listed under, primary first. */
    public List<String> names() {
        return Stream.concat(Stream.of(primaryName), aliases.stream()).toList();
    }
}
