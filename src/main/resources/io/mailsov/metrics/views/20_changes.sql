-- Per domain, its provider and category in each recorded scan next to the previous recorded
-- scan that saw it; only rows where either changed.
CREATE OR REPLACE TEMP VIEW changes AS
WITH ordered AS (
  SELECT r.scan_id, s.finished_at, r.domain, r.organization, r.sector, r.provider, r.category,
         lag(r.scan_id) OVER (PARTITION BY r.domain ORDER BY s.finished_at, r.scan_id)
           AS previous_scan_id,
         lag(r.provider) OVER (PARTITION BY r.domain ORDER BY s.finished_at, r.scan_id)
           AS previous_provider,
         lag(r.category) OVER (PARTITION BY r.domain ORDER BY s.finished_at, r.scan_id)
           AS previous_category
  FROM domain_results r JOIN scans s ON r.scan_id = s.scan_id
)
SELECT previous_scan_id AS from_scan_id, scan_id AS to_scan_id, domain, organization, sector,
       previous_provider AS from_provider, provider AS to_provider,
       previous_category AS from_category, category AS to_category
FROM ordered
WHERE previous_scan_id IS NOT NULL
  AND (NOT (previous_provider <=> provider) OR NOT (previous_category <=> category))
