package dev.escu.pssession.findings;

import java.time.Instant;

import org.springframework.data.jpa.domain.Specification;

/** The findings list's filters. */
final class FindingSpecifications {

    private FindingSpecifications() {
    }

    static Specification<Finding> detection(String detectionId) {
        return (root, query, cb) -> detectionId == null ? null : cb.equal(root.get("detectionId"), detectionId);
    }

    /** dest compared case-insensitively, as Splunk's search command does. */
    static Specification<Finding> dest(String dest) {
        return (root, query, cb) -> dest == null ? null : cb.equal(cb.lower(root.get("dest")), cb.lower(cb.literal(dest)));
    }

    /** Findings active in the range: seen at or after earliest, and before latest. */
    static Specification<Finding> activeBetween(Instant earliest, Instant latest) {
        return (root, query, cb) -> {
            if (earliest == null && latest == null) {
                return null;
            }
            if (earliest == null) {
                return cb.lessThan(root.get("firstTime"), latest);
            }
            if (latest == null) {
                return cb.greaterThanOrEqualTo(root.get("lastTime"), earliest);
            }
            return cb.and(cb.greaterThanOrEqualTo(root.get("lastTime"), earliest), cb.lessThan(root.get("firstTime"), latest));
        };
    }
}
