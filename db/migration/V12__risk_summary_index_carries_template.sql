-- Drilldown 2 groups a host's recent risk events by the template each was raised with (its search
-- name, stories and annotations as recorded), no longer by detection id: the covering index carries
-- the template's number instead, so the summary stays an index-only scan (and the index narrower).
DROP INDEX risk_event_by_object_time;
CREATE INDEX risk_event_by_object_time ON risk_event (normalized_risk_object, event_time)
    INCLUDE (template_id, risk_message);
