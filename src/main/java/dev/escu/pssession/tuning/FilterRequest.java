package dev.escu.pssession.tuning;

import java.time.Instant;
import java.util.Map;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Size;

/** A tuning rule to create or replace. */
@Schema(example = """
        {"conditions": {"dest": "ADMIN-JUMP-*", "user_id": "S-1-5-21-*-500"},
         "reason": "Jump hosts run remote admin sessions all day", "expiresAt": "2026-06-30T00:00:00Z"}""")
record FilterRequest(
        @Schema(description = "result field -> Splunk-style pattern (* matches any run of characters, case ignored); all must match")
        @NotEmpty @Size(max = 13) Map<String, @NotBlank @Size(max = 1000) String> conditions,
        @Schema(description = "why these results are known to be good") @NotBlank @Size(max = 2000) String reason,
        @Schema(description = "when the rule stops filtering (ISO-8601); none for a permanent rule") Instant expiresAt) {
}
