-- Per sector, the share of domains with mail (category not 'none') whose operator is under US
-- jurisdiction; 'unknown' domains stay in the denominator, so the share is a lower bound.
-- By signal strength: the US domains split by the verdict's confidence, strong (80-100: the MX
-- or agreeing signals name the operator), medium (50-79) and weak (below 50: found behind a
-- front by few signals); us_strong_share_pct counts the strong ones only, a firmer lower bound.
CREATE OR REPLACE TEMP VIEW jurisdiction_exposure AS
WITH r AS (
  SELECT coalesce(nullif(trim(sector), ''), '(none)') AS sector, us_jurisdiction, confidence
  FROM scan_results
  WHERE category <> 'none'
),
per AS (
  SELECT sector, count(*) AS domains_with_mail,
         count_if(us_jurisdiction) AS us_domains,
         count_if(us_jurisdiction AND confidence >= 80) AS us_strong,
         count_if(us_jurisdiction AND confidence >= 50 AND confidence < 80) AS us_medium,
         count_if(us_jurisdiction AND confidence < 50) AS us_weak
  FROM r GROUP BY sector
  UNION ALL
  SELECT '(all)', count(*), count_if(us_jurisdiction),
         count_if(us_jurisdiction AND confidence >= 80),
         count_if(us_jurisdiction AND confidence >= 50 AND confidence < 80),
         count_if(us_jurisdiction AND confidence < 50)
  FROM r
)
SELECT sector, domains_with_mail, us_domains,
       round(100.0 * us_domains / domains_with_mail, 1) AS us_share_pct,
       us_strong, us_medium, us_weak,
       round(100.0 * us_strong / domains_with_mail, 1) AS us_strong_share_pct
FROM per
WHERE domains_with_mail > 0
