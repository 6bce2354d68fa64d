-- What a detection's risk events say besides their own values (search name, analytic stories,
-- annotations, score, object type) is the same for every risk event of that detection version, yet
-- it was stored in every row: about 550 of a risk event's 808 bytes under the all-match flood, and
-- about 40 % of the WAL its insert wrote (bench/README.md). It moves to one row per detection
-- version; risk events point at it. Risk events keep what they were raised with, also when the
-- detection's definition later changes: a changed definition is a new template row.
CREATE TABLE risk_template (
    id                integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    detection_id      text    NOT NULL,
    search_name       text    NOT NULL,
    risk_object_type  text    NOT NULL,
    risk_score        integer NOT NULL,
    analyticstories   text[]  NOT NULL,
    annotations       jsonb   NOT NULL
);
-- No unique constraint: two transactions raising the first risk events of a new definition at the
-- same time may each add its template, and rows of the same content are harmless; a unique
-- constraint would make every such transaction wait for the other (and annotations can be longer
-- than a B-tree entry).
CREATE INDEX risk_template_by_detection ON risk_template (detection_id);

-- Existing risk events: one template per distinct content.
INSERT INTO risk_template (detection_id, search_name, risk_object_type, risk_score, analyticstories, annotations)
SELECT detection_id, search_name, risk_object_type, risk_score, analyticstories, annotations
FROM (SELECT DISTINCT detection_id, search_name, risk_object_type, risk_score, analyticstories, annotations
      FROM risk_event) AS contents;

ALTER TABLE risk_event ADD COLUMN template_id integer;
UPDATE risk_event r SET template_id = t.id
FROM risk_template t
WHERE t.detection_id = r.detection_id AND t.search_name = r.search_name AND t.risk_object_type = r.risk_object_type
  AND t.risk_score = r.risk_score AND t.analyticstories = r.analyticstories AND t.annotations = r.annotations;
ALTER TABLE risk_event ALTER COLUMN template_id SET NOT NULL;
ALTER TABLE risk_event
    DROP COLUMN search_name,
    DROP COLUMN risk_object_type,
    DROP COLUMN risk_score,
    DROP COLUMN analyticstories,
    DROP COLUMN annotations;
