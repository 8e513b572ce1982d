-- Results of the most recently finished recorded scan.
CREATE OR REPLACE TEMP VIEW latest_results AS
SELECT r.*
FROM domain_results r
JOIN (SELECT scan_id FROM scans ORDER BY finished_at DESC, scan_id DESC LIMIT 1) l
  ON r.scan_id = l.scan_id
