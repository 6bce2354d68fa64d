package dev.escu.pssession.ingest.format.evtx;

import static dev.escu.pssession.ingest.format.evtx.EvtxWriter.Value;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.escu.pssession.ingest.format.evtx.EvtxWriter.Chunk;

/** Each value type Windows writes, rendered as Windows renders it to XML; arrays as their first item. */
class EvtxValueTypesTest {

    static final byte[] PROVIDER_GUID = {0x3b, (byte) 0x85, (byte) 0xc1, (byte) 0xa0, 0x40, 0x5c, 0x15, 0x4b,
        (byte) 0x87, 0x66, 0x3c, (byte) 0xf1, (byte) 0xc5, (byte) 0x8f, (byte) 0x98, 0x5a};

    static byte[] sid(long authority, long... subAuthorities) {
        byte[] b = new byte[8 + 4 * subAuthorities.length];
        b[0] = 1;
        b[1] = (byte) subAuthorities.length;
        for (int i = 0; i < 6; i++) {
            b[2 + i] = (byte) (authority >>> (8 * (5 - i)));
        }
        for (int s = 0; s < subAuthorities.length; s++) {
            for (int i = 0; i < 4; i++) {
                b[8 + 4 * s + i] = (byte) (subAuthorities[s] >>> (8 * i));
            }
        }
        return b;
    }

    static long filetime(String instant, int hundredNanos) {
        return (Instant.parse(instant).getEpochSecond() + 11_644_473_600L) * 10_000_000L + hundredNanos;
    }

    static byte[] utf16z(String... items) {
        StringBuilder s = new StringBuilder();
        for (String item : items) {
            s.append(item).append('\0');
        }
        return s.toString().getBytes(StandardCharsets.UTF_16LE);
    }

    static byte[] shorts(int... values) {
        byte[] b = new byte[2 * values.length];
        for (int i = 0; i < values.length; i++) {
            b[2 * i] = (byte) values[i];
            b[2 * i + 1] = (byte) (values[i] >>> 8);
        }
        return b;
    }

