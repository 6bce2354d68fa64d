package dev.escu.pssession.support;

import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Base of end-to-end tests: the whole service on a random port, its real PostgreSQL, and
 * {@link #api}, a real HTTP client authenticated as the test admin.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class ServiceTest extends PostgresTest {

    @LocalServerPort
    protected int port;

    protected HttpApi api;

    @BeforeEach
    void client() {
        api = new HttpApi(port);
    }
}
