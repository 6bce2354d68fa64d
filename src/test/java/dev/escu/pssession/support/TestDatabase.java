package dev.escu.pssession.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The one real PostgreSQL the test suite runs against, started once per JVM:
 * <ol>
 *   <li>the server named by {@code PSSESSION_TEST_DATABASE_URL} (with {@code _USERNAME} and
 *       {@code _PASSWORD}); the tests empty its tables, so point it at a disposable database;</li>
 *   <li>else a Testcontainers {@code postgres:17} where a Docker engine answers;</li>
 *   <li>else an embedded PostgreSQL 17 (zonky binaries from Maven Central).</li>
 * </ol>
 */
public final class TestDatabase {

    public record Connection(String url, String username, String password, String kind) {
    }

    private static Connection connection;

    private TestDatabase() {
    }

    public static synchronized Connection get() {
        if (connection == null) {
            connection = start();
        }
        return connection;
    }

    // result_columns keeps its rows: they are never changed, and instances remember their numbers
    static final String EMPTY_TABLES = "TRUNCATE risk_event, risk_template, matched_event, finding, detection_filter_condition, "
            + "detection_filter, detection_filter_change, custom_detection, script_block, script_block_part RESTART IDENTITY CASCADE";

    /** Empties the service's tables (after the schema exists), for tests that run without Spring's test context. */
    public static void emptyTables() {
        Connection db = get();
        try (java.sql.Connection connection = java.sql.DriverManager.getConnection(db.url(), db.username(), db.password())) {
            connection.createStatement().execute(EMPTY_TABLES);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Connection start() {
        String url = System.getenv("PSSESSION_TEST_DATABASE_URL");
        if (url != null && !url.isBlank()) {
            return new Connection(url, envOr("PSSESSION_TEST_DATABASE_USERNAME", "postgres"),
                    envOr("PSSESSION_TEST_DATABASE_PASSWORD", "postgres"), "external");
        }
        if (dockerAvailable()) {
            PostgreSQLContainer container = new PostgreSQLContainer("postgres:17");
            container.start();
            return new Connection(container.getJdbcUrl(), container.getUsername(), container.getPassword(), "testcontainers");
        }
        try {
            // no shutdown hook of the library's own: it stopped the database beside Spring's (see below)
            EmbeddedPostgres postgres = EmbeddedPostgres.builder().setRegisterShutdownHook(false).start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                awaitSpringShutdown();
                try {
                    postgres.close();
                } catch (IOException ignored) {
                    // the JVM is going away
                }
            }));
            return new Connection(postgres.getJdbcUrl("postgres", "postgres"), "postgres", "postgres", "embedded");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start an embedded PostgreSQL", e);
        }
    }

    /**
     * The JVM runs its shutdown hooks at once; Spring closes the cached test contexts in its own. Stopping
     * the database first left the last contexts' connection pools waiting 5 s each on a server that had
     * gone, until surefire killed the fork. So the database waits for Spring's hook (a minute at most).
     */
    private static void awaitSpringShutdown() {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        long lookUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(1); // hooks are started one after another
        try {
            while (System.nanoTime() < lookUntil) {
                List<Thread> spring = Thread.getAllStackTraces().keySet().stream()
                        .filter(thread -> thread.getName().equals("SpringApplicationShutdownHook")).toList();
                if (!spring.isEmpty()) {
                    for (Thread thread : spring) {
                        thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
                    }
                    return;
                }
                Thread.sleep(20);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean dockerAvailable() {
        if ("false".equalsIgnoreCase(System.getenv("PSSESSION_TEST_DOCKER"))) {
            return false;
        }
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    private static String envOr(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