    static Stream<Arguments> values() {
        int array = EvtxValues.ARRAY;
        return Stream.of(
                Arguments.of("int8", Value.le(EvtxValues.INT8, 1, -5), "-5"),
                Arguments.of("uint8", Value.le(EvtxValues.UINT8, 1, 200), "200"),
                Arguments.of("int16", Value.le(EvtxValues.INT16, 2, -300), "-300"),
                Arguments.of("uint16", Value.le(EvtxValues.UINT16, 2, 65_000), "65000"),
                Arguments.of("int32", Value.le(EvtxValues.INT32, 4, -70_000), "-70000"),
                Arguments.of("uint32", Value.le(EvtxValues.UINT32, 4, 4_000_000_000L), "4000000000"),
                Arguments.of("int64", Value.le(EvtxValues.INT64, 8, -5_000_000_000_000L), "-5000000000000"),
                Arguments.of("uint64", Value.le(EvtxValues.UINT64, 8, -1L), "18446744073709551615"),
                Arguments.of("hex32", Value.le(EvtxValues.HEX32, 4, 0xBEEF), "0xbeef"),
                Arguments.of("hex64", Value.le(EvtxValues.HEX64, 8, 0x8000000000000000L), "0x8000000000000000"),
                Arguments.of("hex64 zero", Value.le(EvtxValues.HEX64, 8, 0), "0x0"),
                Arguments.of("size_t 64-bit", Value.le(EvtxValues.SIZE_T, 8, 0x7ff6_1234_0000L), "0x7ff612340000"),
                Arguments.of("size_t 32-bit", Value.le(EvtxValues.SIZE_T, 4, 0x1000), "0x1000"),
                Arguments.of("real32", Value.le(EvtxValues.REAL32, 4, Float.floatToIntBits(1.5f)), "1.5"),
                Arguments.of("real32 integral", Value.le(EvtxValues.REAL32, 4, Float.floatToIntBits(3f)), "3"),
                Arguments.of("real64", Value.le(EvtxValues.REAL64, 8, Double.doubleToLongBits(-0.25)), "-0.25"),
                Arguments.of("real64 small", Value.le(EvtxValues.REAL64, 8, Double.doubleToLongBits(1.5e-7)), "0.00000015"),
                Arguments.of("real64 infinite", Value.le(EvtxValues.REAL64, 8, Double.doubleToLongBits(Double.POSITIVE_INFINITY)), "1.#INF"),
                Arguments.of("bool true", Value.le(EvtxValues.BOOL, 4, 1), "true"),
                Arguments.of("bool false", Value.le(EvtxValues.BOOL, 4, 0), "false"),
                Arguments.of("guid", Value.of(EvtxValues.GUID, PROVIDER_GUID), "{A0C1853B-5C40-4B15-8766-3CF1C58F985A}"),
                Arguments.of("sid", Value.of(EvtxValues.SID, sid(5, 21, 4_230_534_742L, 2_542_757_381L, 3_142_984_815L, 1111)),
                        "S-1-5-21-4230534742-2542757381-3142984815-1111"),
                Arguments.of("sid well-known", Value.of(EvtxValues.SID, sid(5, 18)), "S-1-5-18"),
                Arguments.of("filetime", Value.le(EvtxValues.FILETIME, 8, filetime("2021-10-25T20:23:34Z", 5_750_953)),
                        "2021-10-25T20:23:34.5750953Z"),
                Arguments.of("filetime whole second", Value.le(EvtxValues.FILETIME, 8, filetime("2000-02-29T00:00:00Z", 0)),
                        "2000-02-29T00:00:00.0000000Z"),
                Arguments.of("systemtime", Value.of(EvtxValues.SYSTEMTIME, shorts(2021, 10, 1, 25, 20, 23, 34, 575)),
                        "2021-10-25T20:23:34.5750000Z"),
                Arguments.of("binary", Value.of(EvtxValues.BINARY, (byte) 0x01, (byte) 0xab, (byte) 0xff, (byte) 0x00), "01ABFF00"),
                Arguments.of("string", Value.string("Enter-PSSession -ComputerName h\u00e9\r\n<&>'\""),
                        "Enter-PSSession -ComputerName h\u00e9\r\n<&>'\""),
                Arguments.of("string without NUL", Value.of(EvtxValues.STRING, "abc".getBytes(StandardCharsets.UTF_16LE)), "abc"),
                Arguments.of("ansi string", Value.of(EvtxValues.ANSI_STRING, (byte) 'c', (byte) 'a', (byte) 'f', (byte) 0xe9, (byte) 0), "caf\u00e9"),
                Arguments.of("empty string", Value.of(EvtxValues.STRING), ""),
                Arguments.of("control character", Value.string("a\u0001b\tc"), "a\u0001b\tc"),
                Arguments.of("string array", Value.of(EvtxValues.STRING | array, utf16z("first", "second")), "first"),
                Arguments.of("ansi string array", Value.of(EvtxValues.ANSI_STRING | array, (byte) 'x', (byte) 0, (byte) 'y', (byte) 0), "x"),
                Arguments.of("uint16 array", Value.of(EvtxValues.UINT16 | array, shorts(7, 8, 9)), "7"),
                Arguments.of("hex64 array", Value.of(EvtxValues.HEX64 | array, new byte[16]), "0x0"),
                Arguments.of("guid array", Value.of(EvtxValues.GUID | array, PROVIDER_GUID), "{A0C1853B-5C40-4B15-8766-3CF1C58F985A}"),
                Arguments.of("sid array", Value.of(EvtxValues.SID | array, concat(sid(5, 18), sid(5, 32, 544))), "S-1-5-18"),
                Arguments.of("empty array", Value.of(EvtxValues.UINT32 | array), ""));
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    static byte[] fileWith(List<String> names, Value... values) {
        return EvtxWriter.file(EvtxWriter.event(new Chunk(), 1, names, values).bytes());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("values")
    void rendersEachValueTypeAsWindowsDoes(String type, Value value, String expected) {
        RecordingSink sink = RecordingSink.evtx(fileWith(List.of("Value"), value));
        assertThat(sink.rejected).isEmpty();
        assertThat(sink.fields()).hasSize(1);
        assertThat(sink.fields().get(0)).containsEntry("Value", expected)
                .containsEntry("EventID", "4104").containsEntry("EventRecordID", "1").containsEntry("Name", "Test-Provider")
                .containsEntry("Computer", "HOST01.contoso.local")
                .containsEntry("Channel", "Microsoft-Windows-PowerShell/Operational");
    }

    @Test
    void everyValueTypeReadsAsTheXmlParserReadsItsWindowsXml() {
        List<Arguments> cases = values().toList();
        List<String> names = cases.stream().map(a -> (String) a.get()[0]).map(n -> n.replace(' ', '_')).toList();
        Value[] all = cases.stream().map(a -> (Value) a.get()[1]).toArray(Value[]::new);
        byte[] file = fileWith(names, all);
        EvtxXmlCrossCheckTest.assertSameAsXml(file);
        assertThat(EvtxXml.render(file).get(0)).contains("<Data Name='string_array'>first</Data><Data Name='string_array'>second</Data>");
    }

    @Test
    void leavesOutAnElementWhoseOptionalSubstitutionIsNullButKeepsOneWithANormalSubstitutionEmpty() {
        Consumer<Chunk> template = c -> {
            c.fragment();
            c.open("Event").closeStart().open("System").closeStart();
            c.element("Version", v -> v.optional(0, EvtxValues.UINT8));
            c.element("Opcode", v -> v.sub(1, EvtxValues.UINT8));
            c.open("Security", "UserID", (Consumer<Chunk>) v -> v.optional(2, EvtxValues.SID)).closeEmpty();
            c.open("Execution", "ProcessID", (Consumer<Chunk>) v -> v.sub(3, EvtxValues.UINT32)).closeEmpty();
            c.end().end().eof();
        };
        byte[] file = EvtxWriter.file(new Chunk().event(1, "t", template, Value.nul(), Value.nul(), Value.nul(), Value.nul()).bytes());

        Map<String, String> fields = RecordingSink.evtx(file).fields().get(0);
        assertThat(fields).doesNotContainKeys("Version", "UserID").containsEntry("Opcode", "").containsEntry("ProcessID", "");
        assertThat(EvtxXml.render(file)).containsExactly(
                "<Event><System><Opcode/><Security/><Execution ProcessID=''/></System></Event>");
        EvtxXmlCrossCheckTest.assertSameAsXml(file);
    }

    @Test
    void readsEntityAndCharacterReferencesAndCdataAsTheirCharacters() {
        Consumer<Chunk> template = c -> {
            c.fragment();
            c.open("Event").closeStart().open("EventData").closeStart();
            c.open("Data", "Name", (Consumer<Chunk>) v -> v.text("Esc").entity("amp").text("aped")).closeStart();
            c.text("a").entity("amp").text("b").entity("lt").charRef(65).entity("quot").charRef(13).charRef(10).cdata("<c>&");
            c.end().end().end().eof();
        };
        byte[] file = EvtxWriter.file(new Chunk().event(1, "t", template).bytes());

        assertThat(RecordingSink.evtx(file).fields().get(0)).isEqualTo(Map.of("Esc&aped", "a&b<A\"\r\n<c>&"));
        EvtxXmlCrossCheckTest.assertSameAsXml(file);
    }

    @Test
    void readsNestedBinXmlValuesWithAndWithoutTemplates() {
        // as UserData events: the event's data comes as a BinXml value, itself plain elements or a template instance
        Consumer<Chunk> outer = c -> {
            c.fragment();
            c.open("Event").closeStart().open("System").closeStart();
            c.element("Computer", v -> v.sub(0, EvtxValues.STRING));
            c.end();
            c.sub(1, EvtxValues.BINXML).sub(2, EvtxValues.BINXML);
            c.end().eof();
        };
        Consumer<Chunk> inner = c -> {
            c.fragment().open("EventData").closeStart();
            c.open("Data", "Name", (Consumer<Chunk>) v -> v.text("FromTemplate")).closeStart().sub(0, EvtxValues.UINT32).end();
            c.end().eof();
        };
        Value plain = Value.binXml(c -> c.fragment().open("EventData").closeStart()
                .open("Data", "Name", (Consumer<Chunk>) v -> v.text("Plain")).closeStart().text("x").end().end().eof());
        Value templated = Value.binXml(c -> c.fragment().instance("inner", inner, Value.le(EvtxValues.UINT32, 4, 42)).eof());
        byte[] file = EvtxWriter.file(new Chunk().event(1, "outer", outer, Value.string("H"), plain, templated)
                .event(2, "outer", outer, Value.string("I"), Value.nul(), templated).bytes());

        assertThat(RecordingSink.evtx(file).fields()).containsExactly(
                Map.of("Computer", "H", "Plain", "x", "FromTemplate", "42"), Map.of("Computer", "I", "FromTemplate", "42"));
        EvtxXmlCrossCheckTest.assertSameAsXml(file);
    }

    @Test
    void takesTheFirstOccurrenceOfAFieldAndTheTextAfterAnElementsLastChild() {
        Consumer<Chunk> template = c -> {
            c.fragment();
            c.open("Event").closeStart().open("System").closeStart();
            c.element("Computer", v -> v.text("before").open("b").closeEmpty().text("after"));
            c.element("Computer", v -> v.text("second"));
            c.open("Provider", "Name", (Consumer<Chunk>) v -> v.text("P1"), "Name", (Consumer<Chunk>) v -> v.text("P2")).closeEmpty();
            c.end().open("EventData").closeStart();
            c.open("Data").closeStart().text("unnamed").end();
            c.open("Data", "Name", (Consumer<Chunk>) v -> v.text("D")).closeStart().text("1").end();
            c.open("Data", "Name", (Consumer<Chunk>) v -> v.text("D")).closeStart().text("2").end();
            c.open("Data", "Name", (Consumer<Chunk>) v -> v.text("E")).closeEmpty();
            c.end().end().eof();
        };
        byte[] file = EvtxWriter.file(new Chunk().event(1, "t", template).bytes());

        assertThat(RecordingSink.evtx(file).fields().get(0))
                .isEqualTo(Map.of("Computer", "after", "Name", "P1", "D", "1", "E", ""));
    }
}
