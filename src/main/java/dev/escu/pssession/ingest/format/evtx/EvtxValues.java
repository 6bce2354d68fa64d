package dev.escu.pssession.ingest.format.evtx;

import java.math.BigDecimal;
import java.nio.charset.Charset;

/**
 * The value types of BinXml substitutions and their text as Windows renders them to XML: decimal
 * integers, {@code 0x}-prefixed lower-case hex for the hex types and {@code size_t}, {@code true} /
 * {@code false}, upper-case braced GUIDs, {@code S-1-5-...} SIDs, upper-case hex for binary,
 * times as {@code 2021-10-25T20:23:34.5750953Z} (seven fraction digits, as {@code SystemTime}).
 *
 * <p>An array value (type | 0x80) is rendered by Windows as its element repeated once per item
 * (MS-EVEN6, array types); a reader of that XML that keeps the first occurrence of a field sees the
 * first item, so {@link #render} renders one item at a time and the field reader asks for item 0.
 * An empty array renders as an empty value.
 */
final class EvtxValues {

    static final int NULL = 0x00;
    static final int STRING = 0x01;
    static final int ANSI_STRING = 0x02;
    static final int INT8 = 0x03;
    static final int UINT8 = 0x04;
    static final int INT16 = 0x05;
    static final int UINT16 = 0x06;
    static final int INT32 = 0x07;
    static final int UINT32 = 0x08;
    static final int INT64 = 0x09;
    static final int UINT64 = 0x0a;
    static final int REAL32 = 0x0b;
    static final int REAL64 = 0x0c;
    static final int BOOL = 0x0d;
    static final int BINARY = 0x0e;
    static final int GUID = 0x0f;
    static final int SIZE_T = 0x10;
    static final int FILETIME = 0x11;
    static final int SYSTEMTIME = 0x12;
    static final int SID = 0x13;
    static final int HEX32 = 0x14;
    static final int HEX64 = 0x15;
    static final int BINXML = 0x21;
    static final int ARRAY = 0x80;

    /** Windows writes ANSI strings in the system's code page; Western European is the common case. */
    private static final Charset ANSI = Charset.forName("windows-1252");

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private EvtxValues() {
    }

    /**
     * Checks that a value's size fits its type and returns how many items it holds (1 for a
     * scalar).
     *
     * @throws BadRecordException for a type Windows does not write in a record or a size that does not fit it
     */
    static int items(int type, byte[] b, int off, int size) {
        int base = type & ~ARRAY;
        int width = width(base, size);
        if (width < 0 || base == BINXML && type != base || base == BINARY && type != base) {
            throw new BadRecordException("A substitution value has the unsupported type 0x" + Integer.toHexString(type) + ".");
        }
        if ((type & ARRAY) == 0) {
            if (width > 0 && size != width || base == SID && !isSid(b, off, size, true)) {
                throw badSize(type, size);
            }
            return 1;
        }
        if (width > 0) {
            if (size % width != 0) {
                throw badSize(type, size);
            }
            return size / width;
        }
        int count = 0;
        int end = off + size;
        for (int p = off; p < end; count++) {
            p = itemEnd(base, b, p, end);
        }
        return count;
    }

    private static BadRecordException badSize(int type, int size) {
        return new BadRecordException("A substitution value of type 0x" + Integer.toHexString(type)
                + " has the impossible size " + size + ".");
    }

    /** Bytes of one item of a fixed-size type, 0 for variable-size types, -1 for a type not supported. */
    private static int width(int base, int size) {
        return switch (base) {
            case NULL, STRING, ANSI_STRING, BINARY, SID, BINXML -> 0;
            case INT8, UINT8 -> 1;
            case INT16, UINT16 -> 2;
            case INT32, UINT32, REAL32, BOOL, HEX32 -> 4;
            case INT64, UINT64, REAL64, FILETIME, HEX64 -> 8;
            case GUID, SYSTEMTIME -> 16;
            // a pointer-sized integer: 4 or 8 bytes as the writer's platform had it
            case SIZE_T -> size % 8 == 0 ? 8 : 4;
            default -> -1;
        };
    }

    /** Where the variable-size item starting at {@code p} ends (after its terminator, if any). */
    private static int itemEnd(int base, byte[] b, int p, int end) {
        switch (base) {
            case STRING -> {
                while (p + 1 < end) {
                    boolean nul = b[p] == 0 && b[p + 1] == 0;
                    p += 2;
                    if (nul) {
                        return p;
                    }
                }
                return end;
            }
            case ANSI_STRING -> {
                while (p < end) {
                    if (b[p++] == 0) {
                        return p;
                    }
                }
                return end;
            }
            case SID -> {
                if (!isSid(b, p, end - p, false)) {
                    throw new BadRecordException("A SID array holds a damaged SID.");
                }
                return p + 8 + 4 * (b[p + 1] & 0xff);
            }
            default -> throw new BadRecordException("A substitution value has the unsupported type 0x"
                    + Integer.toHexString(base | ARRAY) + ".");
        }
    }

