package dev.escu.pssession.ingest;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

import dev.escu.pssession.ingest.format.ParseLimits;

/**
 * Ingest limits and batching ({@code pssession.ingest.*}).
 *
 * @param maxBodySize        largest body, counted both as sent and after gunzip
 * @param maxCompressionRatio a gzip body may not inflate more than this many times (gzip bombs)
 * @param maxEventSize       largest single event
 * @param maxEvents          most events in one body
 * @param maxDepth           deepest nesting of JSON objects or XML elements
 * @param maxFieldLength     longest field value, in characters
 * @param maxRejectionsListed how many rejected events the report lists one by one
 * @param stageChunk         matched events held in memory before they are staged in the database
 * @param splitBlockWait     how long a script block logged in parts waits for its missing parts before it is
 *                           judged on what came (and marked incomplete)
 * @param concurrentBatches  how many HTTP batches write to the database at once; the others wait their turn
 *                           ({@link IngestTurns})
 * @param admissionWait      how long a batch waits for its turn before it is answered 503 (busy, retry)
 */
@ConfigurationProperties("pssession.ingest")
public record IngestProperties(
        @DefaultValue("2GB") DataSize maxBodySize,
        @DefaultValue("200") int maxCompressionRatio,
        @DefaultValue("1MB") DataSize maxEventSize,
        @DefaultValue("5000000") int maxEvents,
        @DefaultValue("32") int maxDepth,
        @DefaultValue("1000000") int maxFieldLength,
        @DefaultValue("1000") int maxRejectionsListed,
        @DefaultValue("2000") int stageChunk,
        @DefaultValue("10m") java.time.Duration splitBlockWait,
        @DefaultValue("4") int concurrentBatches,
        @DefaultValue("30s") java.time.Duration admissionWait) {

    public IngestProperties {
        if (concurrentBatches < 1) {
            throw new IllegalArgumentException("pssession.ingest.concurrent-batches must be at least 1, not " + concurrentBatches);
        }
        if (admissionWait.isNegative()) {
            throw new IllegalArgumentException("pssession.ingest.admission-wait must not be negative, not " + admissionWait);
        }
    }

    public ParseLimits parseLimits() {
        return new ParseLimits((int) Math.min(Integer.MAX_VALUE - 8, maxEventSize.toBytes()), maxDepth,
                maxFieldLength, maxEvents);
    }
}
