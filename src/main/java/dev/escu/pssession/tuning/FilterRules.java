package dev.escu.pssession.tuning;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.escu.pssession.catalog.DetectionCatalog;
import dev.escu.pssession.detection.ResultRow;
import dev.escu.pssession.detection.escu.EscuDetection;

/** Editing the filter rules: each change is logged, and the engine's copy is read again after it commits. */
@Service
class FilterRules {

    private final FilterRuleRepository rules;
    private final FilterChangeLog changes;
    private final DetectionCatalog catalog;
    private final TuningFilters tuning;
    private final Clock clock;

    FilterRules(FilterRuleRepository rules, FilterChangeLog changes, DetectionCatalog catalog, TuningFilters tuning,
                Clock clock) {
        this.rules = rules;
        this.changes = changes;
        this.catalog = catalog;
        this.tuning = tuning;
        this.clock = clock;
    }

    /** No filter of this id on the detection. */
    static final class FilterNotFoundException extends RuntimeException {
        FilterNotFoundException(String message) {
            super(message);
        }
    }

    /** A filter that cannot apply: a field the detection's rows lack, or an expiry in the past. */
    static final class InvalidFilterException extends RuntimeException {
        final String field;
        final String value;

        /** @param field the body field that is wrong, @param value what it was given */
        InvalidFilterException(String field, String value, String message) {
            super(message);
            this.field = field;
            this.value = value;
        }
    }

    @Transactional(readOnly = true)
    List<FilterView> list(String detectionId) {
        EscuDetection detection = detection(detectionId);
        Instant now = clock.instant();
        return rules.findByDetectionIdOrderByCreatedAtAscIdAsc(detection.id()).stream()
                .map(rule -> rule.view(now)).toList();
    }

    @Transactional(readOnly = true)
    FilterView get(String detectionId, UUID filterId) {
        return rule(detection(detectionId), filterId).view(clock.instant());
    }

    @Transactional
    FilterView create(String detectionId, FilterRequest request, String actor) {
        EscuDetection detection = detection(detectionId);
        return define(detection, new FilterRule(detection.id(), actor, clock.instant()), request, actor, "created");
    }

    @Transactional
    FilterView replace(String detectionId, UUID filterId, FilterRequest request, String actor) {
        EscuDetection detection = detection(detectionId);
        return define(detection, rule(detection, filterId), request, actor, "replaced");
    }

    /** Gives {@code rule} the request's conditions, stores and logs it; the engine reads the rules again after commit. */
    private FilterView define(EscuDetection detection, FilterRule rule, FilterRequest request, String actor, String change) {
        Instant now = clock.instant();
        validate(detection, request, now);
        rule.define(request.conditions(), request.reason(), request.expiresAt(), actor, now);
        FilterView view = rules.saveAndFlush(rule).view(now);
        changes.record(change, view, actor);
        tuning.forgetAfterCommit();
        return view;
    }

    @Transactional
    void delete(String detectionId, UUID filterId, String actor) {
        FilterRule rule = rule(detection(detectionId), filterId);
        FilterView view = rule.view(clock.instant());
        rules.delete(rule);
        changes.record("deleted", view, actor);
        tuning.forgetAfterCommit();
    }

    private EscuDetection detection(String id) {
        return catalog.require(id);
    }

    private FilterRule rule(EscuDetection detection, UUID filterId) {
        return rules.findById(filterId)
                .filter(rule -> rule.detectionId().equals(detection.id()))
                .orElseThrow(() -> new FilterNotFoundException("No filter " + filterId + " on detection " + detection.id() + "."));
    }

    private static void validate(EscuDetection detection, FilterRequest request, Instant now) {
        for (String field : request.conditions().keySet()) {
            if (!ResultRow.fieldsOf(detection).contains(field)) {
                throw new InvalidFilterException("conditions", field, "'" + field
                        + "' is not a result field of this detection; use one of " + ResultRow.fieldsOf(detection) + ".");
            }
        }
        if (request.expiresAt() != null && !request.expiresAt().isAfter(now)) {
            throw new InvalidFilterException("expiresAt", request.expiresAt().toString(),
                    "expiresAt lies in the past: the filter would never apply.");
        }
    }
}
