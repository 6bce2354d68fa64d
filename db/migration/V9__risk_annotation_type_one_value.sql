-- DETECTION.md writes a risk event's annotation `type` as one value ("type": "TTP"); templates
-- written before stored it as a one-element list (["TTP"]). Rewritten to the one value, so risk
-- events already stored read as new ones do, and new risk events find these templates again
-- (the template is looked up by its content).
UPDATE risk_template
SET annotations = jsonb_set(annotations, '{type}', annotations -> 'type' -> 0)
WHERE jsonb_typeof(annotations -> 'type') = 'array' AND jsonb_array_length(annotations -> 'type') = 1;
