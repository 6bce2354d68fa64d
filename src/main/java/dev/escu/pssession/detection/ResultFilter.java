package dev.escu.pssession.detection;

import java.util.Optional;

/**
 * The detection's {@code _filter} macro: drops result rows that admins have tuned out.
 * The engine asks it about every matching event, before anything is recorded.
 */
@FunctionalInterface
public interface ResultFilter {

    /** Keeps everything: Splunk ships the macro as a pass-through. */
    ResultFilter NONE = (detection, row) -> Optional.empty();

    /** @return the id of the rule that drops this row, if one does */
    Optional<String> drops(DetectionDefinition detection, ResultRow row);
}
