-- Read-side indexes measured with 1,000,000 stored matched events (bench/README.md):
-- the findings list filters on dest and orders by last activity whether or not a detection is
-- named, so neither index may lead with detection_id; nothing reads matched events by group.
DROP INDEX finding_by_last_time;
DROP INDEX finding_by_dest;
DROP INDEX matched_event_by_group;

CREATE INDEX finding_by_last_time ON finding (last_time DESC, id DESC);
CREATE INDEX finding_by_dest ON finding (lower(dest), last_time DESC, id DESC);

-- drilldown 2 reads only these columns of a host's recent risk events: an index-only scan
DROP INDEX risk_event_by_object_time;
CREATE INDEX risk_event_by_object_time ON risk_event (normalized_risk_object, event_time)
    INCLUDE (detection_id, risk_message);
