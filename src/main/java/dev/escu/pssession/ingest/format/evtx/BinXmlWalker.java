package dev.escu.pssession.ingest.format.evtx;

import static dev.escu.pssession.ingest.format.evtx.EvtxValues.i32;
import static dev.escu.pssession.ingest.format.evtx.EvtxValues.u16;

import java.util.Arrays;

/**
 * Reads the BinXml of one record straight from its chunk and hands what it finds to a
 * {@link BinXmlHandler}: template instances are expanded in place (the template's tokens are read
 * where the chunk holds them, with the instance's values for its substitutions), nothing is built
 * in between. Names are decoded once per chunk and found by offset afterwards.
 *
 * <p>Everything it reads is untrusted: every offset and size is checked against the chunk, templates
 * that refer to themselves are refused, nesting, the number of tokens read for one record and the
 * values held at once are bounded, so a hostile record costs little and fails alone.
 */
final class BinXmlWalker {

    /** Records start after the 512-byte chunk header; names and templates live inside records. */
    static final int RECORDS_START = 512;
    /** Tokens read for one record, templates counted each time they are used: far above any real event. */
    static final int MAX_TOKENS = 1 << 18;
    /** Substitution values held at once across nested template instances. */
    private static final int MAX_VALUES = 1 << 14;
    /** Whatever the configured depth, recursion stays well within a thread's stack. */
    private static final int MAX_NESTING = 256;

    private final int maxDepth;
    private final int maxNesting;
    private final Name[] names = new Name[EvtxEventFormat.CHUNK_SIZE];
    private int[] namedOffsets = new int[256];
    private int namedCount;

    private byte[] b;
    private int dataEnd;
    private BinXmlHandler handler;

    // per record
    private int budget;
    private int open;
    private boolean inTag;
    private boolean inAttribute;
    /** Values of the template instances being expanded: type, offset, size for each. */
    private int[] values = new int[3 * 64];
    private int valuesTop;
    private final int[] activeTemplates;
    private int activeCount;

    /** @param maxDepth the deepest element nesting, and the deepest nesting of templates and BinXml values */
    BinXmlWalker(int maxDepth) {
        this.maxDepth = maxDepth;
        this.maxNesting = Math.min(maxDepth, MAX_NESTING);
        this.activeTemplates = new int[maxNesting + 1];
    }

    /** Starts a new chunk whose records end at {@code dataEnd}; forgets the names of the one before. */
    void chunk(byte[] chunk, int dataEnd) {
        for (int i = 0; i < namedCount; i++) {
            names[namedOffsets[i]] = null;
        }
        namedCount = 0;
        this.b = chunk;
        this.dataEnd = dataEnd;
    }

    /** Reads the BinXml between {@code start} and {@code end} of the chunk. */
    void record(int start, int end, BinXmlHandler h) {
        this.handler = h;
        budget = MAX_TOKENS;
        open = 0;
        inTag = false;
        inAttribute = false;
        valuesTop = 0;
        activeCount = 0;
        walk(start, end, false, 0, 0, 0, 0);
        if (open != 0 || inTag) {
            throw new BadRecordException("The record's BinXml leaves " + open + " element(s) open.");
        }
    }

