package dev.firebreak.names;

/**
 * Jaro–Winkler similarity on plain strings. Written here rather than taken from commons-text because its
 * implementation (1.13+) wraps every character in a {@code SimilarityInput} and boxes it, which made it most of
 * screening's time. Same definition as commons-text's
 * {@code JaroWinklerSimilarity} (match window max(|a|,|b|)/2 − 1, prefix up to 4, scaling 0.1, no threshold), which
 * the unit test holds it to.
 */
final class JaroWinkler {

    private JaroWinkler() {
    }

    /**
     * The similarity when it can reach 0.7 (where the Winkler boost starts, so exactly when Jaro does); otherwise
     * a value below 0.7 that need not be the similarity. Cheap rejection first: Jaro is at most
     * (m/|a| + m/|b| + 1)/3, and the matches m are at most the characters of one string that occur in the other.
     */
    static double similarityIfAtLeastBoost(String a, String b) {
        long lettersOfB = 0;
        for (int i = 0; i < b.length(); i++) {
            lettersOfB |= 1L << (b.charAt(i) & 63);
        }
        int possible = 0;
        for (int i = 0; i < a.length(); i++) {
            if ((lettersOfB & (1L << (a.charAt(i) & 63))) != 0) {
                possible++;
            }
        }
        possible = Math.min(possible, Math.min(a.length(), b.length()));
        double bound = ((double) possible / a.length() + (double) possible / b.length() + 1.0) / 3.0;
        return bound < 0.7 ? bound : similarity(a, b);
    }

    static double similarity(String a, String b) {
        if (a.equals(b)) {
            return 1.0;
        }
        String shorter = a.length() <= b.length() ? a : b;
        String longer = shorter == a ? b : a;
        int window = Math.max(longer.length() / 2 - 1, 0);
        boolean[] usedLonger = new boolean[longer.length()];
        char[] matchedShorter = new char[shorter.length()];
        int matches = 0;
        for (int i = 0; i < shorter.length(); i++) {
            char c = shorter.charAt(i);
            int from = Math.max(i - window, 0);
            int to = Math.min(i + window + 1, longer.length());
            for (int j = from; j < to; j++) {
                if (!usedLonger[j] && longer.charAt(j) == c) {
                    usedLonger[j] = true;
                    matchedShorter[matches++] = c;
                    break;
                }
            }
        }
        if (matches == 0) {
            return 0.0;
        }
        int transpositions = 0;
        int k = 0;
        for (int j = 0; j < longer.length(); j++) {
            if (usedLonger[j]) {
                if (longer.charAt(j) != matchedShorter[k]) {
                    transpositions++;
                }
                k++;
            }
        }
        int prefix = 0;
        for (int i = 0; i < Math.min(4, shorter.length()) && a.charAt(i) == b.charAt(i); i++) {
            prefix++;
        }
        double m = matches;
        double jaro = (m / a.length() + m / b.length() + (m - transpositions / 2.0) / m) / 3.0;
        return jaro < 0.7 ? jaro : jaro + 0.1 * prefix * (1.0 - jaro);
    }
}
