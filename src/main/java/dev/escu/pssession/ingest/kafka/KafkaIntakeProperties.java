package dev.escu.pssession.ingest.kafka;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The Kafka intake ({@code pssession.kafka.*}). The broker, security and consumer tuning are Spring
 * Boot's own {@code spring.kafka.*} properties.
 *
 * @param enabled            consume from Kafka; off by default (HTTP only, nothing connects to a broker)
 * @param topics             the topics to consume, each {@code name} or {@code name:format} with format
 *                           {@code json}, {@code ndjson}, {@code xml} or {@code hec}
 * @param defaultFormat      the format of a topic listed without one
 * @param formatHeader       a record header naming the record's own format (a format name or a
 *                           Content-Type the HTTP intake takes); it wins over the topic's
 * @param deadLetterTopic    where records that cannot be read go; {@code {topic}} stands for the record's topic
 * @param groupId            the consumer group: instances with the same group share the partitions
 * @param concurrency        consumers (threads) per instance
 * @param retryBackoff       first wait before a batch is tried again while the database is away
 * @param retryBackoffMax    longest wait between two tries
 * @param shutdownTimeout    how long a stopping instance waits for the batch in hand to be stored and committed
 */
@ConfigurationProperties("pssession.kafka")
public record KafkaIntakeProperties(
        @DefaultValue("false") boolean enabled,
        @DefaultValue List<String> topics,
        @DefaultValue("json") String defaultFormat,
        @DefaultValue("content-type") String formatHeader,
        @DefaultValue("{topic}.DLT") String deadLetterTopic,
        @DefaultValue("pssession-detector") String groupId,
        @DefaultValue("1") int concurrency,
        @DefaultValue("1s") Duration retryBackoff,
        @DefaultValue("30s") Duration retryBackoffMax,
        @DefaultValue("20s") Duration shutdownTimeout) {

    /** Topic name to format, in the order configured. */
    Map<String, RecordFormat> topicFormats() {
        RecordFormat fallback = RecordFormat.of(defaultFormat).orElseThrow(() -> new IllegalArgumentException(
                "pssession.kafka.default-format: unknown format '" + defaultFormat + "' (json, ndjson, xml or hec)"));
        Map<String, RecordFormat> formats = new LinkedHashMap<>();
        for (String topic : topics) {
            String entry = topic.strip();
            if (entry.isEmpty()) {
                continue;
            }
            int colon = entry.indexOf(':');
            String name = colon < 0 ? entry : entry.substring(0, colon).strip();
            RecordFormat format = colon < 0 ? fallback : RecordFormat.of(entry.substring(colon + 1)).orElseThrow(
                    () -> new IllegalArgumentException("pssession.kafka.topics: unknown format in '" + entry
                            + "' (json, ndjson, xml or hec)"));
            if (name.isEmpty() || !name.matches("[a-zA-Z0-9._-]+")) {
                throw new IllegalArgumentException("pssession.kafka.topics: '" + entry + "' is not a topic name");
            }
            formats.put(name, format);
        }
        if (formats.isEmpty()) {
            throw new IllegalArgumentException("pssession.kafka.enabled is true but pssession.kafka.topics names no topic");
        }
        return formats;
    }

    String deadLetterTopicOf(String topic) {
        return deadLetterTopic.replace("{topic}", topic);
    }
}
