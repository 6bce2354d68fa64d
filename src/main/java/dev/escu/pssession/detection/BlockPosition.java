package dev.escu.pssession.detection;

import java.util.Optional;

/**
 * Where an event sits in a script block that PowerShell logged in several parts: part
 * {@code messageNumber} of {@code messageTotal} (above 1) of the block {@code scriptBlockId}. An event
 * whose numbers are missing or impossible is not a part: it is read alone.
 */
public record BlockPosition(String scriptBlockId, int messageNumber, int messageTotal) {

    /** The event's place in a split block, or empty when it is not one of several parts. */
    public static Optional<BlockPosition> of(WindowsEvent event) {
        String id = event.field(SplunkFields.SCRIPT_BLOCK_ID);
        Integer number = number(event.field(SplunkFields.MESSAGE_NUMBER));
        Integer total = number(event.field(SplunkFields.MESSAGE_TOTAL));
        if (id == null || number == null || total == null || total < 2 || number < 1 || number > total) {
            return Optional.empty();
        }
        return Optional.of(new BlockPosition(id, number, total));
    }

    private static Integer number(String text) {
        try {
            return text == null ? null : Integer.valueOf(text.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
