package dev.escu.pssession.tuning;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import dev.escu.pssession.catalog.DetectionCatalog;
import dev.escu.pssession.detection.ResultFilter;
import dev.escu.pssession.detection.ResultRow;
import dev.escu.pssession.detection.escu.EscuDetection;
import dev.escu.pssession.web.ApiProblem;

/**
 * The detections' {@code _filter} macros. Splunk ships each as a pass-through that admins edit;
 * here they are rules kept in the database, and {@link #activeFilter} is what the engine asks.
 */
@Service
public class TuningFilters {

    private final FilterRuleRepository rules;
    private final FilterChangeLog changes;
    private final DetectionCatalog catalog;
    private final Clock clock;
    private final long refreshNanos;
    private volatile Loaded loaded;

    /** The rules as last read, compiled, and when they were read. */
    private record Loaded(List<CompiledRule> rules, long readAtNanos) {
    }

    TuningFilters(FilterRuleRepository rules, FilterChangeLog changes, DetectionCatalog catalog, Clock clock,
                  TuningProperties properties) {
        this.rules = rules;
        this.changes = changes;
        this.catalog = catalog;
        this.clock = clock;
        this.refreshNanos = properties.refresh().toNanos();
    }

    /** The rules in force at {@code now}, for one batch: a row is dropped if any rule matches all its conditions. */
    public ResultFilter activeFilter(Instant now) {
        Map<String, List<CompiledRule>> byDetection = new HashMap<>();
        for (CompiledRule rule : current().rules()) {
            if (rule.activeAt(now)) {
                byDetection.computeIfAbsent(rule.detectionId(), id -> new ArrayList<>()).add(rule);
            }
        }
        if (byDetection.isEmpty()) {
            return ResultFilter.NONE;
        }
        return new ResultFilter() {
            @Override
            public Optional<String> drops(EscuDetection detection, ResultRow row) {
                for (CompiledRule rule : byDetection.getOrDefault(detection.id(), List.of())) {
                    if (rule.matches(row)) {
                        return Optional.of(rule.id().toString());
                    }
                }
                return Optional.empty();
            }

            @Override
            public boolean keepsEverythingOf(EscuDetection detection) {
                return !byDetection.containsKey(detection.id());
            }
        };
    }

    // Read once per refresh period rather than once per request: ingest requests are many.
    private Loaded current() {
        Loaded now = loaded;
        if (now == null || System.nanoTime() - now.readAtNanos() >= refreshNanos) {
            long readAt = System.nanoTime();
            now = new Loaded(rules.findAll().stream().map(CompiledRule::of).toList(), readAt);
            loaded = now;
        }
        return now;
    }

    // After a change commits, the next request reads the rules again.
    private void forgetAfterCommit() {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    loaded = null;
                }
            });
        } else {
            loaded = null;
        }
    }

    @Transactional(readOnly = true)
    List<FilterView> list(String detectionId) {
        EscuDetection detection = detection(detectionId);
        Instant now = clock.instant();
        return rules.findByDetectionIdOrderByCreatedAtAscIdAsc(detection.id()).stream()
                .map(rule -> FilterView.of(rule, now)).toList();
    }

    @Transactional(readOnly = true)
    FilterView get(String detectionId, UUID filterId) {
        return FilterView.of(rule(detection(detectionId), filterId), clock.instant());
    }

    @Transactional
    FilterView create(String detectionId, FilterRequest request, String actor) {
        EscuDetection detection = detection(detectionId);
        Instant now = clock.instant();
        validate(detection, request, now);
        FilterRule rule = new FilterRule(detection.id(), actor, now);
        rule.define(request.conditions(), request.reason(), request.expiresAt(), actor, now);
        FilterView view = FilterView.of(rules.saveAndFlush(rule), now);
        changes.record("created", view, actor);
        forgetAfterCommit();
        return view;
    }

    @Transactional
    FilterView replace(String detectionId, UUID filterId, FilterRequest request, String actor) {
        EscuDetection detection = detection(detectionId);
        Instant now = clock.instant();
        validate(detection, request, now);
        FilterRule rule = rule(detection, filterId);
        rule.define(request.conditions(), request.reason(), request.expiresAt(), actor, now);
        FilterView view = FilterView.of(rules.saveAndFlush(rule), now);
        changes.record("replaced", view, actor);
        forgetAfterCommit();
        return view;
    }

    @Transactional
    void delete(String detectionId, UUID filterId, String actor) {
        FilterRule rule = rule(detection(detectionId), filterId);
        FilterView view = FilterView.of(rule, clock.instant());
        rules.delete(rule);
        changes.record("deleted", view, actor);
        forgetAfterCommit();
    }

    private EscuDetection detection(String id) {
        return catalog.require(id);
    }

    private FilterRule rule(EscuDetection detection, UUID filterId) {
        return rules.findById(filterId)
                .filter(rule -> rule.detectionId().equals(detection.id()))
                .orElseThrow(() -> ApiProblem.notFound("No filter " + filterId + " on detection " + detection.id() + "."));
    }

    private static void validate(EscuDetection detection, FilterRequest request, Instant now) {
        for (String field : request.conditions().keySet()) {
            if (!ResultRow.fieldsOf(detection).contains(field)) {
                throw new ApiProblem(HttpStatus.BAD_REQUEST, "invalid-filter", "Invalid filter",
                        "'" + field + "' is not a result field of this detection; use one of " + ResultRow.fieldsOf(detection) + ".");
            }
        }
        if (request.expiresAt() != null && !request.expiresAt().isAfter(now)) {
            throw new ApiProblem(HttpStatus.BAD_REQUEST, "invalid-filter", "Invalid filter",
                    "expiresAt lies in the past: the filter would never apply.");
        }
    }

    /** A rule with its patterns compiled. */
    private record CompiledRule(UUID id, String detectionId, Instant expiresAt, Map<String, WildcardPattern> patterns) {

        static CompiledRule of(FilterRule rule) {
            Map<String, WildcardPattern> patterns = new HashMap<>();
            rule.conditions().forEach((field, pattern) -> patterns.put(field, WildcardPattern.of(pattern)));
            return new CompiledRule(rule.id(), rule.detectionId(), rule.expiresAt(), patterns);
        }

        boolean activeAt(Instant now) {
            return expiresAt == null || now.isBefore(expiresAt);
        }

        boolean matches(ResultRow row) {
            for (Map.Entry<String, WildcardPattern> condition : patterns.entrySet()) {
                if (!condition.getValue().matches(row.field(condition.getKey()))) {
                    return false;
                }
            }
            return true;
        }
    }
}
