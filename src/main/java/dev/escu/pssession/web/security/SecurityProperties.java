package dev.escu.pssession.web.security;

import java.nio.file.Path;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Access settings ({@code pssession.security.*}).
 *
 * @param apiKeys          the accepted API keys, several per role for rotation; only their SHA-256 is
 *                         configured, never the key itself
 * @param hecQueryToken    also accept a HEC token as {@code ?token=} on /services/collector (as
 *                         Splunk does when enabled); off by default, as query strings end up in logs
 * @param generatedKeyFile where the hash of the admin key generated on a first run without keys is
 *                         kept, so that the key printed once keeps working after a restart
 * @param jwt              OAuth2 JWT settings, used when Spring's
 *                         {@code spring.security.oauth2.resourceserver.jwt.issuer-uri} is set
 */
@ConfigurationProperties("pssession.security")
public record SecurityProperties(List<ApiKey> apiKeys, @DefaultValue("false") boolean hecQueryToken,
                                 @DefaultValue("data/generated-admin-key.sha256") Path generatedKeyFile,
                                 @DefaultValue Jwt jwt) {

    public SecurityProperties {
        apiKeys = apiKeys == null ? List.of() : List.copyOf(apiKeys);
    }

    /**
     * @param name   who holds the key (shown as the actor in audit logs)
     * @param role   ingest, analyst or admin
     * @param sha256 hex SHA-256 of the key ({@code printf %s "$KEY" | sha256sum})
     */
    public record ApiKey(String name, Role role, String sha256) {
    }

    /**
     * @param scopePrefix a prefix of the scopes that name roles ({@code pssession:admin}); scopes
     *                    {@code ingest}, {@code analyst}, {@code admin} without it are also taken
     */
    public record Jwt(@DefaultValue("pssession:") String scopePrefix) {
    }
}
