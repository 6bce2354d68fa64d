package dev.escu.pssession.ingest.format.evtx;

import static dev.escu.pssession.ingest.format.evtx.EvtxValues.i32;
import static dev.escu.pssession.ingest.format.evtx.EvtxValues.u16;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.zip.CRC32;

import dev.escu.pssession.ingest.format.EventFormat;
import dev.escu.pssession.ingest.format.EventSink;
import dev.escu.pssession.ingest.format.ParseLimits;
import dev.escu.pssession.ingest.format.WindowsXmlEvents;
import dev.escu.pssession.ingest.format.UnusableBodyException;

/**
 * {@code application/x-evtx}: a Windows event log file as Windows writes it (EVTX 3.x). Read as a
 * stream: the 4096-byte file header, then one 64 KiB chunk at a time, so memory stays at about one
 * chunk whatever the file's size.
 *
 * <p>Each record becomes one event whose fields are exactly those {@code XmlEventFormat} reads from
 * the same event rendered as Windows XML ({@code Computer}, {@code EventID}, {@code SystemTime},
 * {@code UserID}, ..., each {@code EventData/Data} by its {@code Name}), with the same derived
 * {@code source} ({@code XmlWinEventLog:} + channel). Events are numbered from 0 in file order.
 *
 * <p>Every chunk the header counts is read, and when the header is dirty (the log was not closed
 * cleanly, so its count may lag) or fails its own checksum, every further chunk that carries the chunk
 * signature; chunks are where Windows puts them, at 4096 + n * 65536. Records are
 * read up to the chunk's free-space offset; deleted records left in the slack after it are not.
 * What cannot be read is rejected, and each rejection takes the next index, as an event would:
 * <ul>
 * <li>a chunk whose header or records checksum (CRC32) fails, or which the body cuts short: one
 *     rejection naming the chunk's byte offset; the other chunks are read;</li>
 * <li>a record whose BinXml is damaged or hostile (offsets out of range, a template that uses itself,
 *     absurd sizes, nesting deeper than {@link ParseLimits#maxDepth()}, a field longer than
 *     {@link ParseLimits#maxFieldChars()}): one rejection for that record.</li>
 * </ul>
 * A body that is not an EVTX file at all (empty, another signature, cut inside the file header) is
 * refused as a whole ({@link UnusableBodyException}) before any event is handed on.
 *
 * <p>Rendering choices, where Windows' own rendering is not documented (see {@code EvtxValues}): an
 * array value counts as its first item (Windows repeats the element per item, and the first
 * occurrence of a field wins); reals print as the shortest decimal that reads back the same; an
 * optional substitution with a NULL value leaves out its attribute, or its element when it is the
 * element's whole content.
 */
public final class EvtxEventFormat implements EventFormat {

    static final int FILE_HEADER_SIZE = 4096;
    static final int CHUNK_SIZE = 65536;
    private static final int CHUNK_HEADER_SIZE = 512;
    private static final int RECORD_HEADER_SIZE = 24;
    private static final int RECORD_SIGNATURE = 0x00002a2a;
    private static final byte[] FILE_SIGNATURE = {'E', 'l', 'f', 'F', 'i', 'l', 'e', 0};
    private static final byte[] CHUNK_SIGNATURE = {'E', 'l', 'f', 'C', 'h', 'n', 'k', 0};
    private static final int DIRTY = 0x1;

    private final ParseLimits limits;

    public EvtxEventFormat(ParseLimits limits) {
        this.limits = limits;
    }

    @Override
    public String name() {
        return "evtx";
    }

    @Override
    public boolean binary() {
        return true;
    }

    @Override
    public void parse(InputStream body, EventSink sink) throws IOException {
        new Reading(body, sink, limits).read();
    }

    /** The state of reading one body. */
    private static final class Reading {
        private final InputStream body;
        private final EventSink sink;
        private final ParseLimits limits;
        private final byte[] chunk = new byte[CHUNK_SIZE];
        private final CRC32 crc = new CRC32();
        private final BinXmlWalker walker;
        private final FieldCollector collector;
        private int index;

        Reading(InputStream body, EventSink sink, ParseLimits limits) {
            this.body = body;
            this.sink = sink;
            this.limits = limits;
            this.walker = new BinXmlWalker(limits.maxDepth());
            this.collector = new FieldCollector(limits.maxFieldChars(), limits.maxEventBytes());
        }

