package dev.firebreak.contract;

import java.util.Objects;

/**
 * One row of the red-flag catalogue: the code clients filter on, its default severity and the OFSI
 * advisory's own words for it, which analysts see as {@code advisoryPassage}.
 */
public record RedFlag(String code, String title, Category category, Severity severity,
                      String advisorySection, String advisoryPassage) {
    public RedFlag {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(advisorySection, "advisorySection");
        Objects.requireNonNull(advisoryPassage, "advisoryPassage");
    }
}
