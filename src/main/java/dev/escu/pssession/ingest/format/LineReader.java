package dev.escu.pssession.ingest.format;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Splits a byte stream at line feeds without decoding it, holding at most one line (up to a limit)
 * in memory. Safe for UTF-8 and JSON: neither puts a 0x0A byte inside a character or a string.
 */
final class LineReader {

    private final InputStream in;
    private final int maxLineBytes;
    private final byte[] chunk = new byte[64 * 1024];
    private int chunkPos;
    private int chunkLen;
    private byte[] line = new byte[8 * 1024];
    private int lineLen;
    private boolean tooLong;
    private boolean eof;

    LineReader(InputStream in, int maxLineBytes) {
        this.in = in;
        this.maxLineBytes = maxLineBytes;
    }

    /** Advances to the next line; false at the end of the stream. */
    boolean next() throws IOException {
        lineLen = 0;
        tooLong = false;
        boolean any = false;
        while (true) {
            if (chunkPos == chunkLen) {
                if (eof) {
                    return any;
                }
                chunkLen = in.read(chunk);
                chunkPos = 0;
                if (chunkLen <= 0) {
                    chunkLen = 0;
                    eof = true;
                    return any;
                }
            }
            any = true;
            int start = chunkPos;
            while (chunkPos < chunkLen && chunk[chunkPos] != '\n') {
                chunkPos++;
            }
            append(start, chunkPos - start);
            if (chunkPos < chunkLen) {
                chunkPos++; // the line feed
                return true;
            }
        }
    }

    private void append(int from, int count) {
        if (tooLong || count == 0) {
            return;
        }
        if (lineLen + count > maxLineBytes) {
            tooLong = true;
            return;
        }
        if (lineLen + count > line.length) {
            line = Arrays.copyOf(line, Math.min(maxLineBytes, Math.max(line.length * 2, lineLen + count)));
        }
        System.arraycopy(chunk, from, line, lineLen, count);
        lineLen += count;
    }

    /** The current line's bytes (valid up to {@link #length()}), without the line feed. */
    byte[] bytes() {
        return line;
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
        for (int i = 0; i < lineLen; i++) {
            byte b = line[i];
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return !tooLong;
    }
}
