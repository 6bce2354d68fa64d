package dev.escu.pssession.ingest.kafka;

import java.nio.ByteBuffer;
import java.util.List;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;

/**
 * {@code kafkaIntake} in {@code /actuator/health}: {@code running}, {@code paused} (batches wait for
 * the database, or the container was paused) or {@code stopped} (DOWN), with the partitions this
 * instance holds. Not part of the readiness group: a Kafka problem does not take the HTTP intake out
 * of its Service.
 */
class KafkaIntakeHealthIndicator implements HealthIndicator {

    private final ConcurrentMessageListenerContainer<ByteBuffer, ByteBuffer> container;
    private final KafkaIntakeState state;
    private final String groupId;
    private final List<String> topics;

    KafkaIntakeHealthIndicator(ConcurrentMessageListenerContainer<ByteBuffer, ByteBuffer> container, KafkaIntakeState state,
                               KafkaIntakeProperties properties) {
        this.container = container;
        this.state = state;
        this.groupId = properties.groupId();
        this.topics = List.copyOf(properties.topicFormats().keySet()); // parsed once, not at every probe
    }

    @Override
    public Health health() {
        KafkaIntakeState.Snapshot last = state.snapshot();
        boolean running = container.isRunning() && container.isChildRunning();
        boolean paused = container.isContainerPaused() || container.isPauseRequested() || last.failingSince() != null;
        Health.Builder health = running ? Health.up() : Health.down();
        health.withDetail("state", !running ? "stopped" : paused ? "paused" : "running");
        health.withDetail("groupId", groupId);
        health.withDetail("topics", topics);
        List<String> assigned = container.getAssignedPartitions() == null ? List.of()
                : container.getAssignedPartitions().stream().map(Object::toString).sorted().toList();
        health.withDetail("assignedPartitions", assigned);
        health.withDetail("records", last.records());
        if (last.lastBatch() != null) {
            health.withDetail("lastBatch", last.lastBatch().toString());
        }
        if (last.failingSince() != null) {
            health.withDetail("waitingSince", last.failingSince().toString());
            health.withDetail("waitingFor", String.valueOf(last.lastFailure()));
        }
        return health.build();
    }
}
