package dev.escu.pssession.detection;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A judgement no SPL search can make, that a bundled detection applies to the events its search keeps
 * (the hardened companion rule reads PowerShell). It gives the evidence of its verdict, kept with the
 * finding.
 */
public interface NativeRule {

    /** The evidence when the event is kept, or empty when it is not. */
    Optional<Map<String, Object>> judge(WindowsEvent event);

    /**
     * The rule's early reject on an event's raw bytes, in place of its search's terms (which, leaving the
     * judgement to the rule, would let every event through): false only when the event cannot concern it.
     */
    boolean mayConcern(byte[] bytes, int offset, int length);

    /**
     * Words (lowercase ASCII) that always make {@link #mayConcern} true, with the promise
     * {@link MatchPrefilter.ByteTest#lettingThrough} describes (letter escapes let through too). None by default.
     */
    default List<String> alwaysConcerned() {
        return List.of();
    }

    /** Whether the rule judges this event only as part of a whole (a part of a split script block). */
    default boolean judgesWhole(WindowsEvent event) {
        return false;
    }

    /**
     * Judges a whole put together from parts ({@link #judgesWhole}): the evidence when kept, or empty.
     *
     * @param complete whether every part was there
     */
    default Optional<Map<String, Object>> judgeWhole(String text, boolean complete) {
        return Optional.empty();
    }
}
