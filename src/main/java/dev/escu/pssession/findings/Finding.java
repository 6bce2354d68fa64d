package dev.escu.pssession.findings;

import java.time.Instant;
import java.util.List;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * One result row of a detection, all time: the group-by values and the count, first and last time
 * of its events. Written by {@link FindingRecorder} (batch SQL), read here through JPA.
 */
@Entity
@Table(name = "finding")
class Finding {

    @Id
    private Long id;

    @Column(name = "detection_id", nullable = false)
    private String detectionId;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "group_values", nullable = false, columnDefinition = "text[]")
    private String[] groupValues;

    @Column(nullable = false)
    private String dest;

    @Column(nullable = false)
    private long count;

    @Column(name = "first_time", nullable = false)
    private Instant firstTime;

    @Column(name = "last_time", nullable = false)
    private Instant lastTime;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    protected Finding() {
    }

    Long id() {
        return id;
    }

    String detectionId() {
        return detectionId;
    }

    List<String> groupValues() {
        return List.of(groupValues);
    }

    String dest() {
        return dest;
    }

    long count() {
        return count;
    }

    Instant firstTime() {
        return firstTime;
    }

    Instant lastTime() {
        return lastTime;
    }
}
