package dev.escu.pssession.detection;

import java.util.Optional;

/**
 * Where an event sits in a script block that PowerShell logged in several parts: part
 * {@code messageNumber} of {@code messageTotal} (above 1) of the block {@code scriptBlockId}. An event
 * whose numbers are missing or impossible is not a part: it is read alone.
 */
public record BlockPosition(String scriptBlockId, int messageNumber, int messageTotal) {

    /**
     * The most parts a block can have: PowerShell logs about 20,000 characters a part and a .NET string
     * holds at most about 2^30, so no real block has more than about 54,000 parts. A larger total is
     * impossible, and taking it would have the block's view list billions of missing parts.
     */
    static final int MAX_TOTAL = 1 << 16;

    /** The event's place in a split block, or empty when it is not one of several parts. */
    public static Optional<BlockPosition> of(WindowsEvent event) {
        String id = event.field(SplunkFields.SCRIPT_BLOCK_ID);
        Integer number = number(event.field(SplunkFields.MESSAGE_NUMBER));
        Integer total = number(event.field(SplunkFields.MESSAGE_TOTAL));
        if (id == null || number == null || total == null || total < 2 || total > MAX_TOTAL || number < 1
                || number > total) {
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
