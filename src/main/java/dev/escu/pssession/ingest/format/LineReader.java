package dev.escu.pssession.ingest.format;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Kept over BufferedReader.readLine: 2.3x faster on corpus lines (161 vs 372 ns/line), bench ScannerBench --only lines.
 *
 * <p>Splits a byte stream at line feeds without decoding it, holding at most one line (up to a limit)
 * in memory. Safe for UTF-8 and JSON: neither puts a 0x0A byte inside a character or a string.
 * A line that lies within one read chunk is handed out in place, without a copy; line feeds are
 * found eight bytes at a time.
 */
final class LineReader extends ChunkedInput {

    private final int maxLineBytes;
    private byte[] carried = new byte[8 * 1024]; // a line that spans chunks, gathered here
    private byte[] lineBytes;
    private int lineStart;
    private int lineLen;
    private boolean tooLong;
    private boolean eof;

    LineReader(InputStream in, int maxLineBytes) {
        super(in);
        this.maxLineBytes = maxLineBytes;
    }

    /** Advances to the next line; false at the end of the stream. */
    boolean next() throws IOException {
        tooLong = false;
        int carriedLen = 0;
        boolean any = false;
        while (true) {
            if (chunkPos == chunkLen) {
                if (eof || !fill()) {
                    eof = true;
                    return any && finishCarried(carriedLen);
                }
            }
            any = true;
            int start = chunkPos;
            int feed = LineFeeds.indexOf(chunk, start, chunkLen);
            int end = feed < 0 ? chunkLen : feed;
            if (feed >= 0 && carriedLen == 0 && !tooLong) {
                // the whole line lies in this chunk: hand it out in place
                chunkPos = feed + 1;
                if (end - start > maxLineBytes) {
                    tooLong = true;
                    lineLen = 0;
                } else {
                    lineBytes = chunk;
                    lineStart = start;
                    lineLen = end - start;
                }
                return true;
            }
            carriedLen = carry(start, end - start, carriedLen);
            chunkPos = feed < 0 ? chunkLen : feed + 1;
            if (feed >= 0) {
                return finishCarried(carriedLen);
            }
        }
    }

    private boolean finishCarried(int carriedLen) {
        lineBytes = carried;
        lineStart = 0;
        lineLen = tooLong ? 0 : carriedLen;
        return true;
    }

    private int carry(int from, int count, int carriedLen) {
        if (tooLong || count == 0) {
            return carriedLen;
        }
        if (carriedLen + count > maxLineBytes) {
            tooLong = true;
            return carriedLen;
        }
        if (carriedLen + count > carried.length) {
            carried = Arrays.copyOf(carried, Math.min(maxLineBytes, Math.max(carried.length * 2, carriedLen + count)));
        }
        System.arraycopy(chunk, from, carried, carriedLen, count);
        return carriedLen + count;
    }


    /** The array holding the current line, from {@link #offset()} for {@link #length()} bytes. */
    byte[] bytes() {
        return lineBytes;
    }

    int offset() {
        return lineStart;
    }

    int length() {
        return lineLen;
    }

    /** Whether the current line was longer than the limit (its bytes were not kept). */
    boolean tooLong() {
        return tooLong;
    }

    /** Whether the current line holds nothing but white space. */
    boolean blank() {
        return !tooLong && LineFeeds.blank(lineBytes, lineStart, lineStart + lineLen);
    }
}
