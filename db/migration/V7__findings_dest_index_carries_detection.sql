-- Drilldown 1 over all time reads a dest's findings (they hold exactly the all-time aggregates) and
-- counts them: with the detection in the index, the count is an index-only scan (bench/README.md).
DROP INDEX finding_by_dest;
CREATE INDEX finding_by_dest ON finding (lower(dest), last_time DESC, id DESC) INCLUDE (detection_id);