    private static boolean isSid(byte[] b, int off, int size, boolean exact) {
        if (size < 8) {
            return false;
        }
        int need = 8 + 4 * (b[off + 1] & 0xff);
        return exact ? size == need : size >= need;
    }

    /** Renders item {@code item} of the value (0 for a scalar); nothing when the array has no such item. */
    static void render(int type, byte[] b, int off, int size, int item, TextBuffer out) {
        int base = type & ~ARRAY;
        if ((type & ARRAY) != 0) {
            int end = off + size;
            int width = width(base, size);
            if (width > 0) {
                if ((item + 1) * width > size) {
                    return;
                }
                off += item * width;
                size = width;
            } else {
                int p = off;
                for (int i = 0; i < item && p < end; i++) {
                    p = itemEnd(base, b, p, end);
                }
                if (p >= end) {
                    return;
                }
                off = p;
                size = itemEnd(base, b, p, end) - p;
            }
        }
        renderScalar(base, b, off, size, out);
    }

    private static void renderScalar(int type, byte[] b, int off, int size, TextBuffer out) {
        switch (type) {
            case NULL, BINXML -> { }
            // strings end at their first NUL, as Windows' rendering of a C string does
            case STRING -> out.appendUtf16(b, off, utf16Units(b, off, size));
            case ANSI_STRING -> {
                int n = 0;
                while (n < size && b[off + n] != 0) {
                    n++;
                }
                out.append(new String(b, off, n, ANSI));
            }
            case INT8 -> out.append(Integer.toString(b[off]));
            case UINT8 -> out.append(Integer.toString(b[off] & 0xff));
            case INT16 -> out.append(Integer.toString((short) u16(b, off)));
            case UINT16 -> out.append(Integer.toString(u16(b, off)));
            case INT32 -> out.append(Integer.toString(i32(b, off)));
            case UINT32 -> out.append(Integer.toUnsignedString(i32(b, off)));
            case INT64 -> out.append(Long.toString(i64(b, off)));
            case UINT64 -> out.append(Long.toUnsignedString(i64(b, off)));
            case REAL32 -> out.append(real(Float.intBitsToFloat(i32(b, off)), Float.toString(Float.intBitsToFloat(i32(b, off)))));
            case REAL64 -> out.append(real(Double.longBitsToDouble(i64(b, off)), Double.toString(Double.longBitsToDouble(i64(b, off)))));
            case BOOL -> out.append(i32(b, off) != 0 ? "true" : "false");
            case BINARY -> out.appendHex(b, off, size);
            case GUID -> guid(b, off, out);
            case SIZE_T -> out.append(size == 8 ? "0x" + Long.toHexString(i64(b, off)) : "0x" + Integer.toHexString(i32(b, off)));
            case FILETIME -> filetime(i64(b, off), out);
            case SYSTEMTIME -> systemtime(b, off, out);
            case SID -> sid(b, off, out);
            case HEX32 -> out.append("0x" + Integer.toHexString(i32(b, off)));
            case HEX64 -> out.append("0x" + Long.toHexString(i64(b, off)));
            default -> throw new BadRecordException("A substitution value has the unsupported type 0x" + Integer.toHexString(type) + ".");
        }
    }

    /** The length of the text of item 0, without keeping the text (for the limits on text not read as a field). */
    static int renderedLength(int type, byte[] b, int off, int size, TextBuffer scratch) {
        if (type == STRING || type == (STRING | ARRAY)) {
            return utf16Units(b, off, size);
        }
        if (type == BINARY) {
            return 2 * size;
        }
        scratch.clear();
        render(type, b, off, size, 0, scratch);
        return scratch.length();
    }

    /** UTF-16 code units before the first NUL (or the end). */
    static int utf16Units(byte[] b, int off, int size) {
        int units = size >>> 1;
        for (int i = 0, p = off; i < units; i++, p += 2) {
            if (b[p] == 0 && b[p + 1] == 0) {
                return i;
            }
        }
        return units;
    }

    // Windows prints reals with the C runtime; integral values print without a fraction. Other values
    // print here as the shortest decimal that reads back to the same number, never in exponent form.
    private static String real(double value, String shortest) {
        if (Double.isNaN(value)) {
            return "-1.#IND";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "1.#INF" : "-1.#INF";
        }
        return new BigDecimal(shortest).stripTrailingZeros().toPlainString();
    }

