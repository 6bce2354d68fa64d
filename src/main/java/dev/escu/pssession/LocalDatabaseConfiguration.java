package dev.escu.pssession;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.AnnotatedTypeMetadata;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * For a first local run: when no database is configured ({@code spring.datasource.url} unset),
 * start an embedded PostgreSQL whose data stays in a local folder across restarts. Production
 * always names its database, so this never starts there.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(LocalDatabaseConfiguration.NoDatabaseConfigured.class)
class LocalDatabaseConfiguration {

    private static final Logger log = LoggerFactory.getLogger(LocalDatabaseConfiguration.class);

    /**
     * Local database settings ({@code pssession.local-db.*}).
     *
     * @param enabled  start the embedded PostgreSQL when no datasource URL is set
     * @param dataDir  where its data lives
     * @param port     its port; 0 picks a free one
     */
    @ConfigurationProperties("pssession.local-db")
    record LocalDatabaseProperties(@DefaultValue("true") boolean enabled, @DefaultValue("data/postgres") Path dataDir,
                                   @DefaultValue("0") int port) {
    }

    @Bean(destroyMethod = "close")
    EmbeddedPostgres embeddedPostgres(LocalDatabaseProperties properties) throws IOException {
        Path dir = properties.dataDir().toAbsolutePath();
        Files.createDirectories(dir.getParent());
        log.info("No spring.datasource.url set: starting an embedded PostgreSQL with its data in {}", dir);
        // Stopped by this bean's close, after the connection pool that depends on it: the library's own
        // shutdown hook would stop it beside Spring's, under requests still finishing their batches.
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(dir)
                .setCleanDataDirectory(false)
                .setRegisterShutdownHook(false);
        if (properties.port() > 0) {
            builder.setPort(properties.port());
        }
        return builder.start();
    }

    @Bean
    JdbcConnectionDetails embeddedPostgresConnection(EmbeddedPostgres postgres) {
        String url = postgres.getJdbcUrl("postgres", "postgres");
        return new JdbcConnectionDetails() {
            @Override
            public String getUsername() {
                return "postgres";
            }

            @Override
            public String getPassword() {
                return "postgres";
            }

            @Override
            public String getJdbcUrl() {
                return url;
            }
        };
    }

    static class NoDatabaseConfigured implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            var env = context.getEnvironment();
            String url = env.getProperty("spring.datasource.url");
            return (url == null || url.isBlank()) && env.getProperty("pssession.local-db.enabled", Boolean.class, true);
        }
    }
}