    /**
     * Reads tokens from {@code pos} to the end-of-fragment token or {@code end}.
     *
     * @param dependencyIds whether element starts carry a dependency id (only inside template definitions)
     * @param base          where the current template instance's values start in {@link #values}
     * @param count         how many values it has
     * @param chain         where the templates expanded since the last BinXml value start in {@link #activeTemplates}
     */
    private void walk(int pos, int end, boolean dependencyIds, int base, int count, int nesting, int chain) {
        while (pos < end) {
            if (--budget < 0) {
                throw new BadRecordException("The record expands to more than " + MAX_TOKENS
                        + " BinXml tokens (its templates are used over and over).");
            }
            int token = b[pos] & 0xff;
            switch (token & ~0x40) {
                case 0x00 -> {
                    return; // end of this fragment
                }
                case 0x0f -> pos = need(pos, 4, end); // fragment header: version 1.1, no flags of use
                case 0x01 -> pos = openElement(pos, end, dependencyIds, (token & 0x40) != 0, base, count);
                case 0x02 -> {
                    if (!inTag) {
                        throw malformed(pos, "an end of start tag outside a start tag");
                    }
                    inTag = false;
                    inAttribute = false;
                    if (open > maxDepth) {
                        throw new BadRecordException("The event nests elements deeper than " + maxDepth + " levels.");
                    }
                    handler.closeStartTag();
                    pos++;
                }
                case 0x03, 0x04 -> {
                    // 0x03 closes an empty element's start tag, 0x04 ends an element with content
                    if ((token == 0x03) != inTag || open == 0) {
                        throw malformed(pos, "an element end without a matching start");
                    }
                    inTag = false;
                    inAttribute = false;
                    open--;
                    handler.endElement();
                    pos++;
                }
                case 0x05 -> {
                    need(pos, 4, end);
                    if (b[pos + 1] != EvtxValues.STRING) {
                        throw malformed(pos, "a value text of type 0x" + Integer.toHexString(b[pos + 1] & 0xff));
                    }
                    int units = u16(b, pos + 2);
                    checkText(pos);
                    need(pos + 4, 2 * units, end);
                    handler.text(b, pos + 4, units);
                    pos += 4 + 2 * units;
                }
                case 0x06 -> {
                    if (!inTag) {
                        throw malformed(pos, "an attribute outside a start tag");
                    }
                    need(pos, 5, end);
                    int offset = i32(b, pos + 1);
                    Name name = name(offset, pos + 5, end);
                    pos += 5 + (offset == pos + 5 ? name.size() : 0);
                    if (!omitsAttribute(pos, end, base, count)) {
                        inAttribute = true;
                        handler.attribute(name);
                    } else {
                        pos += 4; // the optional substitution with nothing to substitute
                        inAttribute = false;
                    }
                }
                case 0x07 -> {
                    need(pos, 3, end);
                    int units = u16(b, pos + 1);
                    checkText(pos);
                    need(pos + 3, 2 * units, end);
                    handler.text(b, pos + 3, units); // CDATA is text to a reader of the XML
                    pos += 3 + 2 * units;
                }
                case 0x08 -> {
                    need(pos, 3, end);
                    checkText(pos);
                    handler.character((char) u16(b, pos + 1));
                    pos += 3;
                }
                case 0x09 -> {
                    need(pos, 5, end);
                    int offset = i32(b, pos + 1);
                    Name name = name(offset, pos + 5, end);
                    checkText(pos);
                    handler.character(entity(name, pos));
                    pos += 5 + (offset == pos + 5 ? name.size() : 0);
                }
                case 0x0a -> {
                    // a processing instruction's target: no field comes from it
                    need(pos, 5, end);
                    int offset = i32(b, pos + 1);
                    Name name = name(offset, pos + 5, end);
                    pos += 5 + (offset == pos + 5 ? name.size() : 0);
                }
                case 0x0b -> {
                    need(pos, 3, end);
                    pos = need(pos + 3, 2 * u16(b, pos + 1), end);
                }
                case 0x0c -> pos = templateInstance(pos, end, nesting, chain);
                case 0x0d, 0x0e -> {
                    need(pos, 4, end);
                    substitute(u16(b, pos + 1), pos, base, count, nesting);
                    pos += 4;
                }
                default -> throw malformed(pos, "the unknown token 0x" + Integer.toHexString(token));
            }
        }
    }