        void read() throws IOException {
            byte[] header = new byte[FILE_HEADER_SIZE];
            int got = body.readNBytes(header, 0, FILE_HEADER_SIZE);
            if (got == 0) {
                throw unreadable("The body is empty: an EVTX file starts with a 4096-byte file header.");
            }
            if (got < FILE_SIGNATURE.length || !startsWith(header, FILE_SIGNATURE)) {
                throw unreadable("Not an EVTX file: the body does not start with the signature \"ElfFile\".");
            }
            if (got < FILE_HEADER_SIZE) {
                throw unreadable("Not a complete EVTX file: the body ends after " + got
                        + " bytes, inside the 4096-byte file header.");
            }
            int chunkCount = u16(header, 42);
            crc.reset();
            crc.update(header, 0, 120);
            // a header that fails its checksum says nothing reliable about its chunks: read all there are
            boolean countMayLag = (i32(header, 120) & DIRTY) != 0 || (int) crc.getValue() != i32(header, 124);
            for (int c = 0; countMayLag || c < chunkCount; c++) {
                long offset = FILE_HEADER_SIZE + (long) c * CHUNK_SIZE;
                int length = body.readNBytes(chunk, 0, CHUNK_SIZE);
                boolean signed = length >= CHUNK_SIGNATURE.length && startsWith(chunk, CHUNK_SIGNATURE);
                if (length == 0) {
                    if (c < chunkCount) {
                        reject("The body ends at byte offset " + offset + ": the file header announces " + chunkCount
                                + " chunks, the body holds " + c + ".");
                    }
                    return;
                }
                if (!signed) {
                    if (c < chunkCount) {
                        reject("The chunk at byte offset " + offset + " has no chunk signature \"ElfChnk\"; its records are lost.");
                    }
                } else {
                    readChunk(offset, length);
                }
                if (length < CHUNK_SIZE) {
                    return;
                }
            }
        }

        private void readChunk(long offset, int length) {
            String broken = check(length);
            if (broken != null) {
                reject("The chunk at byte offset " + offset + " is unreadable, its records are lost: " + broken);
                return;
            }
            int free = i32(chunk, 48);
            int last = i32(chunk, 44);
            walker.chunk(chunk, free);
            for (int at = CHUNK_HEADER_SIZE; at <= last && at < free; ) {
                int size = at > free - RECORD_HEADER_SIZE - 4 ? -1 : i32(chunk, at + 4);
                if (size < RECORD_HEADER_SIZE + 4 || i32(chunk, at) != RECORD_SIGNATURE
                        || size > free - at || i32(chunk, at + size - 4) != size) {
                    reject("The record at byte offset " + (offset + at) + " has a damaged record header;"
                            + " the rest of its chunk is lost.");
                    return;
                }
                readRecord(offset, at, size);
                at += size;
            }
        }

        /** Why the chunk in the buffer cannot be trusted, or null. */
        private String check(int length) {
            if (length < CHUNK_HEADER_SIZE) {
                return "the body ends after " + length + " of its bytes (cut mid-chunk).";
            }
            crc.reset();
            crc.update(chunk, 0, 120);
            crc.update(chunk, 128, CHUNK_HEADER_SIZE - 128);
            if ((int) crc.getValue() != i32(chunk, 124)) {
                return length < CHUNK_SIZE ? "the body ends after " + length + " of its bytes (cut mid-chunk)."
                        : "its header checksum (CRC32) does not match.";
            }
            int free = i32(chunk, 48);
            int last = i32(chunk, 44);
            if (free < CHUNK_HEADER_SIZE || free > CHUNK_SIZE
                    || free > CHUNK_HEADER_SIZE && (last < CHUNK_HEADER_SIZE || last >= free)) {
                return "its header points outside the chunk (free space at " + Integer.toUnsignedString(free)
                        + ", last record at " + Integer.toUnsignedString(last) + ").";
            }
            if (free > length) {
                return "the body ends after " + length + " of its bytes, before its records end at " + free + " (cut mid-chunk).";
            }
            crc.reset();
            crc.update(chunk, CHUNK_HEADER_SIZE, free - CHUNK_HEADER_SIZE);
            if ((int) crc.getValue() != i32(chunk, 52)) {
                return "its records checksum (CRC32) does not match.";
            }
            return null;
        }

        private void readRecord(long chunkOffset, int at, int size) {
            if (size > limits.maxEventBytes()) {
                reject("The record at byte offset " + (chunkOffset + at) + " is larger than " + limits.maxEventBytes() + " bytes.");
                return;
            }
            collector.begin();
            try {
                walker.record(at + RECORD_HEADER_SIZE, at + size - 4, collector);
            } catch (BadRecordException e) {
                reject("The record at byte offset " + (chunkOffset + at) + " is unreadable: " + e.getMessage());
                return;
            }
            Map<String, String> fields = collector.fields();
            room();
            sink.accept(index++, WindowsXmlEvents.event(fields, Map.of()));
        }

        private void reject(String reason) {
            room();
            sink.reject(index++, reason);
        }

        private void room() {
            limits.checkRoomForEvent(index);
        }
    }

    /** The length of the file signature, which {@link #hasSignature} needs to see. */
    public static final int SIGNATURE_LENGTH = 8;

    /** Whether bytes begin with the EVTX file signature {@code ElfFile\0}. */
    public static boolean hasSignature(byte[] head) {
        return head.length >= FILE_SIGNATURE.length && startsWith(head, FILE_SIGNATURE);
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        for (int i = 0; i < prefix.length; i++) {
            if (bytes[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static UnusableBodyException unreadable(String message) {
        return new UnusableBodyException(UnusableBodyException.Kind.UNREADABLE, message);
    }
}