    private static void guid(byte[] b, int off, TextBuffer out) {
        out.append('{');
        hexBytes(b, off + 3, off - 1, out);
        out.append('-');
        hexBytes(b, off + 5, off + 3, out);
        out.append('-');
        hexBytes(b, off + 7, off + 5, out);
        out.append('-');
        out.appendHex(b, off + 8, 2);
        out.append('-');
        out.appendHex(b, off + 10, 6);
        out.append('}');
    }

    /** Bytes from {@code from} down to (not including) {@code to}: the little-endian fields of a GUID. */
    private static void hexBytes(byte[] b, int from, int to, TextBuffer out) {
        for (int i = from; i > to; i--) {
            out.append(HEX[(b[i] >>> 4) & 0xf]);
            out.append(HEX[b[i] & 0xf]);
        }
    }

    private static void sid(byte[] b, int off, TextBuffer out) {
        int count = b[off + 1] & 0xff;
        long authority = 0;
        for (int i = 2; i < 8; i++) {
            authority = authority << 8 | (b[off + i] & 0xff);
        }
        out.append("S-");
        out.append(Integer.toString(b[off] & 0xff));
        out.append('-');
        // ConvertSidToStringSid writes an authority of 2^32 or more in hex
        out.append(authority < 1L << 32 ? Long.toString(authority) : String.format("0x%012x", authority));
        for (int i = 0; i < count; i++) {
            out.append('-');
            out.append(Integer.toUnsignedString(i32(b, off + 8 + 4 * i)));
        }
    }

    /** Days from 1601-01-01, where FILETIME counts from, to 1970-01-01. */
    private static final long FILETIME_EPOCH_DAYS = 134_774;

    static void filetime(long ticks, TextBuffer out) {
        long seconds = Long.divideUnsigned(ticks, 10_000_000L);
        int fraction = (int) Long.remainderUnsigned(ticks, 10_000_000L);
        long days = seconds / 86_400;
        int secondOfDay = (int) (seconds % 86_400);
        date(days - FILETIME_EPOCH_DAYS, out);
        out.append('T');
        twoDigits(secondOfDay / 3600, out);
        out.append(':');
        twoDigits(secondOfDay / 60 % 60, out);
        out.append(':');
        twoDigits(secondOfDay % 60, out);
        out.append('.');
        digits(fraction, 7, out);
        out.append('Z');
    }

    private static void systemtime(byte[] b, int off, TextBuffer out) {
        digits(u16(b, off), 4, out);
        out.append('-');
        twoDigits(u16(b, off + 2), out);
        out.append('-');
        twoDigits(u16(b, off + 6), out); // off + 4 is the day of the week
        out.append('T');
        twoDigits(u16(b, off + 8), out);
        out.append(':');
        twoDigits(u16(b, off + 10), out);
        out.append(':');
        twoDigits(u16(b, off + 12), out);
        out.append('.');
        digits(u16(b, off + 14), 3, out);
        out.append("0000Z");
    }

    /** The proleptic Gregorian date of a day counted from 1970-01-01 (H. Hinnant's civil_from_days). */
    private static void date(long epochDay, TextBuffer out) {
        long z = epochDay + 719_468;
        long era = Math.floorDiv(z, 146_097);
        long doe = z - era * 146_097;
        long yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        long mp = (5 * doy + 2) / 153;
        int day = (int) (doy - (153 * mp + 2) / 5 + 1);
        int month = (int) (mp < 10 ? mp + 3 : mp - 9);
        long year = yoe + era * 400 + (month <= 2 ? 1 : 0);
        digits((int) year, 4, out);
        out.append('-');
        twoDigits(month, out);
        out.append('-');
        twoDigits(day, out);
    }

    private static void twoDigits(int value, TextBuffer out) {
        digits(value, 2, out);
    }

    /** At least {@code width} digits, zero-padded (more when the value needs them). */
    private static void digits(int value, int width, TextBuffer out) {
        String s = Integer.toString(value);
        for (int i = s.length(); i < width; i++) {
            out.append('0');
        }
        out.append(s);
    }

    static int u16(byte[] b, int off) {
        return (b[off] & 0xff) | (b[off + 1] & 0xff) << 8;
    }

    static int i32(byte[] b, int off) {
        return (b[off] & 0xff) | (b[off + 1] & 0xff) << 8 | (b[off + 2] & 0xff) << 16 | b[off + 3] << 24;
    }

    static long i64(byte[] b, int off) {
        return (i32(b, off) & 0xffffffffL) | (long) i32(b, off + 4) << 32;
    }
}
