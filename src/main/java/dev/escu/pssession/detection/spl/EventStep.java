package dev.escu.pssession.detection.spl;

import java.util.List;
import java.util.regex.Pattern;

/** A command between the first search and {@code stats}, applied to each event in order. */
public sealed interface EventStep {

    /**
     * {@code rename from AS to}: {@code to} takes the value of {@code from} and {@code from} goes.
     * Assumption: when the event lacks {@code from}, {@code to} goes too (Splunk's rename overwrites
     * the destination, as its field aliases do since 7.2.4).
     */
    record Rename(String from, String to) implements EventStep {
    }

    /**
     * {@code fillnull} without arguments: each of {@code fields} that is missing becomes {@code "0"}.
     * Splunk fills every field of the results; only the ones a later step reads can change the
     * output, and those are listed here. Assumption (DETECTION.md step 4): every such field is
     * filled, also one that no event of the result set has.
     */
    record FillNull(List<String> fields) implements EventStep {

        /** fillnull: Splunk's default value for a missing or empty field. */
        public static final String VALUE = "0";

        public FillNull {
            fields = List.copyOf(fields);
        }
    }

    /** A {@code search} command before stats: the event is dropped unless the expression holds. */
    record Filter(SearchExpression expression) implements EventStep {
    }

    /**
     * {@code regex field="pattern"} (keep events whose field has a match) or {@code field!="pattern"}
     * (keep events whose field has none; an event without the field is kept, since it has no match).
     * Only patterns that mean the same in PCRE and {@link java.util.regex} compile to this.
     */
    record RegexFilter(String field, boolean negated, Pattern pattern) implements EventStep {
    }

    /** {@code eval field = expression}; a null result removes the field. */
    record Eval(String field, EvalExpression expression) implements EventStep {
    }
}
