package dev.escu.pssession.detection.powershell;

import java.util.List;

/**
 * A hashtable literal {@code @{ key = value; ... }} as written: the entries whose key is a literal
 * name, and whether every key was one (a computed key such as {@code ($k) = 1} could name any
 * parameter, so a splat of such a table cannot be known).
 */
record HashtableLiteral(List<Entry> entries, boolean allKeysLiteral) {

    HashtableLiteral {
        entries = List.copyOf(entries);
    }

    record Entry(String key, Shape value) {
    }
}
