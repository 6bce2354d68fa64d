-- Detections become data (ESCU files, custom detections): each has its own BY list, its own risk
-- objects and its own drilldowns.

-- The output columns of a detection version's result rows (its BY fields as finally named). A
-- finding is one group of one such list: the same values under another list are another group, so a
-- detection version that changes its BY list never merges its rows with the old ones.
CREATE TABLE result_columns (
    id            integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    detection_id  text    NOT NULL,
    fields        text[]  NOT NULL,
    CONSTRAINT result_columns_per_detection UNIQUE (detection_id, fields)
);

-- Rows stored so far: the seed detection's thirteen fields; any other detection (there were none but
-- test definitions) gets positional names of the right count.
INSERT INTO result_columns (detection_id, fields)
SELECT DISTINCT detection_id,
       CASE WHEN detection_id = 'a4e8f3a4-48b2-11ec-bcfc-3e22fbd008af' AND cardinality(group_values) = 13
            THEN ARRAY['dest', 'signature', 'signature_id', 'user_id', 'vendor_product', 'EventID', 'Guid', 'Opcode',
                       'Name', 'Path', 'ProcessID', 'ScriptBlockId', 'ScriptBlockText']
            ELSE ARRAY(SELECT 'field' || i FROM generate_series(1, cardinality(group_values)) AS i) END
FROM finding;

ALTER TABLE finding ADD COLUMN columns_id integer;
UPDATE finding f SET columns_id = c.id
FROM result_columns c
WHERE c.detection_id = f.detection_id AND cardinality(c.fields) = cardinality(f.group_values);
ALTER TABLE finding ALTER COLUMN columns_id SET NOT NULL;

-- A group is its columns and its values' hash; the detection is implied by the columns.
ALTER TABLE finding DROP CONSTRAINT finding_group_key;
ALTER TABLE finding ADD CONSTRAINT finding_group_key UNIQUE (columns_id, group_hash);

ALTER TABLE matched_event ADD COLUMN columns_id integer;
UPDATE matched_event m SET columns_id = f.columns_id
FROM finding f
WHERE f.detection_id = m.detection_id AND f.group_hash = m.group_hash;
ALTER TABLE matched_event ALTER COLUMN columns_id SET NOT NULL;

-- dest is a column only of detections that group by it
ALTER TABLE finding ALTER COLUMN dest DROP NOT NULL;
ALTER TABLE matched_event ALTER COLUMN dest DROP NOT NULL;

-- One risk event per risk object of a result (ESCU's rba: dest as system, user as user, ...), each
-- with its own type and score (kept in its template), and the result's threat objects.
ALTER TABLE risk_event ADD COLUMN risk_object_field text NOT NULL DEFAULT 'dest';
ALTER TABLE risk_event ALTER COLUMN risk_object_field DROP DEFAULT;
-- threat objects as Splunk's risk events carry them: [{"threat_object": ..., "threat_object_type": ...}], or NULL
ALTER TABLE risk_event ADD COLUMN threat_objects jsonb;
ALTER TABLE risk_event DROP CONSTRAINT risk_event_pkey;
ALTER TABLE risk_event ADD CONSTRAINT risk_event_pkey PRIMARY KEY (finding_id, window_start, risk_object_field);

-- Detections posted over the API (ESCU YAML documents), kept so that every replica runs them and
-- they survive restarts. A retired detection stays, so its findings keep their meaning. Every change
-- takes a new number from the sequence: replicas poll the highest number to see that one happened.
CREATE SEQUENCE custom_detection_change;
CREATE TABLE custom_detection (
    id          text        PRIMARY KEY,
    version     integer     NOT NULL,
    document    text        NOT NULL,
    created_by  text        NOT NULL,
    created_at  timestamptz NOT NULL,
    retired_by  text,
    retired_at  timestamptz,
    change      bigint      NOT NULL DEFAULT nextval('custom_detection_change')
);
-- ids compare ignoring case, as the catalogue compares them
CREATE UNIQUE INDEX custom_detection_by_id ON custom_detection (lower(id));
