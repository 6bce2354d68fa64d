package dev.escu.pssession.detection;

import java.util.Optional;

import dev.escu.pssession.detection.escu.EscuDetection;

/**
 * The detection's {@code _filter} macro: drops result rows that admins have tuned out.
 * The engine asks it about every matching event, before anything is recorded.
 */
public interface ResultFilter {

    /** Keeps everything: Splunk ships the macro as a pass-through. */
    ResultFilter NONE = new ResultFilter() {
        @Override
        public Optional<String> drops(EscuDetection detection, ResultRow row) {
            return Optional.empty();
        }

        @Override
        public boolean keepsEverythingOf(EscuDetection detection) {
            return true;
        }
    };

    /** @return the id of the rule that drops this row, if one does */
    Optional<String> drops(EscuDetection detection, ResultRow row);

    /** Whether no rule applies to this detection at all (so its rows need not be looked at). */
    default boolean keepsEverythingOf(EscuDetection detection) {
        return false;
    }
}
