package dev.escu.pssession.ingest.format;

import java.io.IOException;
import java.io.InputStream;

/** A body read 64 KiB at a time by a scanner that works on the chunk in hand. */
abstract class ChunkedInput {

    private final InputStream in;
    protected final byte[] chunk = new byte[64 * 1024];
    protected int chunkPos;
    protected int chunkLen;

    ChunkedInput(InputStream in) {
        this.in = in;
    }

    /** Reads the next chunk; false at the end of the body. */
    protected boolean fill() throws IOException {
        int n = in.read(chunk);
        if (n <= 0) {
            return false;
        }
        chunkPos = 0;
        chunkLen = n;
        return true;
    }
}
