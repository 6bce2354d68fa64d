package dev.escu.pssession.ingest.format.evtx;

import static dev.escu.pssession.ingest.format.evtx.EvtxWriter.Value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import dev.escu.pssession.detection.MatchPrefilter;
import dev.escu.pssession.ingest.format.EventSink;
import dev.escu.pssession.ingest.format.ParseLimits;
import dev.escu.pssession.ingest.format.RawEvent;
import dev.escu.pssession.ingest.format.UnusableBodyException;
import dev.escu.pssession.ingest.format.evtx.EvtxWriter.Chunk;

/** Files that are not EVTX, damaged chunks and hostile records: refused, or rejected one by one with the rest kept. */
class EvtxDamagedFilesTest {

    private static final int SECOND_CHUNK = EvtxEventFormat.FILE_HEADER_SIZE + EvtxEventFormat.CHUNK_SIZE;

    // ---- not EVTX at all ----

    @Test
    void refusesABodyThatIsNotEvtx() {
        byte[] xml = "<Event><System/></Event>".repeat(300).getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> RecordingSink.evtx(xml)).isInstanceOf(UnusableBodyException.class)
                .hasMessageContaining("Not an EVTX file")
                .satisfies(e -> assertThat(((UnusableBodyException) e).kind()).isEqualTo(UnusableBodyException.Kind.UNREADABLE));
    }

    @Test
    void refusesAnEmptyBody() {
        assertThatThrownBy(() -> RecordingSink.evtx(new byte[0])).isInstanceOf(UnusableBodyException.class)
                .hasMessageContaining("empty")
                .satisfies(e -> assertThat(((UnusableBodyException) e).kind()).isEqualTo(UnusableBodyException.Kind.UNREADABLE));
    }

    @Test
    void refusesABodyCutInsideTheFileHeaderBeforeHandingOutAnything() {
        byte[] cut = Arrays.copyOf(EvtxWriter.file(EvtxWriter.simpleChunk(1, 2)), 1000);
        RecordingSink sink = new RecordingSink();
        assertThatThrownBy(() -> new EvtxEventFormat(ParseLimits.DEFAULT).parse(new ByteArrayInputStream(cut), sink))
                .isInstanceOf(UnusableBodyException.class).hasMessageContaining("inside the 4096-byte file header");
        assertThat(sink.accepted).isEmpty();
        assertThat(sink.rejected).isEmpty();
    }

    @Test
    void readsAFileWithoutChunksAsNoEvents() {
        RecordingSink sink = RecordingSink.evtx(EvtxWriter.file());
        assertThat(sink.accepted).isEmpty();
        assertThat(sink.rejected).isEmpty();
    }

    // ---- chunks ----

    @Test
    void readsTheChunksBeyondTheCountOfADirtyHeaderButNotOfACleanOne() {
        byte[] first = EvtxWriter.simpleChunk(1, 3);
        byte[] second = EvtxWriter.simpleChunk(4, 2);

        RecordingSink dirty = RecordingSink.evtx(EvtxWriter.file(1, EvtxWriter.DIRTY, first, second));
        assertThat(dirty.rejected).isEmpty();
        assertThat(dirty.fields()).extracting(f -> f.get("EventRecordID")).containsExactly("1", "2", "3", "4", "5");
        assertThat(dirty.acceptedIndexes()).containsExactly(0, 1, 2, 3, 4);

        // a cleanly closed log's count is right: what lies after its chunks is not part of the log
        RecordingSink clean = RecordingSink.evtx(EvtxWriter.file(1, 0, first, second));
        assertThat(clean.fields()).extracting(f -> f.get("EventRecordID")).containsExactly("1", "2", "3");
        assertThat(clean.rejected).isEmpty();
    }

    @Test
    void skipsUnusedSpaceAfterTheLastChunkOfADirtyFile() {
        byte[] file = EvtxWriter.file(1, EvtxWriter.DIRTY, EvtxWriter.simpleChunk(1, 2), new byte[EvtxEventFormat.CHUNK_SIZE],
                EvtxWriter.simpleChunk(3, 1));
        RecordingSink sink = RecordingSink.evtx(file);
        assertThat(sink.rejected).isEmpty();
        assertThat(sink.fields()).extracting(f -> f.get("EventRecordID")).containsExactly("1", "2", "3");
    }

    @Test
    void rejectsAChunkWhoseRecordsFailTheirChecksumOnceAndKeepsTheOtherChunks() {
        byte[] bad = EvtxWriter.simpleChunk(1, 3);
        bad[700] ^= 0x20; // inside the first record, checksum not updated
        RecordingSink sink = RecordingSink.evtx(EvtxWriter.file(bad, EvtxWriter.simpleChunk(4, 2)));

        assertThat(sink.rejected).singleElement().satisfies(r -> {
            assertThat(r.index()).isZero();
            assertThat(r.reason()).contains("byte offset 4096").contains("records checksum");
        });
        assertThat(sink.acceptedIndexes()).containsExactly(1, 2);
        assertThat(sink.fields()).extracting(f -> f.get("EventRecordID")).containsExactly("4", "5");
    }

    @Test
    void rejectsAChunkWhoseHeaderFailsItsChecksum() {
        byte[] bad = EvtxWriter.simpleChunk(4, 2);
        bad[48] += 2; // the free-space offset, checksum not updated
        RecordingSink sink = RecordingSink.evtx(EvtxWriter.file(EvtxWriter.simpleChunk(1, 3), bad));

        assertThat(sink.acceptedIndexes()).containsExactly(0, 1, 2);
        assertThat(sink.rejected).singleElement().satisfies(r -> {
            assertThat(r.index()).isEqualTo(3);
            assertThat(r.reason()).contains("byte offset " + SECOND_CHUNK).contains("header checksum");
        });
    }

    @Test
    void rejectsAChunkWithoutSignatureThatTheHeaderCounts() {
        byte[] bad = EvtxWriter.simpleChunk(4, 2);
        bad[0] = 'X';
        RecordingSink sink = RecordingSink.evtx(EvtxWriter.file(EvtxWriter.simpleChunk(1, 1), bad));
        assertThat(sink.acceptedIndexes()).containsExactly(0);
        assertThat(sink.rejected).singleElement().satisfies(r -> assertThat(r.reason())
                .contains("byte offset " + SECOND_CHUNK).contains("no chunk signature"));
    }

    @Test
    void rejectsAFileCutMidChunkOnceAndKeepsTheChunksBefore() {
        byte[] whole = EvtxWriter.file(EvtxWriter.simpleChunk(1, 3), EvtxWriter.simpleChunk(4, 40));
        byte[] cut = Arrays.copyOf(whole, SECOND_CHUNK + 1500);
        RecordingSink sink = RecordingSink.evtx(cut);

        assertThat(sink.fields()).extracting(f -> f.get("EventRecordID")).containsExactly("1", "2", "3");
        assertThat(sink.rejected).singleElement().satisfies(r -> {
            assertThat(r.index()).isEqualTo(3);
            assertThat(r.reason()).contains("byte offset " + SECOND_CHUNK).contains("cut mid-chunk");
        });
    }

    @Test
    void keepsTheRecordsOfAChunkCutOnlyInItsUnusedSpace() {
        byte[] whole = EvtxWriter.file(EvtxWriter.simpleChunk(1, 3), EvtxWriter.simpleChunk(4, 2));
        RecordingSink sink = RecordingSink.evtx(Arrays.copyOf(whole, SECOND_CHUNK + 30_000));
        assertThat(sink.rejected).isEmpty();
        assertThat(sink.fields()).hasSize(5);
    }

    @Test
    void rejectsOnceWhenTheBodyEndsBeforeTheChunksTheHeaderAnnounces() {
        byte[] file = EvtxWriter.file(3, 0, EvtxWriter.simpleChunk(1, 2));
        RecordingSink sink = RecordingSink.evtx(file);
        assertThat(sink.acceptedIndexes()).containsExactly(0, 1);
        assertThat(sink.rejected).singleElement().satisfies(r -> assertThat(r.reason()).contains("announces 3 chunks"));
    }

    @Test
    void rejectsADamagedRecordHeaderAndTheRestOfItsChunkButKeepsTheRecordsBefore() {
        Chunk chunk = new Chunk();
        EvtxWriter.event(chunk, 1, List.of("A"), Value.string("a"));
        int second = chunk.pos;
        EvtxWriter.event(chunk, 2, List.of("A"), Value.string("b"));
        EvtxWriter.event(chunk, 3, List.of("A"), Value.string("c"));
        chunk.putInt(second + 4, 0x7fff_0000); // the record's size
        RecordingSink sink = RecordingSink.evtx(EvtxWriter.file(chunk.bytes()));

        assertThat(sink.acceptedIndexes()).containsExactly(0);
        assertThat(sink.rejected).singleElement().satisfies(r -> assertThat(r.reason())
                .contains("byte offset " + (4096 + second)).contains("damaged record header"));
    }

    // ---- hostile records: that record rejected, the others kept ----

    /** A chunk with a good record, the record {@code bad} writes, and another good record. */
    private static RecordingSink between(Consumer<Chunk> bad) {
        return between(ParseLimits.DEFAULT, bad);
    }

    private static RecordingSink between(ParseLimits limits, Consumer<Chunk> bad) {
        Chunk chunk = new Chunk();
        EvtxWriter.event(chunk, 1, List.of("A"), Value.string("first"));
        chunk.record(2, bad);
        EvtxWriter.event(chunk, 3, List.of("A"), Value.string("third"));
        RecordingSink sink = RecordingSink.parse(new EvtxEventFormat(limits), EvtxWriter.file(chunk.bytes()));
        assertThat(sink.acceptedIndexes()).containsExactly(0, 2);
        assertThat(sink.fields()).extracting(f -> f.get("A")).containsExactly("first", "third");
        assertThat(sink.rejected).singleElement().satisfies(r -> assertThat(r.index()).isEqualTo(1));
        return sink;
    }

    private static String reason(RecordingSink sink) {
        return sink.rejected.get(0).reason();
    }

    @Test
    void rejectsARecordWhoseTemplateLiesOutsideTheChunk() {
        RecordingSink sink = between(c -> c.fragment().instanceAt(70_000).eof());
        assertThat(reason(sink)).contains("record at byte offset").contains("template at chunk offset 70000")
                .contains("outside the chunk's records");
    }

    @Test
    void rejectsARecordWhoseTemplateUsesItself() {
        RecordingSink sink = between(c -> c.fragment().instance("loop", t -> {
            t.fragment().open("Event").closeStart();
            t.instanceAt(t.templateOffset("loop"));
            t.end().eof();
        }).eof());
        assertThat(reason(sink)).contains("template loop");
    }

    @Test
    void rejectsARecordWhoseTemplatesUseEachOther() {
        RecordingSink sink = between(c -> c.fragment().instance("a", a -> {
            a.fragment().instance("b", b -> b.fragment().instanceAt(b.templateOffset("a")).eof()).eof();
        }).eof());
        assertThat(reason(sink)).contains("template loop");
    }

    @Test
    void rejectsARecordThatClaimsAbsurdlyManyValues() {
        RecordingSink sink = between(c -> c.fragment().u8(0x0c).u8(1).u32(0).u32(c.templateOffset("event:[A]")).u32(0x7fff_ffff).eof());
        assertThat(reason(sink)).contains("2147483647 substitution values");
    }

    @Test
    void rejectsARecordWhoseTemplateClaimsAnAbsurdSize() {
        RecordingSink sink = between(c -> {
            c.fragment().u8(0x0c).u8(1).u32(0);
            c.u32(c.pos + 4).u32(0).bytes(new byte[16]).u32(0x4000_0000);
            c.eof();
        });
        assertThat(reason(sink)).contains("claims 1073741824 bytes");
    }

    @Test
    void rejectsARecordWhoseValueRunsPastItsEnd() {
        RecordingSink sink = between(c -> c.fragment().u8(0x0c).u8(1).u32(0).u32(c.templateOffset("event:[A]"))
                .u32(1).u16(0xfff0).u8(EvtxValues.STRING).u8(0).eof());
        assertThat(reason(sink)).contains("runs past the end of its record");
    }

    @Test
    void rejectsARecordThatAsksForAValueItsInstanceLacks() {
        RecordingSink sink = between(c -> c.fragment().instance("short", t -> t.fragment().element("Event", e -> e.sub(3, 1)).eof(),
                Value.string("only one")).eof());
        assertThat(reason(sink)).contains("asks for value 3 of a template instance with 1 values");
    }

    @Test
    void rejectsARecordWhoseNameLiesOutsideTheChunk() {
        RecordingSink sink = between(c -> c.fragment().u8(0x01).u32(0).u32(0x00ff_ffff).u8(0x03).eof());
        assertThat(reason(sink)).contains("name offset 16777215");
    }

    @Test
    void rejectsARecordWithAnUnknownToken() {
        RecordingSink sink = between(c -> c.fragment().u8(0x1f).eof());
        assertThat(reason(sink)).contains("unknown token 0x1f");
    }

    @Test
    void rejectsARecordWithAValueOfTheWrongSize() {
        RecordingSink sink = between(c -> c.fragment().instance("wide", t -> t.fragment().element("Event", e -> e.sub(0, 0x0a)).eof(),
                Value.of(EvtxValues.UINT64, (byte) 1, (byte) 2)).eof());
        assertThat(reason(sink)).contains("impossible size 2");
    }

    @Test
    void rejectsARecordThatNestsElementsDeeperThanTheLimit() {
        RecordingSink sink = between(c -> c.fragment().instance("deep", t -> {
            t.fragment();
            for (int i = 0; i < 40; i++) {
                t.open("E" + i).closeStart();
            }
            for (int i = 0; i < 40; i++) {
                t.end();
            }
            t.eof();
        }).eof());
        assertThat(reason(sink)).contains("nests elements deeper than 32 levels");
    }

    @Test
    void rejectsARecordThatNestsBinXmlValuesDeeperThanTheLimit() {
        Consumer<Chunk> level = t -> t.fragment().element("L", e -> e.sub(0, EvtxValues.BINXML)).eof();
        RecordingSink sink = between(c -> c.fragment().instance("level", level, nested(level, 40)).eof());
        assertThat(reason(sink)).contains("deeper than 32 levels");
    }

    private static Value nested(Consumer<Chunk> level, int depth) {
        return depth == 0 ? Value.nul() : Value.binXml(c -> c.fragment().instance("level", level, nested(level, depth - 1)).eof());
    }

    @Test
    void rejectsARecordWhoseTemplatesFanOutBeyondTheTokenBudget() {
        // each template uses the next one twice: 2^24 uses from a few hundred bytes
        RecordingSink sink = between(c -> c.fragment().instance("fan0", fan(0)).eof());
        assertThat(reason(sink)).contains("more than " + BinXmlWalker.MAX_TOKENS + " BinXml tokens");
    }

    private static Consumer<Chunk> fan(int level) {
        return t -> {
            t.fragment();
            if (level < 24) {
                t.instance("fan" + (level + 1), fan(level + 1));
                t.instance("fan" + (level + 1), fan(level + 1));
            } else {
                t.open("Leaf").closeEmpty();
            }
            t.eof();
        };
    }

    @Test
    void rejectsARecordWithAFieldLongerThanTheLimit() {
        ParseLimits limits = new ParseLimits(1 << 20, 32, 45, 1000);
        RecordingSink sink = between(limits, c -> c.fragment().instance("event:[A]", null, Value.string("P"), Value.le(EvtxValues.UINT16, 2, 1),
                Value.le(EvtxValues.UINT64, 8, 2), Value.string("C"), Value.string("H"), Value.string("x".repeat(46))).eof());
        assertThat(reason(sink)).contains("longer than 45 characters");
    }

    @Test
    void rejectsARecordThatRendersToMoreTextThanAnEventMayHold() {
        // one value used 2,000 times: small in the file, large as XML
        ParseLimits limits = new ParseLimits(100_000, 32, 1 << 20, 1000);
        RecordingSink sink = between(limits, c -> c.fragment().instance("repeat", t -> {
            t.fragment().open("Event").closeStart();
            for (int i = 0; i < 2000; i++) {
                t.open("X", "v", (Consumer<Chunk>) v -> v.sub(0, EvtxValues.STRING)).closeEmpty();
            }
            t.end().eof();
        }, Value.string("y".repeat(100))).eof());
        assertThat(reason(sink)).contains("more than 100000 characters");
    }

    @Test
    void refusesABodyWithMoreEventsThanAllowed() {
        ParseLimits limits = new ParseLimits(1 << 20, 32, 1 << 20, 2);
        RecordingSink sink = new RecordingSink();
        assertThatThrownBy(() -> new EvtxEventFormat(limits).parse(
                new ByteArrayInputStream(EvtxWriter.file(EvtxWriter.simpleChunk(1, 3))), sink))
                .isInstanceOf(UnusableBodyException.class).hasMessageContaining("more than 2 events")
                .satisfies(e -> assertThat(((UnusableBodyException) e).kind()).isEqualTo(UnusableBodyException.Kind.TOO_LARGE));
        assertThat(sink.accepted).hasSize(2);
    }

    // ---- streaming ----

    @Test
    void handsOutAChunksEventsBeforeReadingTheNextChunk() throws IOException {
        byte[] file = EvtxWriter.file(EvtxWriter.simpleChunk(1, 2), EvtxWriter.simpleChunk(3, 2), EvtxWriter.simpleChunk(5, 2));
        long[] read = {0};
        InputStream body = new ByteArrayInputStream(file) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                int n = super.read(b, off, len);
                read[0] += Math.max(n, 0);
                return n;
            }
        };
        long[] readAtFirstEvent = {-1};
        new EvtxEventFormat(ParseLimits.DEFAULT).parse(body, new EventSink() {
            @Override
            public MatchPrefilter prefilter() {
                return MatchPrefilter.NONE;
            }

            @Override
            public void accept(int index, RawEvent event) {
                if (index == 0) {
                    readAtFirstEvent[0] = read[0];
                }
            }

            @Override
            public void reject(int index, String reason) {
            }

            @Override
            public void skip(int index) {
            }
        });
        assertThat(readAtFirstEvent[0]).isEqualTo(EvtxEventFormat.FILE_HEADER_SIZE + EvtxEventFormat.CHUNK_SIZE);
        assertThat(read[0]).isEqualTo(file.length);
    }

    // ---- whatever the bytes, only the contract comes out ----

    @Test
    void survivesRandomDamageToRealRecordsWithChecksumsThatStillMatch() {
        byte[] original = EvtxSampleFilesTest.sample(EvtxSampleFilesTest.LSASS);
        int free = EvtxValues.i32(original, 4096 + 48);
        Random random = new Random(20261130);
        for (int round = 0; round < 3000; round++) {
            byte[] file = original.clone();
            for (int n = 1 + random.nextInt(8); n > 0; n--) {
                file[4096 + 512 + random.nextInt(free - 512)] = (byte) random.nextInt(256);
            }
            byte[] chunk = Arrays.copyOfRange(file, 4096, 4096 + EvtxEventFormat.CHUNK_SIZE);
            java.util.zip.CRC32 crc = new java.util.zip.CRC32();
            crc.update(chunk, 512, free - 512);
            java.nio.ByteBuffer.wrap(chunk).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(52, (int) crc.getValue());
            System.arraycopy(Chunk.withHeaderChecksum(chunk), 0, file, 4096, chunk.length);

            RecordingSink sink = RecordingSink.evtx(file);
            List<Integer> indexes = new java.util.ArrayList<>(sink.acceptedIndexes());
            sink.rejected.forEach(r -> indexes.add(r.index()));
            indexes.sort(null);
            assertThat(indexes).as("round %d", round)
                    .isEqualTo(java.util.stream.IntStream.range(0, indexes.size()).boxed().toList());
            assertThat(indexes.size()).as("round %d", round).isBetween(1, 56);
        }
    }
}
