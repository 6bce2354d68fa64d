-- Aggregated findings: one row per detection and result group (the 13-tuple of `stats ... BY`).
-- The group is identified by a SHA-256 of its length-prefixed values: a script block can be far
-- longer than a B-tree entry, so the values themselves cannot carry the unique index.
CREATE TABLE finding (
    id            bigserial   PRIMARY KEY,
    detection_id  text        NOT NULL,
    group_hash    bytea       NOT NULL,
    group_values  text[]      NOT NULL,
    dest          text        NOT NULL,
    count         bigint      NOT NULL CHECK (count > 0),
    first_time    timestamptz NOT NULL,
    last_time     timestamptz NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT finding_group_key UNIQUE (detection_id, group_hash)
);

-- findings list: newest activity first, optionally for one dest (case-insensitive)
CREATE INDEX finding_by_last_time ON finding (detection_id, last_time DESC, id DESC);
CREATE INDEX finding_by_dest ON finding (detection_id, lower(dest), last_time DESC);

-- Every matched event, once: the identity is Computer + Channel + EventRecordID when the event has
-- them, otherwise a hash of its content. The group-by values live in the finding (group_hash).
CREATE TABLE matched_event (
    id            bigserial   PRIMARY KEY,
    detection_id  text        NOT NULL,
    event_key     bytea       NOT NULL,
    group_hash    bytea       NOT NULL,
    dest          text        NOT NULL,
    event_time    timestamptz NOT NULL,
    fields        jsonb       NOT NULL,
    received_at   timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT matched_event_identity UNIQUE (detection_id, event_key)
);

-- drilldown 1: the events of one dest (case-insensitive) in a time range
CREATE INDEX matched_event_by_dest_time ON matched_event (detection_id, lower(dest), event_time);
-- the events behind one finding
CREATE INDEX matched_event_by_group ON matched_event (detection_id, group_hash, event_time);
