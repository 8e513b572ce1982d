-- Market concentration per sector among domains with an identified operator: the
-- Herfindahl-Hirschman index (sum of squared percentage shares, 0-10000; above 2500 is "highly
-- concentrated" in competition practice) and the share of the three largest operators.
-- Self-hosting organisations each run their own servers, so every self-hosted domain counts as
-- an operator of its own ('self:' and the domain), not as one large operator called 'self'.
-- Operators tied at the third place have equal shares, so which of them is counted does not
-- change top3_share_pct.
CREATE OR REPLACE TEMP VIEW concentration AS
WITH identified AS (
  SELECT coalesce(nullif(trim(sector), ''), '(none)') AS sector,
         CASE WHEN provider = 'self' THEN 'self:' || domain ELSE provider END AS provider
  FROM scan_results
  WHERE provider IS NOT NULL
),
r AS (
  SELECT sector, provider FROM identified
  UNION ALL
  SELECT '(all)', provider FROM identified
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
       CAST(round(sum(pct * pct), 0) AS BIGINT) AS hhi,
       round(sum(CASE WHEN rank <= 3 THEN pct ELSE 0 END), 1) AS top3_share_pct
FROM shares
GROUP BY sector
