package dev.escu.pssession.tuning;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.MapKeyColumn;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/** A tuning rule: drops result rows whose fields match all of its conditions, until it expires. */
@Entity
@Table(name = "detection_filter")
class FilterRule {

    @Id
    private UUID id;

    @Column(name = "detection_id", nullable = false)
    private String detectionId;

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "detection_filter_condition", joinColumns = @JoinColumn(name = "filter_id"))
    @MapKeyColumn(name = "field")
    @Column(name = "pattern", nullable = false)
    private Map<String, String> conditions = new LinkedHashMap<>();

    @Column(nullable = false)
    private String reason;

    @Column(name = "created_by", nullable = false)
    private String createdBy;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "updated_by", nullable = false)
    private String updatedBy;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    @Column(name = "expires_at")
    private Instant expiresAt;

    @Version
    private long version;

    protected FilterRule() {
    }

    FilterRule(String detectionId, String actor, Instant now) {
        this.id = UUID.randomUUID();
        this.detectionId = detectionId;
        this.createdBy = actor;
        this.createdAt = now;
        changedBy(actor, now);
    }

    void define(Map<String, String> conditions, String reason, Instant expiresAt, String actor, Instant now) {
        this.conditions.clear();
        this.conditions.putAll(conditions);
        this.reason = reason;
        this.expiresAt = expiresAt;
        changedBy(actor, now);
    }

    /** Who changed the rule last, and when: its creation counts as its first change. */
    private void changedBy(String actor, Instant now) {
        this.updatedBy = actor;
        this.updatedAt = now;
    }

    boolean activeAt(Instant now) {
        return expiresAt == null || now.isBefore(expiresAt);
    }

    UUID id() {
        return id;
    }

    String detectionId() {
        return detectionId;
    }

    Map<String, String> conditions() {
        return Map.copyOf(conditions);
    }

    Instant expiresAt() {
        return expiresAt;
    }

    /** The rule as the API shows it, and whether it filters at {@code now}. */
    FilterView view(Instant now) {
        return new FilterView(id, detectionId, conditions(), reason, createdBy, createdAt, updatedBy, updatedAt, expiresAt,
                activeAt(now), version);
    }
}