    private int openElement(int pos, int end, boolean dependencyIds, boolean hasAttributes, int base, int count) {
        if (inTag) {
            throw malformed(pos, "an element inside a start tag");
        }
        int p = pos + 1 + (dependencyIds ? 2 : 0) + 4; // token, dependency id, data size
        need(p, 4, end);
        int offset = i32(b, p);
        p += 4;
        Name name = name(offset, p, end);
        if (offset == p) {
            p += name.size();
        }
        if (hasAttributes) {
            need(p, 4, end);
            int attributesEnd = p + 4 + i32(b, p);
            p += 4;
            if (omitsElement(attributesEnd, end, base, count)) {
                return attributesEnd + 6;
            }
        } else if (omitsElement(p, end, base, count)) {
            return p + 6;
        }
        open++;
        inTag = true;
        inAttribute = false;
        handler.startElement(name);
        return p;
    }

    // MS-EVEN6: an optional substitution whose value is NULL leaves out what holds it: the attribute,
    // or the element whose whole content it is (<Version>%opt</Version> of a classic event).
    private boolean omitsElement(int contentAt, int end, int base, int count) {
        return contentAt >= 0 && contentAt <= end - 6 && b[contentAt] == 0x02 && b[contentAt + 5] == 0x04
                && isNullOptional(contentAt + 1, base, count);
    }

    private boolean omitsAttribute(int valueAt, int end, int base, int count) {
        if (valueAt + 4 > end || !isNullOptional(valueAt, base, count)) {
            return false;
        }
        if (valueAt + 4 == end) {
            return true;
        }
        int next = b[valueAt + 4] & ~0x40;
        return next != 0x05 && next != 0x08 && next != 0x09 && next != 0x0d && next != 0x0e;
    }

    private boolean isNullOptional(int at, int base, int count) {
        if (b[at] != 0x0e) {
            return false;
        }
        int id = u16(b, at + 1);
        return id < count && values[base + 3 * id] == EvtxValues.NULL;
    }

    private void checkText(int pos) {
        if (inTag ? !inAttribute : open == 0) {
            throw malformed(pos, "text outside any element or attribute");
        }
    }

    private int templateInstance(int pos, int end, int nesting, int chain) {
        need(pos, 10, end);
        int definition = i32(b, pos + 6);
        int p = pos + 10;
        if (definition == p) {
            // the definition is stored here, at its first use: step over it to the values
            need(p, 24, end);
            int size = i32(b, p + 20);
            if (size < 0 || size > end - p - 24) {
                throw new BadRecordException("The template defined at chunk offset " + definition + " claims "
                        + Integer.toUnsignedString(size) + " bytes, beyond its record.");
            }
            p += 24 + size;
        }
        if (definition < RECORDS_START || definition > dataEnd - 24) {
            throw new BadRecordException("The record refers to a template at chunk offset "
                    + Integer.toUnsignedString(definition) + ", outside the chunk's records.");
        }
        int start = definition + 24;
        int size = i32(b, definition + 20);
        if (size < 0 || size > dataEnd - start) {
            throw new BadRecordException("The template at chunk offset " + definition + " claims "
                    + Integer.toUnsignedString(size) + " bytes, beyond the chunk's records.");
        }
        need(p, 4, end);
        int count = i32(b, p);
        p += 4;
        if (count < 0 || count > (end - p) / 4) {
            throw new BadRecordException("A template instance claims " + Integer.toUnsignedString(count)
                    + " substitution values, more than its record can hold.");
        }
        if (valuesTop + 3 * count > 3 * MAX_VALUES) {
            throw new BadRecordException("The record's template instances hold more than " + MAX_VALUES + " values at once.");
        }
        int base = valuesTop;
        if (values.length < base + 3 * count) {
            values = Arrays.copyOf(values, Math.max(values.length * 2, base + 3 * count));
        }
        int data = p + 4 * count;
        for (int i = 0; i < count; i++) {
            int valueSize = u16(b, p + 4 * i);
            if (valueSize > end - data) {
                throw new BadRecordException("Substitution value " + i + " of a template instance runs past the end of its record.");
            }
            values[base + 3 * i] = b[p + 4 * i + 2] & 0xff;
            values[base + 3 * i + 1] = data;
            values[base + 3 * i + 2] = valueSize;
            data += valueSize;
        }
        // A template that comes back within one chain of template bodies would never end. (One used
        // again inside a BinXml value is not a loop: the value lies inside the record and ends.)
        for (int i = chain; i < activeCount; i++) {
            if (activeTemplates[i] == definition) {
                throw new BadRecordException("The template at chunk offset " + definition + " uses itself (a template loop).");
            }
        }
        nest(nesting);
        valuesTop = base + 3 * count;
        activeTemplates[activeCount++] = definition;
        walk(start, start + size, true, base, count, nesting + 1, chain);
        activeCount--;
        valuesTop = base;
        return data;
    }

