-- Every matched event and risk event is written once and found by its natural key; a surrogate
-- primary key on top only cost one more index entry per row on the ingest path (measured with the
-- all-match flood, bench/README.md). The natural keys become the primary keys.
ALTER TABLE matched_event DROP CONSTRAINT matched_event_pkey;
ALTER TABLE matched_event DROP COLUMN id;
ALTER TABLE matched_event DROP CONSTRAINT matched_event_identity;
ALTER TABLE matched_event ADD CONSTRAINT matched_event_pkey PRIMARY KEY (detection_id, event_key);

-- risk_event keeps its id: with tx_id it orders the feed (index risk_event_feed_order)
ALTER TABLE risk_event DROP CONSTRAINT risk_event_pkey;
ALTER TABLE risk_event DROP CONSTRAINT risk_event_per_window;
ALTER TABLE risk_event ADD CONSTRAINT risk_event_pkey PRIMARY KEY (finding_id, window_start);
