-- Results of the scan a command works on: the one given with --scan-id, or else the latest
-- recorded scan. Only scans present in `scans` count: that row is written last, so a scan that
-- died half-way or failed its accounting is invisible here.
CREATE OR REPLACE TEMP VIEW scan_results AS
SELECT r.*
FROM domain_results r
JOIN selected_scan s ON r.scan_id = s.scan_id
