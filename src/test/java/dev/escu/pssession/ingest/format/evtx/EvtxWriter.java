package dev.escu.pssession.ingest.format.evtx;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.zip.CRC32;

/**
 * Writes small EVTX files for tests: a file header, chunks with their name and template offsets,
 * records of BinXml, and correct checksums. Names and templates are stored in place at their first
 * use in a chunk and referred to by offset afterwards, as Windows does.
 */
final class EvtxWriter {

    static final int DIRTY = 0x1;

    private EvtxWriter() {
    }

    /** A file header announcing {@code announcedChunks} followed by the chunks. */
    static byte[] file(int announcedChunks, int flags, byte[]... chunks) {
        ByteBuffer header = ByteBuffer.allocate(EvtxEventFormat.FILE_HEADER_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        header.put("ElfFile\0".getBytes(StandardCharsets.US_ASCII));
        header.putLong(8, 0).putLong(16, Math.max(0, announcedChunks - 1)).putLong(24, 1);
        header.putInt(32, 128).putShort(36, (short) 1).putShort(38, (short) 3).putShort(40, (short) 4096);
        header.putShort(42, (short) announcedChunks).putInt(120, flags);
        CRC32 crc = new CRC32();
        crc.update(header.array(), 0, 120);
        header.putInt(124, (int) crc.getValue());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(header.array());
        for (byte[] chunk : chunks) {
            out.writeBytes(chunk);
        }
        return out.toByteArray();
    }

    static byte[] file(byte[]... chunks) {
        return file(chunks.length, 0, chunks);
    }

    /** One substitution value: its type and how to write its bytes in place. */
    record Value(int type, Consumer<Chunk> bytes) {

        static Value of(int type, byte... bytes) {
            return new Value(type, c -> c.bytes(bytes));
        }

        static Value le(int type, int width, long v) {
            return new Value(type, c -> {
                for (int i = 0; i < width; i++) {
                    c.u8((int) (v >>> (8 * i)));
                }
            });
        }

        static Value string(String s) {
            return new Value(EvtxValues.STRING, c -> c.utf16(s + "\0"));
        }

        static Value nul() {
            return new Value(EvtxValues.NULL, c -> { });
        }

        static Value binXml(Consumer<Chunk> content) {
            return new Value(EvtxValues.BINXML, content);
        }
    }

    /** A chunk being written; {@link #bytes()} sets its header and checksums. */
    static final class Chunk {
        final byte[] data = new byte[EvtxEventFormat.CHUNK_SIZE];
        int pos = 512;
        private final Map<String, Integer> names = new HashMap<>();
        private final Map<String, Integer> templates = new HashMap<>();
        private boolean inTemplate;
        private int lastRecord;
        private long records;

        /** A record around the BinXml {@code body} writes. */
        Chunk record(long recordId, Consumer<Chunk> body) {
            int start = pos;
            u32(0x2a2a);
            u32(0); // size, set below
            u64(recordId);
            u64(132_800_000_000_000_000L); // written time
            body.accept(this);
            int size = pos - start + 4;
            u32(size);
            putInt(start + 4, size);
            lastRecord = start;
            records++;
            return this;
        }

        /** A record as Windows writes one: fragment, template instance, end of stream. */
        Chunk event(long recordId, String template, Consumer<Chunk> definition, Value... values) {
            return record(recordId, c -> c.fragment().instance(template, definition, values).eof());
        }

        Chunk fragment() {
            return bytes(new byte[] {0x0f, 1, 1, 0});
        }

        Chunk eof() {
            return u8(0);
        }

        Chunk instance(String key, Consumer<Chunk> definition, Value... values) {
            u8(0x0c).u8(1).u32(key.hashCode());
            Integer known = templates.get(key);
            if (known != null) {
                u32(known);
            } else {
                int at = pos + 4;
                templates.put(key, at);
                u32(at).u32(0).bytes(new byte[16]);
                int sizeAt = pos;
                u32(0);
                boolean outer = inTemplate;
                inTemplate = true;
                definition.accept(this);
                inTemplate = outer;
                putInt(sizeAt, pos - sizeAt - 4);
            }
            return values(values);
        }

        /** Where the template {@code key} is stored in this chunk (known as soon as its definition starts). */
        int templateOffset(String key) {
            return templates.get(key);
        }

        /** An instance of the template stored at {@code definitionOffset}, whatever is there. */
        Chunk instanceAt(int definitionOffset, Value... values) {
            u8(0x0c).u8(1).u32(0).u32(definitionOffset);
            return values(values);
        }

        Chunk values(Value... values) {
            u32(values.length);
            int descriptors = pos;
            pos += 4 * values.length;
            for (int i = 0; i < values.length; i++) {
                int start = pos;
                boolean outer = inTemplate;
                inTemplate = false;
                values[i].bytes().accept(this);
                inTemplate = outer;
                putShort(descriptors + 4 * i, pos - start);
                data[descriptors + 4 * i + 2] = (byte) values[i].type();
            }
            return this;
        }

        /** The start of an element; with attributes, {@link #attributes} follows. */
        Chunk open(String name) {
            return openElement(name, false);
        }

        /** An element start with an attribute list: each entry name, then the writer of its value. */
        Chunk open(String name, Object... attributes) {
            openElement(name, true);
            int sizeAt = pos;
            u32(0);
            for (int i = 0; i < attributes.length; i += 2) {
                u8(i + 2 < attributes.length ? 0x46 : 0x06);
                name((String) attributes[i]);
                @SuppressWarnings("unchecked")
                Consumer<Chunk> value = (Consumer<Chunk>) attributes[i + 1];
                value.accept(this);
            }
            putInt(sizeAt, pos - sizeAt - 4);
            return this;
        }

        private Chunk openElement(String name, boolean attributes) {
            u8(attributes ? 0x41 : 0x01);
            if (inTemplate) {
                u16(0xffff);
            }
            u32(0); // data size: readers do not need it
            return name(name);
        }

        Chunk closeStart() {
            return u8(0x02);
        }

        Chunk closeEmpty() {
            return u8(0x03);
        }

        Chunk end() {
            return u8(0x04);
        }

        /** {@code <name>content</name>} */
        Chunk element(String name, Consumer<Chunk> content) {
            open(name).closeStart();
            content.accept(this);
            return end();
        }

        Chunk text(String s) {
            u8(0x05).u8(1).u16(s.length());
            return utf16(s);
        }

        Chunk cdata(String s) {
            u8(0x07).u16(s.length());
            return utf16(s);
        }

        Chunk charRef(int c) {
            return u8(0x08).u16(c);
        }

        Chunk entity(String name) {
            u8(0x09);
            return name(name);
        }

        Chunk sub(int id, int type) {
            return u8(0x0d).u16(id).u8(type);
        }

        Chunk optional(int id, int type) {
            return u8(0x0e).u16(id).u8(type);
        }

        Chunk name(String name) {
            Integer known = names.get(name);
            if (known != null) {
                return u32(known);
            }
            int at = pos + 4;
            names.put(name, at);
            u32(at).u32(0).u16(0).u16(name.length()).utf16(name);
            return u16(0);
        }

        Chunk utf16(String s) {
            for (int i = 0; i < s.length(); i++) {
                u16(s.charAt(i));
            }
            return this;
        }

        Chunk bytes(byte[] bytes) {
            System.arraycopy(bytes, 0, data, pos, bytes.length);
            pos += bytes.length;
            return this;
        }

        Chunk u8(int v) {
            data[pos++] = (byte) v;
            return this;
        }

        Chunk u16(int v) {
            putShort(pos, v);
            pos += 2;
            return this;
        }

        Chunk u32(int v) {
            putInt(pos, v);
            pos += 4;
            return this;
        }

        Chunk u64(long v) {
            u32((int) v);
            return u32((int) (v >>> 32));
        }

        void putShort(int at, int v) {
            data[at] = (byte) v;
            data[at + 1] = (byte) (v >>> 8);
        }

        void putInt(int at, int v) {
            putShort(at, v);
            putShort(at + 2, v >>> 16);
        }

        /** The chunk with its header and both checksums set. */
        byte[] bytes() {
            byte[] out = Arrays.copyOf(data, data.length);
            ByteBuffer h = ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
            h.put(0, "ElfChnk\0".getBytes(StandardCharsets.US_ASCII));
            h.putLong(8, 1).putLong(16, records).putLong(24, 1).putLong(32, records);
            h.putInt(40, 128).putInt(44, lastRecord).putInt(48, pos);
            CRC32 crc = new CRC32();
            crc.update(out, 512, pos - 512);
            h.putInt(52, (int) crc.getValue());
            return withHeaderChecksum(out);
        }

        static byte[] withHeaderChecksum(byte[] chunk) {
            CRC32 crc = new CRC32();
            crc.update(chunk, 0, 120);
            crc.update(chunk, 128, 384);
            ByteBuffer.wrap(chunk).order(ByteOrder.LITTLE_ENDIAN).putInt(124, (int) crc.getValue());
            return chunk;
        }
    }

    // ---- the event most tests write: a Windows-like System part and one EventData/Data per value ----

    static final String EVENT_NS = "http://schemas.microsoft.com/win/2004/08/events/event";

    /**
     * {@code <Event><System><Provider Name='%0'/><EventID>%1</EventID><EventRecordID>%2</EventRecordID>
     * <Channel>%3</Channel><Computer>%4</Computer></System><EventData><Data Name='name_i'>%(5+i)</Data>...}
     */
    static Consumer<Chunk> eventTemplate(List<String> dataNames) {
        return c -> {
            c.fragment();
            c.open("Event", "xmlns", (Consumer<Chunk>) v -> v.text(EVENT_NS)).closeStart();
            c.open("System").closeStart();
            c.open("Provider", "Name", (Consumer<Chunk>) v -> v.sub(0, EvtxValues.STRING)).closeEmpty();
            c.element("EventID", v -> v.sub(1, EvtxValues.UINT16));
            c.element("EventRecordID", v -> v.sub(2, EvtxValues.UINT64));
            c.element("Channel", v -> v.sub(3, EvtxValues.STRING));
            c.element("Computer", v -> v.sub(4, EvtxValues.STRING));
            c.end();
            c.open("EventData").closeStart();
            for (int i = 0; i < dataNames.size(); i++) {
                int id = 5 + i;
                c.open("Data", "Name", (Consumer<Chunk>) v -> v.text(dataNames.get(id - 5))).closeStart();
                c.optional(id, EvtxValues.STRING);
                c.end();
            }
            c.end();
            c.end();
            c.eof();
        };
    }

    /** A record of {@link #eventTemplate} with the given EventRecordID and data values. */
    static Chunk event(Chunk chunk, long recordId, List<String> dataNames, Value... data) {
        Value[] all = new Value[5 + data.length];
        all[0] = Value.string("Test-Provider");
        all[1] = Value.le(EvtxValues.UINT16, 2, 4104);
        all[2] = Value.le(EvtxValues.UINT64, 8, recordId);
        all[3] = Value.string("Microsoft-Windows-PowerShell/Operational");
        all[4] = Value.string("HOST01.contoso.local");
        System.arraycopy(data, 0, all, 5, data.length);
        return chunk.event(recordId, "event:" + dataNames, eventTemplate(dataNames), all);
    }

    /** A chunk of {@code count} simple events numbered from {@code firstId}. */
    static byte[] simpleChunk(long firstId, int count) {
        Chunk chunk = new Chunk();
        for (int i = 0; i < count; i++) {
            event(chunk, firstId + i, List.of("ScriptBlockText"), Value.string("Write-Output " + (firstId + i)));
        }
        return chunk.bytes();
    }
}
