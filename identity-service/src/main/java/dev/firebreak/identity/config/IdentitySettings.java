package dev.firebreak.identity.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The identity service's settings ({@code firebreak.identity.*}, {@code firebreak.screening.*}, {@code firebreak.rescreen.*}). */
public interface IdentitySettings {

    /** Documents, profiles and their consistency ({@code firebreak.identity.*}). */
    @ConfigMapping(prefix = "firebreak.identity")
    interface Checks {

        /** A file of disposable email domains, one a line, in place of the bundled list. */
        Optional<String> disposableDomainsFile();

        /** How far back changes of a worker's contact details count. */
        @WithDefault("P90D")
        Duration contactChangeWindow();

        /** The largest Hamming distance between two profile photos' perceptual hashes that is the same picture. */
        @WithDefault("10")
        int profilePhotoMaxHammingDistance();

        /** The name score at or above which two sources name the same person. */
        @WithDefault("0.85")
        double sameNameScore();

        /** The largest Hamming distance between two document photos' perceptual hashes that is the same picture (below 16). */
        @WithDefault("6")
        int photoMaxHammingDistance();
    }

    /** Sanctions screening ({@code firebreak.screening.*}). */
    @ConfigMapping(prefix = "firebreak.screening")
    interface Screening {

        /** The score at or above which a listed name matches. */
        @WithDefault("0.88")
        double matchThreshold();
    }

    /** Re-screening after list changes ({@code firebreak.rescreen.*}). */
    @ConfigMapping(prefix = "firebreak.rescreen")
    interface Rescreen {

        /** Workers re-screened per transaction. */
        @WithDefault("200")
        int batchSize();
    }

    /**
     * Lists that refresh themselves ({@code firebreak.watchlists.refresh.*}): per source an official file's address,
     * fetched on a schedule, checked and only then imported (issue 27).
     */
    @ConfigMapping(prefix = "firebreak.watchlists.refresh")
    interface Refresh {

        /**
         * The sources to fetch, as {@code source=url} pairs, e.g.
         * {@code uk-fcdo-csv=https://assets.publishing.service.gov.uk/.../UK_Sanctions_List.csv}. None: lists are only
         * uploaded by hand.
         */
        Optional<List<String>> urls();

        /** How often each source is fetched. */
        @WithDefault("24h")
        Duration interval();

        /** Per-source intervals, as {@code source=duration} pairs (e.g. {@code un-xml=12h}). */
        Optional<List<String>> intervals();

        /** After a failed or refused fetch, how long until the next attempt. */
        @WithDefault("1h")
        Duration retryAfter();

        /**
         * The share of a list's current entries a fetched file may lose and still replace it: a file that shrank more
         * (a truncated download, a publisher's mistake) keeps the current list and raises the alert.
         */
        @WithDefault("0.2")
        double maxShrink();

        /** The longest a fetch may take, download included. */
        @WithDefault("5m")
        Duration timeout();

        /** How often the sources are looked at to see which are due. */
        @WithDefault("1m")
        Duration checkInterval();

        /** How long after the start the sources are first looked at. */
        @WithDefault("10s")
        Duration checkDelay();

        /** The largest file taken (the upload limit of the PUT endpoint). */
        @WithDefault("268435456")
        long maxBytes();
    }
}
