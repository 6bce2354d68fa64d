package dev.escu.pssession.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.util.FileSystemUtils;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * An embedded PostgreSQL of one test class that the test stops and starts again under a running
 * service: same port, same data folder, so the service's pool finds it back. {@link #close()} stops it
 * and deletes its folder.
 */
public final class StoppablePostgres implements AutoCloseable {

    private final Path data;
    private final int port;
    private EmbeddedPostgres server;

    /** Starts a server in a new temporary folder named from {@code prefix}, on a free port. */
    public StoppablePostgres(String prefix) {
        try {
            data = Files.createTempDirectory(prefix);
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        start();
    }

    /** Points the service's datasource at this server. */
    public void register(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> server.getJdbcUrl("postgres", "postgres"));
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("spring.datasource.password", () -> "postgres");
    }

    public void start() {
        try {
            server = EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false).setPort(port).start();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public void stop() {
        try {
            server.close();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public Connection connection() throws SQLException {
        return server.getPostgresDatabase().getConnection();
    }

    @Override
    public void close() {
        stop();
        FileSystemUtils.deleteRecursively(data.toFile());
    }
}
