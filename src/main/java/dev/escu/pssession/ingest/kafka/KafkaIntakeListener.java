package dev.escu.pssession.ingest.kafka;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.kafka.listener.BatchMessageListener;
import org.springframework.kafka.support.Acknowledgment;

import dev.escu.pssession.ingest.EventFormats;
import dev.escu.pssession.ingest.EventIntake;
import dev.escu.pssession.ingest.IngestDefaults;
import dev.escu.pssession.ingest.IngestReport;
import dev.escu.pssession.ingest.format.EventFormat;
import dev.escu.pssession.web.DatabaseFailures;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * One poll's records, stored as one batch: {@link RecordBatch} turns them into one body for
 * {@link EventIntake#ingest}, which parses, detects and stores them in one PostgreSQL transaction;
 * then the records that cannot be read go to the dead-letter topic. Only when this returns does the
 * container commit the poll's offsets (ack mode BATCH), so whatever is committed is stored, and a
 * record delivered again (after a crash, a rebalance, a retry) changes no count: events are idempotent.
 *
 * <p>A database that is away is thrown to the container's error handler, which tries the same batch
 * again with back-off, without committing and without polling further records (the partitions stay
 * paused meanwhile); nothing is skipped. Any other failure of a whole batch (which no record should
 * cause) makes the listener store its records one at a time, so only a record that fails on its own
 * goes to the dead-letter topic.
 */
class KafkaIntakeListener implements BatchMessageListener<ByteBuffer, ByteBuffer> {

    private static final Logger log = LoggerFactory.getLogger(KafkaIntakeListener.class);

    private final EventIntake intake;
    private final EventFormats parsers;
    private final Map<String, RecordFormat> topicFormats;
    private final String formatHeader;
    private final DeadLetterPublisher deadLetters;
    private final KafkaIntakeState state;
    private final Counter recordsRead;
    private final Counter recordsDeadLettered;

    KafkaIntakeListener(EventIntake intake, EventFormats parsers, KafkaIntakeProperties properties,
                        DeadLetterPublisher deadLetters, KafkaIntakeState state, MeterRegistry registry) {
        this.intake = intake;
        this.parsers = parsers;
        this.topicFormats = properties.topicFormats();
        this.formatHeader = properties.formatHeader();
        this.deadLetters = deadLetters;
        this.state = state;
        this.recordsRead = Counter.builder("pssession.kafka.records").description("Kafka records stored or dead-lettered")
                .tag("outcome", "read").register(registry);
        this.recordsDeadLettered = Counter.builder("pssession.kafka.records")
                .description("Kafka records stored or dead-lettered").tag("outcome", "dead-lettered").register(registry);
    }

    /** The poll's records as the consumer returned them: no list of them is built first. */
    @Override
    public boolean wantsPollResult() {
        return true;
    }

    @Override
    public void onMessage(ConsumerRecords<ByteBuffer, ByteBuffer> records, Acknowledgment acknowledgment,
                          Consumer<ByteBuffer, ByteBuffer> consumer) {
        store(records, records.count());
    }

    @Override
    public void onMessage(List<ConsumerRecord<ByteBuffer, ByteBuffer>> records) {
        store(records, records.size());
    }

    private void store(Iterable<ConsumerRecord<ByteBuffer, ByteBuffer>> records, int count) {
        if (count == 0) {
            return;
        }
        List<RecordBatch.DeadLetter> letters;
        try {
            RecordBatch batch = batch(records, count);
            letters = batch.deadLetters(ingest(batch));
        } catch (RuntimeException e) {
            if (transientFailure(e)) {
                state.failed(e);
                throw e; // the error handler tries the batch again; nothing is committed meanwhile
            }
            log.warn("A batch of {} Kafka records failed as a whole ({}); storing them one at a time", count, e.toString());
            letters = oneAtATime(records);
        }
        try {
            deadLetters.publish(letters);
        } catch (RuntimeException e) {
            state.failed(e);
            throw e; // tried again, stored again (no count changes) and sent again: at least once
        }
        for (RecordBatch.DeadLetter letter : letters) {
            ConsumerRecord<ByteBuffer, ByteBuffer> record = letter.record();
            log.info("Kafka record {}-{}@{} sent to the dead-letter topic: {}", record.topic(), record.partition(),
                    record.offset(), letter.reason());
        }
        recordsRead.increment(count);
        recordsDeadLettered.increment(letters.size());
        state.stored(count);
    }

    private List<RecordBatch.DeadLetter> oneAtATime(Iterable<ConsumerRecord<ByteBuffer, ByteBuffer>> records) {
        List<RecordBatch.DeadLetter> letters = new ArrayList<>();
        for (ConsumerRecord<ByteBuffer, ByteBuffer> record : records) {
            RecordBatch alone = batch(List.of(record), 1);
            try {
                letters.addAll(alone.deadLetters(ingest(alone)));
            } catch (RuntimeException e) {
                if (transientFailure(e)) {
                    state.failed(e);
                    throw e; // the records stored so far are stored again on the next try: no count changes
                }
                log.error("Kafka record {}-{}@{} cannot be stored", record.topic(), record.partition(), record.offset(), e);
                letters.add(new RecordBatch.DeadLetter(record, "The record could not be stored: " + e, 0));
            }
        }
        return letters;
    }

    private IngestReport ingest(RecordBatch batch) {
        try {
            // every rejection listed, so each one finds its record
            return intake.ingest(batch, InputStream.nullInputStream(), IngestDefaults.NONE, Integer.MAX_VALUE);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // records are in memory: not expected
        }
    }

    RecordBatch batch(Iterable<ConsumerRecord<ByteBuffer, ByteBuffer>> records, int count) {
        List<RecordBatch.Entry> entries = new ArrayList<>(count);
        for (ConsumerRecord<ByteBuffer, ByteBuffer> record : records) {
            entries.add(entry(record));
        }
        return new RecordBatch(entries, parsers.ndjson(), this::parser);
    }

    private RecordBatch.Entry entry(ConsumerRecord<ByteBuffer, ByteBuffer> record) {
        Header header = formatHeader.isEmpty() ? null : record.headers().lastHeader(formatHeader);
        if (header != null && header.value() != null) {
            String named = new String(header.value(), StandardCharsets.UTF_8);
            return RecordFormat.of(named)
                    .map(format -> new RecordBatch.Entry(record, format, null))
                    .orElseGet(() -> new RecordBatch.Entry(record, null, "Unsupported " + formatHeader + " '" + named
                            + "': send json, ndjson, xml or hec, or application/json, application/x-ndjson, "
                            + "application/xml or text/xml."));
        }
        RecordFormat format = topicFormats.get(record.topic());
        if (format == null) { // a topic the container follows but the configuration does not name (not expected)
            return new RecordBatch.Entry(record, null, "No format is configured for topic " + record.topic() + ".");
        }
        return new RecordBatch.Entry(record, format, null);
    }

    private EventFormat parser(RecordFormat format) {
        return switch (format) {
            case JSON -> parsers.json();
            case NDJSON -> parsers.ndjson();
            case XML -> parsers.xml();
            case HEC -> parsers.hec();
        };
    }

    /** The database is away, or a transaction lost to another (deadlock, serialisation): try again later. */
    static boolean transientFailure(Throwable error) {
        if (DatabaseFailures.unavailable(error)) {
            return true;
        }
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof TransientDataAccessException
                    || t instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("40")) {
                return true;
            }
        }
        return false;
    }
}
