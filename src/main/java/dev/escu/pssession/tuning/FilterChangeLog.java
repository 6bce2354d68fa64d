package dev.escu.pssession.tuning;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import tools.jackson.databind.json.JsonMapper;

/** Records every change to a tuning rule, with who made it, in the database and the log. */
@Component
class FilterChangeLog {

    private static final Logger log = LoggerFactory.getLogger(FilterChangeLog.class);

    private final JdbcClient jdbc;
    private final JsonMapper json;

    FilterChangeLog(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    void record(String action, FilterView filter, String actor) {
        jdbc.sql("""
                        INSERT INTO detection_filter_change (filter_id, detection_id, action, actor, snapshot)
                        VALUES (?, ?, ?, ?, ?::jsonb)""")
                .params(filter.id(), filter.detection(), action, actor, json.writeValueAsString(filter))
                .update();
        log.info("Tuning filter {} {} by {} on detection {}: conditions={} reason=\"{}\" expiresAt={}",
                filter.id(), action, actor, filter.detection(), filter.conditions(), filter.reason(), filter.expiresAt());
    }
}
