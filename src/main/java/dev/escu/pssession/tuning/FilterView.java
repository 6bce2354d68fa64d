package dev.escu.pssession.tuning;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import io.swagger.v3.oas.annotations.media.Schema;

/** A tuning rule as the API shows it. */
@Schema(example = """
        {"id": "0b6c7a52-5d8e-4a8e-9a51-3a0f3f0d9c11", "detection": "a4e8f3a4-48b2-11ec-bcfc-3e22fbd008af",
         "conditions": {"dest": "ADMIN-JUMP-*"}, "reason": "Jump hosts run remote admin sessions all day",
         "createdBy": "alice", "createdAt": "2026-03-10T09:00:00Z", "updatedBy": "alice",
         "updatedAt": "2026-03-10T09:00:00Z", "expiresAt": "2026-06-30T00:00:00Z", "active": true, "version": 0}""")
record FilterView(UUID id, String detection, Map<String, String> conditions, String reason,
                  String createdBy, Instant createdAt, String updatedBy, Instant updatedAt,
                  @Schema(description = "when it stops filtering; null for a permanent rule", types = {"string", "null"},
                          format = "date-time") Instant expiresAt,
                  @Schema(description = "whether it filters now (not expired)") boolean active, long version) {
}
