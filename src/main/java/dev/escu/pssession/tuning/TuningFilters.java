package dev.escu.pssession.tuning;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import dev.escu.pssession.detection.ResultFilter;
import dev.escu.pssession.detection.ResultRow;
import dev.escu.pssession.detection.escu.EscuDetection;

/**
 * The detections' {@code _filter} macros as the engine sees them: Splunk ships each as a pass-through
 * that admins edit; here they are rules kept in the database ({@link FilterRules} edits them), and
 * {@link #activeFilter} is what the engine asks, from a copy read at most once per refresh period.
 */
@Service
public class TuningFilters {

    private final FilterRuleRepository rules;
    private final long refreshNanos;
    private volatile Loaded loaded;

    /** The rules as last read, compiled, and when they were read. */
    private record Loaded(List<CompiledRule> rules, long readAtNanos) {
    }

    TuningFilters(FilterRuleRepository rules, TuningProperties properties) {
        this.rules = rules;
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
    void forgetAfterCommit() {
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
