package dev.firebreak.identity.watchlist;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.util.Objects;

/** A stored list entry: the parsed entry as JSON, and a hash of it to tell what an import changed. */
@Entity
@Table(name = "watchlist_entry")
@IdClass(WatchlistEntryRow.Key.class)
public class WatchlistEntryRow extends PanacheEntityBase {

    @Id
    public String source;

    @Id
    @Column(name = "entry_id")
    public String entryId;

    @Column(nullable = false, columnDefinition = "text")
    public String content;

    @Column(name = "content_hash", nullable = false)
    public String contentHash;

    /** The composite key (source, entry id). */
    public static class Key implements Serializable {
        public String source;
        public String entryId;

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(source, k.source) && Objects.equals(entryId, k.entryId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(source, entryId);
        }
    }
}
