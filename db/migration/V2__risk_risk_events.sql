-- Risk events, named as in the Splunk Risk data model: one per finding and detection window.
CREATE TABLE risk_event (
    id                      bigserial   PRIMARY KEY,
    -- the writing transaction: the feed only hands out rows of transactions that can no longer
    -- be running, so rows that commit out of id order are never skipped
    tx_id                   xid8        NOT NULL DEFAULT pg_current_xact_id(),
    detection_id            text        NOT NULL,
    finding_id              bigint      NOT NULL REFERENCES finding (id),
    window_start            timestamptz NOT NULL,
    event_time              timestamptz NOT NULL,
    risk_object             text        NOT NULL,
    risk_object_type        text        NOT NULL,
    normalized_risk_object  text        NOT NULL,
    risk_score              integer     NOT NULL,
    risk_message            text        NOT NULL,
    search_name             text        NOT NULL,
    analyticstories         text[]      NOT NULL,
    annotations             jsonb       NOT NULL,
    created_at              timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT risk_event_per_window UNIQUE (finding_id, window_start)
);

CREATE INDEX risk_event_feed_order ON risk_event (tx_id, id);
CREATE INDEX risk_event_by_object_time ON risk_event (normalized_risk_object, event_time);
