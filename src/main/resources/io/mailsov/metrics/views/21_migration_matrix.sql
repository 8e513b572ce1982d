-- How domains moved between categories from each recorded scan to the next one that saw them:
-- one row per (from scan, to scan, from category, to category) with the number of domains,
-- unchanged domains included, so each pair of scans sums to the domains both saw.
CREATE OR REPLACE TEMP VIEW migration_matrix AS
WITH ordered AS (
  SELECT r.scan_id, r.domain, r.category,
         lag(r.scan_id) OVER (PARTITION BY r.domain ORDER BY s.finished_at, r.scan_id)
           AS previous_scan_id,
         lag(r.category) OVER (PARTITION BY r.domain ORDER BY s.finished_at, r.scan_id)
           AS previous_category
  FROM domain_results r JOIN scans s ON r.scan_id = s.scan_id
)
SELECT previous_scan_id AS from_scan_id, scan_id AS to_scan_id,
       previous_category AS from_category, category AS to_category,
       count(*) AS domains
FROM ordered
WHERE previous_scan_id IS NOT NULL
GROUP BY previous_scan_id, scan_id, previous_category, category
