package dev.escu.pssession.detection;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Splunk's {@code values()}: the distinct values, sorted lexicographically by their UTF-8 bytes
 * (uppercase before lowercase, "10" before "9").
 */
public final class SplunkValues {

    /** UTF-8 byte order is code point order; String.compareTo compares UTF-16 units, which differs above U+FFFF. */
    public static final Comparator<String> UTF8_ORDER = (a, b) -> {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    };

    private SplunkValues() {
    }

    public static List<String> values(Collection<String> values) {
        List<String> distinct = new ArrayList<>(new LinkedHashSet<>(values));
        distinct.sort(UTF8_ORDER);
        return distinct;
    }
}
