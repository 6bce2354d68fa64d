package dev.escu.pssession.findings;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.JpaSpecificationExecutor;

interface FindingRepository extends JpaRepository<Finding, Long>, JpaSpecificationExecutor<Finding> {
}
