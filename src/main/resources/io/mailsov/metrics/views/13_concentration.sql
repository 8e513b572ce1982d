-- Market concentration per sector among domains with an identified operator: the
-- Herfindahl-Hirschman index (sum of squared percentage shares, 0-10000; above 2500 is "highly
-- concentrated" in competition practice) and the share of the three largest operators.
CREATE OR REPLACE TEMP VIEW concentration AS
WITH r AS (
  SELECT coalesce(sector, '(none)') AS sector, provider FROM scan_results
  WHERE provider IS NOT NULL
  UNION ALL
  SELECT '(all)', provider FROM scan_results WHERE provider IS NOT NULL
),
counts AS (
  SELECT sector, provider, count(*) AS domains FROM r GROUP BY sector, provider
),
shares AS (
  SELECT sector, provider, domains,
         100.0 * domains / sum(domains) OVER (PARTITION BY sector) AS pct,
         row_number() OVER (PARTITION BY sector ORDER BY domains DESC, provider) AS rank
  FROM counts
)
SELECT sector,
       sum(domains) AS domains,
       count(*) AS providers,
       round(sum(pct * pct), 0) AS hhi,
       round(sum(CASE WHEN rank <= 3 THEN pct ELSE 0 END), 1) AS top3_share_pct
FROM shares
GROUP BY sector
