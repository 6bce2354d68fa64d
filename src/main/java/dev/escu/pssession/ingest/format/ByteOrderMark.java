package dev.escu.pssession.ingest.format;

/** UTF-8's byte order mark, EF BB BF: where a body, a joined file or a line may begin with one. */
public final class ByteOrderMark {

    /** Its bytes, in order. */
    static final int[] BYTES = {0xEF, 0xBB, 0xBF};

    private ByteOrderMark() {
    }

    /** Whether {@code b[p, end)} starts with it. */
    public static boolean at(byte[] b, int p, int end) {
        return end - p >= 3 && (b[p] & 0xff) == BYTES[0] && (b[p + 1] & 0xff) == BYTES[1] && (b[p + 2] & 0xff) == BYTES[2];
    }
}
