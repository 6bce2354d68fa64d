package dev.escu.pssession.tuning;

import dev.escu.pssession.detection.spl.WildcardValue;

/**
 * A tuning condition's Splunk search value with {@code *} wildcards ({@code "ADMIN-JUMP-*"}), matched
 * by the search's own value matcher ({@link WildcardValue}): the whole value, any run of characters
 * (line breaks too) for each {@code *}, case ignored as the {@code search} command ignores it, every
 * other character literal. One matcher for the search and its {@code _filter} (ESCU.md), so a filter
 * drops exactly what {@code search field="pattern"} would, and in time linear in the pieces' placement
 * rather than a backtracking regex's.
 */
record WildcardPattern(WildcardValue value) {

    static WildcardPattern of(String text) {
        return new WildcardPattern(new WildcardValue(text));
    }

    String text() {
        return value.text();
    }

    /** A row without the field never matches, as {@code search field=*} needs the field. */
    boolean matches(String fieldValue) {
        return fieldValue != null && value.matches(fieldValue);
    }
}
