package dev.escu.pssession.ingest.format;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** Finds line feeds in bytes, eight at a time: where NDJSON lines (and Kafka records of them) end. */
public final class LineFeeds {

    private static final VarHandle WORDS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    private static final long FEEDS = '\n' * ONES;

    private LineFeeds() {
    }

    /** Whether {@code bytes[from, to)} is a blank line: nothing but spaces, tabs and carriage returns. */
    public static boolean blank(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            byte b = bytes[i];
            if (b != ' ' && b != '\t' && b != '\r') {
                return false; // almost always the first byte, a '{'
            }
        }
        return true;
    }

    /** The first line feed in {@code bytes[from, to)}, or -1. */
    public static int indexOf(byte[] bytes, int from, int to) {
        int i = from;
        for (; i + 8 <= to; i += 8) {
            long x = (long) WORDS.get(bytes, i) ^ FEEDS;
            long found = (x - ONES) & ~x & HIGHS;
            if (found != 0) {
                return i + (Long.numberOfTrailingZeros(found) >>> 3); // the lowest flag is always a real feed
            }
        }
        for (; i < to; i++) {
            if (bytes[i] == '\n') {
                return i;
            }
        }
        return -1;
    }
}