    private void substitute(int id, int pos, int base, int count, int nesting) {
        if (id >= count) {
            throw new BadRecordException("A substitution at chunk offset " + pos + " asks for value " + id
                    + " of a template instance with " + count + " values.");
        }
        int type = values[base + 3 * id];
        int offset = values[base + 3 * id + 1];
        int size = values[base + 3 * id + 2];
        if (type == EvtxValues.NULL) {
            return;
        }
        checkText(pos);
        if (type == EvtxValues.BINXML) {
            if (!inTag && size > 0) {
                // nested BinXml: its elements carry no dependency ids; its template instances bring their own values
                nest(nesting);
                walk(offset, offset + size, false, 0, 0, nesting + 1, activeCount);
            }
            return;
        }
        EvtxValues.items(type, b, offset, size);
        handler.value(type, b, offset, size);
    }

    private void nest(int nesting) {
        if (nesting >= maxNesting) {
            throw new BadRecordException("The record nests templates or BinXml values deeper than " + maxNesting + " levels.");
        }
    }

    private static char entity(Name name, int pos) {
        return switch (name.qualified()) {
            case "lt" -> '<';
            case "gt" -> '>';
            case "amp" -> '&';
            case "quot" -> '"';
            case "apos" -> '\'';
            default -> throw malformed(pos, "the undefined entity &" + name.qualified() + ";");
        };
    }

    /**
     * The name stored at {@code offset}. When that is {@code here} the name is stored in place, and
     * the caller steps over {@link Name#size()} bytes.
     */
    private Name name(int offset, int here, int end) {
        if (offset < RECORDS_START || offset > dataEnd - 8) {
            throw new BadRecordException("A name offset " + Integer.toUnsignedString(offset) + " lies outside the chunk's records.");
        }
        Name name = names[offset];
        if (name == null) {
            int units = u16(b, offset + 6);
            int size = 8 + 2 * units + 2;
            if (size > dataEnd - offset) {
                throw new BadRecordException("The name at chunk offset " + offset + " runs past the chunk's records.");
            }
            char[] chars = new char[units];
            for (int i = 0, p = offset + 8; i < units; i++, p += 2) {
                chars[i] = (char) ((b[p] & 0xff) | (b[p + 1] << 8));
            }
            name = Name.of(new String(chars), size);
            names[offset] = name;
            if (namedCount == namedOffsets.length) {
                namedOffsets = Arrays.copyOf(namedOffsets, namedCount * 2);
            }
            namedOffsets[namedCount++] = offset;
        }
        if (offset == here && name.size() > end - here) {
            throw new BadRecordException("The name at chunk offset " + offset + " runs past its record.");
        }
        return name;
    }

    /** {@code pos + n}, when {@code n} bytes from {@code pos} lie within {@code end}. */
    private static int need(int pos, int n, int end) {
        if (n < 0 || n > end - pos) {
            throw new BadRecordException("The record's BinXml ends inside a token at chunk offset " + pos + ".");
        }
        return pos + n;
    }

    private static BadRecordException malformed(int pos, String what) {
        return new BadRecordException("The record's BinXml is malformed: " + what + " at chunk offset " + pos + ".");
    }
}
