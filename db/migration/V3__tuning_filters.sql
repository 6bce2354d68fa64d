-- The `_filter` macro as data: rules that drop result rows, with who made them and why.
CREATE TABLE detection_filter (
    id            uuid        PRIMARY KEY,
    detection_id  text        NOT NULL,
    reason        text        NOT NULL,
    created_by    text        NOT NULL,
    created_at    timestamptz NOT NULL,
    updated_by    text        NOT NULL,
    updated_at    timestamptz NOT NULL,
    expires_at    timestamptz,
    version       bigint      NOT NULL DEFAULT 0
);

CREATE INDEX detection_filter_by_detection ON detection_filter (detection_id);

-- A rule's conditions: every one must hold (field = Splunk-style wildcard pattern).
CREATE TABLE detection_filter_condition (
    filter_id  uuid NOT NULL REFERENCES detection_filter (id) ON DELETE CASCADE,
    field      text NOT NULL,
    pattern    text NOT NULL,
    PRIMARY KEY (filter_id, field)
);

-- Every change to a filter, with who made it: tuning out a detection is itself worth auditing.
CREATE TABLE detection_filter_change (
    id            bigserial   PRIMARY KEY,
    filter_id     uuid        NOT NULL,
    detection_id  text        NOT NULL,
    action        text        NOT NULL,
    actor         text        NOT NULL,
    changed_at    timestamptz NOT NULL DEFAULT now(),
    snapshot      jsonb       NOT NULL
);

CREATE INDEX detection_filter_change_by_filter ON detection_filter_change (filter_id, changed_at);
