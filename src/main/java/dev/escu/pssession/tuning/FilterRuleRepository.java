package dev.escu.pssession.tuning;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface FilterRuleRepository extends JpaRepository<FilterRule, UUID> {

    List<FilterRule> findByDetectionIdOrderByCreatedAtAsc(String detectionId);

    @Query("select f from FilterRule f where f.expiresAt is null or f.expiresAt > :now")
    List<FilterRule> findActive(Instant now);
}
