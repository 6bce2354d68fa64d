package dev.escu.pssession.risk;

/**
 * A position in the risk feed: the writing transaction and the row id of the last event read.
 * Clients treat its text form as opaque.
 */
record FeedCursor(long tx, long id) {

    static final FeedCursor START = new FeedCursor(0, 0);

    /** @throws IllegalArgumentException when the text is not a cursor this service gave out */
    static FeedCursor parse(String text) {
        if (text == null || text.isBlank()) {
            return START;
        }
        int dot = text.indexOf('-');
        if (dot <= 0) {
            throw new IllegalArgumentException("not a feed cursor");
        }
        try {
            return new FeedCursor(Long.parseUnsignedLong(text.substring(0, dot)), Long.parseLong(text.substring(dot + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a feed cursor", e);
        }
    }

    @Override
    public String toString() {
        return Long.toUnsignedString(tx) + "-" + id;
    }
}
