package dev.escu.pssession.findings;

import java.time.Instant;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.JpaSpecificationExecutor;
import org.springframework.data.jpa.repository.Query;

interface FindingRepository extends JpaRepository<Finding, Long>, JpaSpecificationExecutor<Finding> {

    /** Counting stops here: beyond it, an exact total would cost more than the page itself. */
    int COUNT_LIMIT = 10_000;

    /** The findings list's filters (see {@link FindingSpecifications}), counted up to {@link #COUNT_LIMIT} + 1. */
    @Query(nativeQuery = true, value = """
            SELECT count(*) FROM (
                SELECT 1 FROM finding
                WHERE (CAST(:detection AS text) IS NULL OR detection_id = :detection)
                  AND (CAST(:dest AS text) IS NULL OR lower(dest) = lower(CAST(:dest AS text)))
                  AND (CAST(:earliest AS timestamptz) IS NULL OR last_time >= :earliest)
                  AND (CAST(:latest AS timestamptz) IS NULL OR first_time < :latest)
                LIMIT 10001) AS capped""")
    long countCapped(String detection, String dest, Instant earliest, Instant latest);
}
