package dev.escu.pssession.tuning;

import java.util.List;
import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;

interface FilterRuleRepository extends JpaRepository<FilterRule, UUID> {

    List<FilterRule> findByDetectionIdOrderByCreatedAtAscIdAsc(String detectionId);

}
