package dev.escu.pssession.ingest.kafka;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.KafkaException;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.kafka.support.SendResult;

/**
 * Sends records that cannot be read to the dead-letter topic, unchanged (key, value, headers), with
 * Spring Kafka's {@code kafka_dlt-*} headers (original topic, partition, offset, timestamp; the reason
 * as {@code kafka_dlt-exception-message}) and {@code pssession-reason}. Waits until the broker has
 * them all: the batch's offsets are committed only after that.
 */
class DeadLetterPublisher implements DisposableBean {

    /** The reason a record was dead-lettered, UTF-8. */
    static final String REASON_HEADER = "pssession-reason";
    /** How many of the record's events were rejected (0: the record as a whole), decimal text. */
    static final String REJECTED_EVENTS_HEADER = "pssession-rejected-events";

    private static final long SEND_TIMEOUT_SECONDS = 60;

    private final KafkaTemplate<byte[], byte[]> template;
    private final KafkaIntakeProperties properties;

    DeadLetterPublisher(KafkaTemplate<byte[], byte[]> template, KafkaIntakeProperties properties) {
        this.template = template;
        this.properties = properties;
    }

    /** Closes the producer of the dead-letter records. */
    @Override
    public void destroy() throws Exception {
        if (template.getProducerFactory() instanceof DisposableBean factory) {
            factory.destroy();
        }
    }

    void publish(List<RecordBatch.DeadLetter> letters) {
        if (letters.isEmpty()) {
            return;
        }
        List<CompletableFuture<SendResult<byte[], byte[]>>> sent = new ArrayList<>(letters.size());
        for (RecordBatch.DeadLetter letter : letters) {
            sent.add(template.send(deadLetter(letter)));
        }
        for (CompletableFuture<SendResult<byte[], byte[]>> result : sent) {
            try {
                result.get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new KafkaException("interrupted while sending to the dead-letter topic", e);
            } catch (ExecutionException | TimeoutException e) {
                throw new KafkaException("could not send to the dead-letter topic: " + e.getMessage(), e);
            }
        }
    }

    private ProducerRecord<byte[], byte[]> deadLetter(RecordBatch.DeadLetter letter) {
        ConsumerRecord<ByteBuffer, ByteBuffer> record = letter.record();
        RecordHeaders headers = new RecordHeaders();
        for (Header header : record.headers()) {
            headers.add(header);
        }
        headers.add(KafkaHeaders.DLT_ORIGINAL_TOPIC, record.topic().getBytes(StandardCharsets.UTF_8));
        headers.add(KafkaHeaders.DLT_ORIGINAL_PARTITION, ByteBuffer.allocate(Integer.BYTES).putInt(record.partition()).array());
        headers.add(KafkaHeaders.DLT_ORIGINAL_OFFSET, ByteBuffer.allocate(Long.BYTES).putLong(record.offset()).array());
        headers.add(KafkaHeaders.DLT_ORIGINAL_TIMESTAMP, ByteBuffer.allocate(Long.BYTES).putLong(record.timestamp()).array());
        headers.add(KafkaHeaders.DLT_EXCEPTION_MESSAGE, letter.reason().getBytes(StandardCharsets.UTF_8));
        headers.add(REASON_HEADER, letter.reason().getBytes(StandardCharsets.UTF_8));
        headers.add(REJECTED_EVENTS_HEADER, String.valueOf(letter.rejectedEvents()).getBytes(StandardCharsets.US_ASCII));
        return new ProducerRecord<>(properties.deadLetterTopicOf(record.topic()), null, bytes(record.key()), bytes(record.value()),
                headers);
    }

    private static byte[] bytes(ByteBuffer buffer) {
        return buffer == null ? null : RecordBatch.bytes(buffer);
    }
}
