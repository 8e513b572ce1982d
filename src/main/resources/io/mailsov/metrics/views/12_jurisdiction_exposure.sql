-- Per sector, the share of domains with mail (category not 'none') whose operator is under US
-- jurisdiction; 'unknown' domains stay in the denominator, so the share is a lower bound.
CREATE OR REPLACE TEMP VIEW jurisdiction_exposure AS
WITH r AS (
  SELECT coalesce(sector, '(none)') AS sector, us_jurisdiction, category FROM scan_results
  WHERE category <> 'none'
),
per AS (
  SELECT sector, count(*) AS domains_with_mail,
         count_if(us_jurisdiction) AS us_domains
  FROM r GROUP BY sector
  UNION ALL
  SELECT '(all)', count(*), count_if(us_jurisdiction) FROM r
)
SELECT sector, domains_with_mail, us_domains,
       round(100.0 * us_domains / domains_with_mail, 1) AS us_share_pct
FROM per
