package dev.escu.pssession.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import dev.escu.pssession.detection.MatchPrefilter;
import dev.escu.pssession.ingest.format.EventFormat;
import dev.escu.pssession.ingest.format.EventSink;
import dev.escu.pssession.ingest.format.HecEnvelopeException;
import dev.escu.pssession.ingest.format.HecEventFormat;
import dev.escu.pssession.ingest.format.JsonEventFormat;
import dev.escu.pssession.ingest.format.NdjsonEventFormat;
import dev.escu.pssession.ingest.format.ParseLimits;
import dev.escu.pssession.ingest.format.RawEvent;
import dev.escu.pssession.ingest.format.UnusableBodyException;
import dev.escu.pssession.ingest.format.Prefiltered;
import dev.escu.pssession.ingest.format.XmlEventFormat;
import dev.escu.pssession.support.Mutator;

/**
 * Thousands of mutated bodies through every parser (XML, NDJSON, JSON, HEC envelopes): nothing but a whole-body refusal escapes, and
 * each event position is either accepted or rejected, exactly once and in order.
 */
class ParserMutationTest {

    private static final int CASES = 1500;
    private static final ParseLimits LIMITS = new ParseLimits(64 * 1024, 16, 32 * 1024, 10_000);
    private static final MatchPrefilter PREFILTER = dev.escu.pssession.support.TestDetections.seed().prefilter();

    @TestFactory
    Stream<DynamicTest> xml() {
        return cases("xml", new XmlEventFormat(LIMITS), "samples/powershell-4104.xml");
    }

    @TestFactory
    Stream<DynamicTest> xmlWithEarlyReject() {
        return cases("xml-prefiltered", new Prefiltered(new XmlEventFormat(LIMITS), PREFILTER), "samples/powershell-4104.xml");
    }

    @TestFactory
    Stream<DynamicTest> ndjsonWithEarlyReject() {
        return cases("ndjson-prefiltered", new Prefiltered(new NdjsonEventFormat(LIMITS), PREFILTER), "samples/powershell-4104.ndjson");
    }

    @TestFactory
    Stream<DynamicTest> ndjson() {
        return cases("ndjson", new NdjsonEventFormat(LIMITS), "samples/powershell-4104.ndjson");
    }

    @TestFactory
    Stream<DynamicTest> hec() {
        return cases("hec", new HecEventFormat(LIMITS), "samples/hec-event.json");
    }

    @TestFactory
    Stream<DynamicTest> json() {
        return cases("json", new JsonEventFormat(LIMITS), "samples/powershell-4104.json");
    }

    private Stream<DynamicTest> cases(String name, EventFormat format, String seedResource) {
        byte[] seed = resource(seedResource);
        // batched so a report names the failing seed without 1500 separate entries
        return IntStream.range(0, 10).mapToObj(block -> DynamicTest.dynamicTest(name + " block " + block, () -> {
            for (int i = block * (CASES / 10); i < (block + 1) * (CASES / 10); i++) {
                byte[] body = new Mutator(i * 31L + name.hashCode()).mutate(seed);
                check(format, body, "seed " + i);
            }
        }));
    }

    private static void check(EventFormat format, byte[] body, String label) throws IOException {
        List<Integer> positions = new ArrayList<>();
        EventSink sink = new EventSink() {
            @Override
            public MatchPrefilter prefilter() {
                return MatchPrefilter.NONE;
            }

            @Override
            public void accept(int index, RawEvent event) {
                positions.add(index);
                assertThat(event.fields()).as(label).isInstanceOf(Map.class);
            }

            @Override
            public void reject(int index, String reason) {
                positions.add(index);
                assertThat(reason).as(label).isNotBlank();
            }

            @Override
            public void skip(int index) {
                positions.add(index);
            }
        };
        try {
            format.parse(new ByteArrayInputStream(body), sink);
        } catch (UnusableBodyException refused) {
            assertThat(refused.getMessage()).as(label).isNotBlank();
        } catch (HecEnvelopeException refused) {
            // HEC refuses the whole request; nothing of it is stored (the transaction rolls back)
            assertThat(refused.getMessage()).as(label).isNotBlank();
            assertThat(refused.eventNumber()).as(label).isLessThanOrEqualTo(positions.size());
        }
        for (int i = 0; i < positions.size(); i++) {
            assertThat(positions.get(i)).as(label + ": positions " + positions).isEqualTo(i);
        }
    }

    private static byte[] resource(String name) {
        try (InputStream in = ParserMutationTest.class.getClassLoader().getResourceAsStream(name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
