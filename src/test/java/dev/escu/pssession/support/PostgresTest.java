package dev.escu.pssession.support;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.escu.pssession.catalog.DetectionCatalog;

/**
 * Base of every test that needs the database: points Spring at the suite's PostgreSQL, empties the
 * tables before each test, and gives the application a clock the test can move.
 */
@Import(PostgresTest.TestClockConfiguration.class)
public abstract class PostgresTest {

    @Autowired
    protected JdbcTemplate jdbc;

    @Autowired
    protected MutableClock clock;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabase.Connection db = TestDatabase.get();
        registry.add("spring.datasource.url", db::url);
        registry.add("spring.datasource.username", db::username);
        registry.add("spring.datasource.password", db::password);
        TestKeys.register(registry);
    }

    @Autowired
    private DetectionCatalog catalog;

    @BeforeEach
    void emptyTables() {
        jdbc.execute(TestDatabase.EMPTY_TABLES);
        catalog.reload(); // detections posted by an earlier test are gone with their table
        clock.reset();
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @TestConfiguration(proxyBeanMethods = false)
    public static class TestClockConfiguration {
        @Bean
        @Primary
        MutableClock testClock() {
            return new MutableClock();
        }
    }
}
