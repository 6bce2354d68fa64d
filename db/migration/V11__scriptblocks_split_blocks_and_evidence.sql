-- Why a native rule kept a finding's events (the hardened rule: the command as written, the parameter
-- set that bound, the target when literal, whether the block was reassembled); NULL for searches.
ALTER TABLE finding ADD COLUMN evidence jsonb;

-- Script blocks PowerShell logged in several 4104 events (MessageNumber of MessageTotal), kept until
-- every part is in, so the hardened rule judges the whole block once, whichever instance receives the
-- last part. A block whose parts stop arriving is judged on what came after a wait.
CREATE TABLE script_block (
    script_block_id  text        PRIMARY KEY,
    message_total    integer     NOT NULL,
    first_seen       timestamptz NOT NULL,
    judged_at        timestamptz,
    complete         boolean,
    verdict          text
);
CREATE INDEX script_block_waiting ON script_block (first_seen) WHERE judged_at IS NULL;

CREATE TABLE script_block_part (
    script_block_id  text        NOT NULL,
    message_number   integer     NOT NULL,
    event_time       timestamptz NOT NULL,
    script_text      text        NOT NULL,
    -- the event's other fields, for the reassembled block's result row
    fields           jsonb       NOT NULL,
    received_at      timestamptz NOT NULL,
    PRIMARY KEY (script_block_id, message_number)
);
