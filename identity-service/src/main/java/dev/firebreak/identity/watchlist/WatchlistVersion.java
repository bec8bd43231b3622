package dev.firebreak.identity.watchlist;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** One import of one list source, with what it changed. */
@Entity
@Table(name = "watchlist_version")
public class WatchlistVersion extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(nullable = false)
    public String source;

    @Column(name = "imported_at", nullable = false)
    public Instant importedAt;

    @Column(nullable = false)
    public String sha256;

    public int entries;
    public int added;
    public int removed;
    public int changed;
}
