package dev.escu.pssession.detection;

import java.util.Optional;

/**
 * The detection's {@code _filter} macro: drops result rows that admins have tuned out.
 * The engine asks it about every matching event, before anything is recorded.
 */
public interface ResultFilter {

    /** Keeps everything: Splunk ships the macro as a pass-through. */
    ResultFilter NONE = new ResultFilter() {
        @Override
        public Optional<String> drops(DetectionDefinition detection, ResultRow row) {
            return Optional.empty();
        }

        @Override
        public boolean keepsEverythingOf(DetectionDefinition detection) {
            return true;
        }
    };

    /** @return the id of the rule that drops this row, if one does */
    Optional<String> drops(DetectionDefinition detection, ResultRow row);

    /** Whether no rule applies to this detection at all (so its rows need not be looked at). */
    default boolean keepsEverythingOf(DetectionDefinition detection) {
        return false;
    }
}
