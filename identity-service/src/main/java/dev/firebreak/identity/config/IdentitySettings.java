package dev.firebreak.identity.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
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
}
