package dev.escu.pssession.detection;

/**
 * Case-insensitive comparison as Splunk search terms do it.
 * Assumption: letters fold in ASCII only (the terms of this detection are ASCII; folding other
 * scripts with Java's rules would let, for instance, the long s "ſ" stand for "s"). Every
 * case-insensitive comparison of the detection core (the SPL value matcher, the one-pass matcher,
 * the byte prefilter) folds through here, so the assumption lives in one place.
 */
public final class CaseInsensitive {

    private CaseInsensitive() {
    }

    public static boolean contains(String text, String term) {
        int n = text.length();
        int m = term.length();
        if (m == 0) {
            return true;
        }
        char first = lower(term.charAt(0));
        for (int i = 0, last = n - m; i <= last; i++) {
            if (lower(text.charAt(i)) != first) {
                continue;
            }
            int j = 1;
            while (j < m && lower(text.charAt(i + j)) == lower(term.charAt(j))) {
                j++;
            }
            if (j == m) {
                return true;
            }
        }
        return false;
    }

    public static boolean equals(String a, String b) {
        if (a.length() != b.length()) {
            return false;
        }
        for (int i = 0; i < a.length(); i++) {
            if (lower(a.charAt(i)) != lower(b.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** The character with A-Z lowered to a-z; every other character as it is. */
    public static char lower(char c) {
        return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
    }
}
