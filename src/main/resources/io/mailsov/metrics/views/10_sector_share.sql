-- The broadcaster's table: per sector, how many domains fall in each category and their share
-- of the sector. One row per (sector, category) present, plus the '(all)' rows for the whole
-- scan (the total row). Rows without a sector (missing, empty or blank) are grouped under
-- '(none)'.
CREATE OR REPLACE TEMP VIEW sector_share AS
WITH r AS (
  SELECT coalesce(nullif(trim(sector), ''), '(none)') AS sector, category FROM scan_results
),
counted AS (
  SELECT sector, category, count(*) AS domains FROM r GROUP BY sector, category
  UNION ALL
  SELECT '(all)' AS sector, category, count(*) AS domains FROM r GROUP BY category
),
totals AS (
  SELECT sector, sum(domains) AS sector_domains FROM counted GROUP BY sector
)
SELECT c.sector,
       c.category,
       c.domains,
       t.sector_domains,
       round(100.0 * c.domains / t.sector_domains, 1) AS share_pct
FROM counted c
JOIN totals t ON c.sector = t.sector
